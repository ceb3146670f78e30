"""The residual scan behind `no_residual_pii`: it finds an identifier left in redacted text, and only then."""

import pyarrow.parquet as pq

from provenance.pii.residual import residual_scan, sample_doc_ids
from provenance.pii.stage import redact_dump

KEY = b"test-key-for-pii-hmac-0123456789abcdef"
TEXTS = [
    ("Mme Sophie Lefèvre, IBAN FR76 3000 6000 0112 3456 7890 189, tél. 06 12 34 56 78.", "fr"),
    ("Contact: jane.obrien@example.co.uk, 020 7946 0958, server 203.0.113.7.", "en"),
    ("Rien de personnel ici : le conseil de Bretagne a voté le budget.", "fr"),
]


def test_clean_redacted_output_has_no_finding(tmp_path, write_docs, policy, redactor, detector):
    source = tmp_path / "documents.parquet"
    write_docs(source, TEXTS)
    out = tmp_path / "out"
    out.mkdir()
    redact_dump(source, out, policy=policy, key=KEY, redactor=redactor)
    assert residual_scan(out, policy=policy, detector=detector) == []


def test_an_identifier_left_in_redacted_text_is_reported_without_its_value(tmp_path, write_docs, policy, detector):
    stage = tmp_path / "stage"
    ids = write_docs(
        stage / "documents.parquet",
        [
            ("Le virement vient du compte FR76 3000 6000 0112 3456 7890 189, déjà signalé.", "fr"),
            ("[PERSON] a écrit à [EMAIL].", "fr"),
        ],
    )
    findings = residual_scan(stage, policy=policy, detector=detector)
    assert [(f.doc_id, f.entity_type) for f in findings] == [(ids[0], "IBAN_CODE")]
    text = pq.read_table(stage / "documents.parquet").column("text")[0].as_py()
    assert text[findings[0].start : findings[0].end] == "FR76 3000 6000 0112 3456 7890 189"
    assert "FR76" not in repr(findings)


def test_the_sample_is_deterministic_and_bounded(tmp_path, write_docs):
    ids = write_docs(tmp_path / "documents.parquet", [(f"document {i}", "fr") for i in range(50)])
    first = sample_doc_ids(tmp_path / "documents.parquet", 10, seed=3)
    assert first == sample_doc_ids(tmp_path / "documents.parquet", 10, seed=3)
    assert len(first) == 10 and first <= set(ids)
    assert first != sample_doc_ids(tmp_path / "documents.parquet", 10, seed=4)
    assert sample_doc_ids(tmp_path / "documents.parquet", 500) == set(ids)
