"""The redacted_documents stage over Parquet: every document kept, offsets into the original, chunks, languages, determinism."""

import dataclasses
from functools import partial
from itertools import pairwise

import pyarrow.parquet as pq
import pytest

from provenance.pii.chunking import plan_chunks
from provenance.pii.keys import value_hmac
from provenance.pii.stage import RedactInputError, redact_dump
from provenance.schema import REDACTED_DOCUMENT_SCHEMA, REDACTION_SCHEMA
from provenance.workspace import publish_stage

KEY = b"test-key-for-pii-hmac-0123456789abcdef"

COURT = (
    "COUR D'APPEL DE LYON. Arrêt du 12 mars 2021. Monsieur Pierre DURAND, né le 3 mars 1975 à Lyon, "
    "demeurant 12 rue des Lilas, 69003 Lyon, représenté par Me Jean-Paul Martin, contre la société Dubois "
    "Immobilier, SIRET 732 829 320 00074. M. Durand produit un courriel de Mme Sophie Lefèvre "
    "(sophie.lefevre@example.fr) et son relevé IBAN FR76 3000 6000 0112 3456 7890 189."
)
HANSARD = (
    "Jackie Baillie (Dumbarton) (Lab): A constituent, Mrs Jane O'Brien of 14 Acacia Avenue, Leeds LS6 2AB, "
    "called me on 020 7946 0958. Mrs O'Brien was born on 3 March 1975."
)
NOTHING = "La séance est levée à dix-huit heures. The House adjourned at six o'clock."


@pytest.fixture
def dump(tmp_path, write_docs):
    source = tmp_path / "documents" / "documents.parquet"
    ids = write_docs(source, [(COURT, "fr"), (HANSARD, None), (NOTHING, None), ("Bonjour à tous, merci.", None)])
    return source, ids


def test_every_document_comes_out_redacted_with_an_audit_row_per_span(tmp_path, dump, policy, redactor):
    source, ids = dump
    out = tmp_path / "out"
    out.mkdir()
    stats = redact_dump(source, out, policy=policy, key=KEY, redactor=redactor, source_lang="auto")
    docs = pq.read_table(out / "documents.parquet")
    rows = pq.read_table(out / "redactions.parquet")
    assert docs.schema.equals(REDACTED_DOCUMENT_SCHEMA, check_metadata=False)
    assert rows.schema.equals(REDACTION_SCHEMA, check_metadata=False)
    assert docs.column("doc_id").to_pylist() == ids  # documents in = documents out, same order
    assert stats.documents == 4 and stats.documents_redacted == 2
    texts = docs.column("text").to_pylist()
    assert "[PERSON]" in texts[0] and "[SIRET]" in texts[0] and "[IBAN]" in texts[0] and "[EMAIL]" in texts[0]
    assert "Lyon" in texts[0] and "Dubois Immobilier" in texts[0]  # places and firms stay
    assert texts[2] == NOTHING
    counts = docs.column("redaction_count").to_pylist()
    assert counts[:2] == [sum(1 for r in rows.column("doc_id").to_pylist() if r == ids[i]) for i in range(2)]
    assert counts[2:] == [0, 0]
    assert stats.entities["PERSON"] >= 5 and stats.entities["FR_SIRET"] == 1


def test_audit_offsets_point_into_the_original_text_and_hash_its_value(tmp_path, dump, policy, redactor):
    source, ids = dump
    out = tmp_path / "out"
    out.mkdir()
    redact_dump(source, out, policy=policy, key=KEY, redactor=redactor)
    originals = dict(zip(ids[:3], [COURT, HANSARD, NOTHING], strict=True))  # the fourth holds nothing to redact
    rows = pq.read_table(out / "redactions.parquet").to_pylist()
    by_type = {}
    for row in rows:
        value = originals[row["doc_id"]][row["start"] : row["end"]]
        assert row["value_hmac"] == value_hmac(KEY, value)
        by_type.setdefault(row["entity_type"], []).append(value)
    assert "732 829 320 00074" in by_type["FR_SIRET"]
    assert "14 Acacia Avenue, Leeds LS6 2AB" in by_type["STREET_ADDRESS"]
    assert "Jane O'Brien" in by_type["PERSON"] and "O'Brien" in by_type["PERSON"]


