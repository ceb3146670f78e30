"""Rights clearing: throughput against a Parquet pass-through, and licence recognition against license-expression alone.

1. Throughput. A synthetic dump of N redacted documents (URLs over many hosts, robots.txt and
   tdmrep.json captures for half of them, TDM headers, aipref and noai values, a licence mix, a
   registry of 200 entries) is cleared by ``provenance.rights.stage.clear_dump``. Baseline,
   measured in the same run on the same file: reading it with ``ParquetFile.iter_batches`` and
   writing every batch back with ``ParquetWriter`` (what any stage costs at the least).
2. Recognition. Licence statements as records and pages write them (SPDX ids, free text, CC
   URLs and badges, Licence Ouverte spellings, ports), each with the SPDX id it means. Baseline:
   ``license_expression.get_spdx_licensing()`` alone: a statement counts as recognised when it
   parses and validates to the expected id.

Usage: ``.venv/bin/python benchmarks/rights_clearing.py [--docs 20000]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from license_expression import get_spdx_licensing

from provenance.contracts import SourceContract, load_optout_registry
from provenance.fingerprint import fingerprint
from provenance.rights.policy import LicencePolicy
from provenance.rights.stage import clear_dump
from provenance.schema import REDACTED_DOCUMENT_SCHEMA, SITE_SIGNAL_SCHEMA, record_id

REPO = Path(__file__).resolve().parent.parent
UTC = dt.UTC

STATEMENTS = [
    ("CC-BY-4.0", "CC-BY-4.0"),
    ("CC-BY-SA-4.0", "CC-BY-SA-4.0"),
    ("etalab-2.0", "etalab-2.0"),
    ("CC0-1.0", "CC0-1.0"),
    ("cc-by-sa-3.0", "CC-BY-SA-3.0"),
    ("CC-BY-NC-ND-4.0", "CC-BY-NC-ND-4.0"),
    ("GFDL-1.3-or-later", "GFDL-1.3-or-later"),
    ("CC BY 4.0", "CC-BY-4.0"),
    ("CC BY-SA 4.0", "CC-BY-SA-4.0"),
    ("CC-BY 4.0", "CC-BY-4.0"),
    ("cc by-nc 4.0", "CC-BY-NC-4.0"),
    ("CC BY-NC-SA 2.0 FR", "CC-BY-NC-SA-2.0-FR"),
    ("CC BY 3.0 FR", "LicenseRef-CC-BY-3.0-FR"),
    ("Creative Commons Attribution 4.0 International", "CC-BY-4.0"),
    ("Creative Commons Attribution-ShareAlike 4.0 International License", "CC-BY-SA-4.0"),
    ("Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International", "CC-BY-NC-ND-4.0"),
    ("Creative Commons Attribution - Partage dans les Mêmes Conditions 4.0 International", "CC-BY-SA-4.0"),
    ("Creative Commons Paternité 2.0 France", "LicenseRef-CC-BY-2.0-FR"),
    (
        "Text is available under the Creative Commons Attribution-ShareAlike License 4.0; additional terms may apply.",
        "CC-BY-SA-4.0",
    ),
    (
        "Le texte est disponible sous licence Creative Commons attribution, partage dans les mêmes conditions 4.0",
        "CC-BY-SA-4.0",
    ),
    ("https://creativecommons.org/licenses/by/4.0/", "CC-BY-4.0"),
    ("http://creativecommons.org/licenses/by-sa/3.0/", "CC-BY-SA-3.0"),
    ("https://creativecommons.org/licenses/by-sa/4.0/deed.fr", "CC-BY-SA-4.0"),
    ("https://creativecommons.org/licenses/by/3.0/fr/legalcode", "LicenseRef-CC-BY-3.0-FR"),
    ("https://creativecommons.org/licenses/by-nc-sa/2.0/fr/", "CC-BY-NC-SA-2.0-FR"),
    ("https://creativecommons.org/publicdomain/zero/1.0/", "CC0-1.0"),
    ("//creativecommons.org/licenses/by/4.0", "CC-BY-4.0"),
    ("https://i.creativecommons.org/l/by-sa/4.0/88x31.png", "CC-BY-SA-4.0"),
    ("https://licensebuttons.net/l/by-nc-nd/3.0/88x31.png", "CC-BY-NC-ND-3.0"),
    ("Licence Ouverte v2.0", "etalab-2.0"),
    ("licence ouverte 2.0 (etalab)", "etalab-2.0"),
    ("Licence Ouverte 2.0", "etalab-2.0"),
    ("Licence Ouverte / Open Licence version 2.0", "etalab-2.0"),
    ("LO 2.0", "etalab-2.0"),
    ("https://www.etalab.gouv.fr/licence-ouverte-open-licence/", "etalab-2.0"),
    ("Licence Ouverte / Open Licence", "LicenseRef-Licence-Ouverte-1.0"),
    ("LO 1.0", "LicenseRef-Licence-Ouverte-1.0"),
    ("Tous droits réservés", "LicenseRef-All-Rights-Reserved"),
    ("All rights reserved.", "LicenseRef-All-Rights-Reserved"),
    ("CC-BY-NC-4.0 OR CC-BY-SA-4.0", "CC-BY-SA-4.0"),
    ("CC-BY-SA-4.0 AND GFDL-1.3-or-later", "CC-BY-SA-4.0 AND GFDL-1.3-or-later"),
    ("CC BY 4.0 OR Licence Ouverte 2.0", "CC-BY-4.0"),
    ("Open Government Licence v3.0", "OGL-UK-3.0"),
    ("public domain", "LicenseRef-Public-Domain"),
]


def baseline_recognise(statement: str) -> str | None:
    licensing = get_spdx_licensing()
    try:
        info = licensing.validate(statement)
    except Exception:
        return None
    return info.normalized_expression if not info.errors and not info.invalid_symbols else None


def recognition() -> None:
    policy = LicencePolicy.load(REPO / "data_contracts")
    ours = sum(policy.resolve(s).spdx == expected for s, expected in STATEMENTS)
    # The baseline has no notion of "the branch used": an OR counts when it returns the whole expression.
    base = 0
    for statement, expected in STATEMENTS:
        got = baseline_recognise(statement)
        base += got is not None and (got == expected or (" OR " in statement and got == statement))
    n = len(STATEMENTS)
    print(
        f"licence recognition on {n} statements: policy.resolve {ours}/{n} ({ours / n:.0%}), "
        f"license-expression alone {base}/{n} ({base / n:.0%}); ratio {ours / max(base, 1):.2f}x"
    )
    for statement, expected in STATEMENTS:
        got = policy.resolve(statement).spdx
        if got != expected:
            print(f"  missed: {statement!r} -> {got!r}, expected {expected!r}")


def make_dump(folder: Path, docs: int, seed: int = 7) -> tuple[Path, Path, SourceContract, Path]:
    rng = random.Random(seed)
    redacted, documents, contracts = folder / "redacted", folder / "documents", folder / "contracts"
    for path in (redacted, documents, contracts / "optouts"):
        path.mkdir(parents=True)
    hosts = [f"site{i}.example.{rng.choice(['fr', 'org', 'net'])}" for i in range(400)]
    when = dt.datetime(2024, 3, 1, tzinfo=UTC)
    licences = [None] * 6 + [
        "CC-BY-SA-4.0",
        "CC BY-NC 4.0",
        "Licence Ouverte v2.0",
        "CC-BY-NC-4.0 OR CC0-1.0",
        "Tous droits réservés",
    ]
    text = (
        "Le conseil municipal a adopté, mardi soir, le budget primitif. L'adjointe aux finances a rappelé que "
        "l'endettement de la ville reste maîtrisé. "
    ) * 8
    columns = {name: [] for name in REDACTED_DOCUMENT_SCHEMA.names}
    for i in range(docs):
        host = rng.choice(hosts)
        locator = f"landing/bench/crawl.warc.gz#<urn:uuid:{i:012d}>"
        body = f"{text} ({i})"
        row = dict.fromkeys(REDACTED_DOCUMENT_SCHEMA.names)
        row.update(
            doc_id=record_id("bench", locator),
            source_id="bench",
            dump_id="bench.crawl",
            locator=locator,
            url=f"https://{host}/{rng.choice(['articles', 'dossiers', 'blog', 'private'])}/{i}.html",
            title=f"Article {i}",
            author=rng.choice(["Claire Martin", "Paul Durand", None]),
            retrieved_at=when + dt.timedelta(days=rng.randint(-400, 200)),
            lang="fr",
            text=body,
            content_fingerprint=fingerprint(body),
            redaction_count=0,
            licence=rng.choice(licences),
            tdm_reservation=rng.choice([None] * 20 + ["1", "0"]),
            content_usage=rng.choice([None] * 20 + ["train-ai=n", 'train-ai="n"']),
            x_robots_tag=rng.choice([None] * 20 + ["noai", "noindex"]),
            licence_hints=rng.choice([None] * 10 + [["https://creativecommons.org/licenses/by/4.0/"]]),
        )
        for name, values in columns.items():
            values.append(row[name])
    pq.write_table(pa.Table.from_pydict(columns, schema=REDACTED_DOCUMENT_SCHEMA), redacted / "documents.parquet")
    signals = []
    for i, host in enumerate(hosts[::2]):
        robots = "User-agent: GPTBot\nDisallow: /private/\n\nUser-agent: *\nAllow: /\n"
        tdm = json.dumps(
            [{"location": "/dossiers/*.html$", "tdm-reservation": 1}, {"location": "/", "tdm-reservation": 0}]
        )
        for kind, path, body in (
            ("robots.txt", "/robots.txt", robots),
            ("tdmrep.json", "/.well-known/tdmrep.json", tdm),
        ):
            signals.append(
                dict(
                    source_id="bench",
                    dump_id="bench.crawl",
                    locator=f"landing/bench/crawl.warc.gz@{i}{kind}",
                    kind=kind,
                    url=f"https://{host}{path}",
                    host=host,
                    retrieved_at=when - dt.timedelta(days=500),
                    http_status=200,
                    body=body,
                    body_sha256=hashlib.sha256(body.encode()).hexdigest(),
                )
            )
    pq.write_table(pa.Table.from_pylist(signals, schema=SITE_SIGNAL_SCHEMA), documents / "site_signals.parquet")
    rows = ["id,scope,value,effective_from,reference"]
    rows += [f"OPT-{i},domain,{hosts[i * 2 + 1]},2024-01-01,lettre {i}" for i in range(100)]
    rows += [f"OPT-P{i},url_prefix,https://{hosts[i]}/blog/,2023-01-01,ticket {i}" for i in range(100)]
    (contracts / "optouts" / "registry.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    source = SourceContract(
        id="bench",
        title="Benchmark crawl",
        rights_holder="Éditions du Banc",
        licence="CC-BY-4.0",
        attribution="Benchmark crawl, CC BY 4.0",
        provenance_url="https://bench.example/",
        format="warc",
        dumps=("landing/bench/*.warc.gz",),
        language="fr",
        max_quarantine_rate=0.5,
    )
    return redacted, documents, source, contracts


def throughput(docs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        redacted, documents, source, contracts = make_dump(tmp, docs)
        policy, registry = LicencePolicy.load(REPO / "data_contracts"), load_optout_registry(contracts)

        started = time.perf_counter()
        parquet = pq.ParquetFile(redacted / "documents.parquet")
        with pq.ParquetWriter(tmp / "copy.parquet", REDACTED_DOCUMENT_SCHEMA, compression="zstd") as writer:
            for batch in parquet.iter_batches(batch_size=500):
                writer.write_batch(batch)
        baseline = time.perf_counter() - started

        out = tmp / "cleared"
        out.mkdir()
        started = time.perf_counter()
        stats = clear_dump(
            redacted, documents, out, source=source, policy=policy, registry=registry, contracts_dir=contracts
        )
        ours = time.perf_counter() - started
        print(
            f"clearing {docs} documents: clear_dump {ours:.2f}s ({docs / ours:,.0f} docs/s), Parquet pass-through "
            f"baseline {baseline:.2f}s ({docs / baseline:,.0f} docs/s); clear_dump costs {ours / baseline:.1f}x the baseline"
        )
        decisions = {str(k): v for k, v in stats.decisions.items()}
        reservations = {str(k): v for k, v in stats.reservations.items()}
        print(f"  decisions {decisions}; reservations {reservations}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    args = parser.parse_args()
    recognition()
    throughput(args.docs)


if __name__ == "__main__":
    main()