def test_language_comes_from_the_record_then_the_contract_then_detection(tmp_path, write_docs, policy, redactor):
    source = tmp_path / "documents.parquet"
    write_docs(source, [(COURT, "fr-FR"), (HANSARD, None), (NOTHING, "de")])
    out = tmp_path / "contract_en"
    out.mkdir()
    stats = redact_dump(source, out, policy=policy, key=KEY, redactor=redactor, source_lang="en")
    assert pq.read_table(out / "documents.parquet").column("lang").to_pylist() == ["fr", "en", "de"]
    assert stats.languages_detected == 1  # German is kept as declared, read with the closest analyzer
    out = tmp_path / "auto"
    out.mkdir()
    redact_dump(source, out, policy=policy, key=KEY, redactor=redactor, source_lang="auto")
    assert pq.read_table(out / "documents.parquet").column("lang").to_pylist() == ["fr", "en", "de"]


def test_same_input_and_policy_give_identical_output(tmp_path, dump, policy, redactor):
    source, _ = dump
    outputs = []
    for name in ("a", "b"):
        out = tmp_path / name
        publish_stage(out, partial(redact_dump, source, policy=policy, key=KEY, redactor=redactor))
        outputs.append([(out / f).read_bytes() for f in ("documents.parquet", "redactions.parquet", "_stats.json")])
    assert outputs[0] == outputs[1]


def test_a_name_across_a_chunk_boundary_is_found_once_with_original_offsets(policy, detector):
    from provenance.pii.detect import PiiDetector

    small = dataclasses.replace(policy, chunk_chars=1000, chunk_overlap=200)
    filler = "Le conseil de Bretagne a examiné le rapport annuel sur les transports publics. "
    name = "Jean-Baptiste Kerguelen"
    # Pad until a chunk's end falls between the two words of the name.
    for pad in range(200):
        text = filler * 11 + "Le rapporteur" + " ," * pad + f" {name}, a présenté ses conclusions. " + filler * 12
        name_at = text.index(name)
        chunks = plan_chunks(text, 1000, 200)
        if any(name_at < c.end < name_at + len(name) for c in chunks):
            break
    else:
        raise AssertionError("no layout puts a chunk boundary inside the name")
    from provenance.pii.segments import ner_segments

    assert ner_segments(text) == [(0, len(text))]  # every sentence names a place: the NER reads it all
    chunked = PiiDetector(small)
    chunked._analyzers = detector._analyzers  # the same models, with small chunks
    ner = chunked.ner_entities(chunked.analyzer("fr"), [text])[0]
    assert [(s, e) for s, e, t in ner if t == "PERSON"] == [(name_at, name_at + len(name))]


def test_chunks_cover_the_text_and_own_every_position_once():
    text = " ".join(f"mot{i}" for i in range(5000))
    chunks = plan_chunks(text, 2000, 300)
    assert chunks[0].start == 0 and chunks[-1].end == len(text)
    assert all(c.end - c.start <= 2000 for c in chunks)
    assert all(b.start < a.end for a, b in pairwise(chunks))  # they overlap
    owners = [sum(c.owns(p) for c in chunks) for p in range(0, len(text), 7)]
    assert set(owners) == {1}


def test_a_missing_or_malformed_documents_file_is_a_clear_error(tmp_path, policy, redactor):
    with pytest.raises(RedactInputError, match="does not exist"):
        redact_dump(tmp_path / "nope.parquet", tmp_path, policy=policy, key=KEY, redactor=redactor)
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"PAR1 this is not parquet")
    with pytest.raises(RedactInputError, match=r"bad.parquet: not a readable Parquet file"):
        redact_dump(bad, tmp_path, policy=policy, key=KEY, redactor=redactor)
    import pyarrow as pa

    pq.write_table(pa.table({"text": ["Jean Dupont"]}), tmp_path / "other.parquet")
    with pytest.raises(RedactInputError, match="missing column"):
        redact_dump(tmp_path / "other.parquet", tmp_path, policy=policy, key=KEY, redactor=redactor)


def test_two_worker_processes_give_the_same_output_as_one(tmp_path, dump, policy, redactor):
    source, _ = dump
    one, two = tmp_path / "one", tmp_path / "two"
    small_tasks = dataclasses.replace(policy, task_docs=1)
    publish_stage(one, partial(redact_dump, source, policy=small_tasks, key=KEY, redactor=redactor))
    stats = publish_stage(two, partial(redact_dump, source, policy=small_tasks, key=KEY, workers=2))
    assert stats.workers == 2
    for name in ("documents.parquet", "redactions.parquet", "_stats.json"):
        assert (one / name).read_bytes() == (two / name).read_bytes()
