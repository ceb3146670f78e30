"""Fixtures for the rights tests: the committed licence policy, source contracts, and Parquet inputs built in tmp_path."""

import datetime as dt
import hashlib
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from provenance.contracts import SourceContract, Unverified
from provenance.fingerprint import fingerprint
from provenance.rights.policy import LicencePolicy
from provenance.schema import REDACTED_DOCUMENT_SCHEMA, SITE_SIGNAL_SCHEMA, record_id

REPO = Path(__file__).resolve().parents[2]
CONTRACTS = REPO / "data_contracts"


@pytest.fixture(scope="session")
def policy() -> LicencePolicy:
    return LicencePolicy.load(CONTRACTS)


@pytest.fixture
def make_source():
    def make(**overrides) -> SourceContract:
        fields = dict(
            id="presse_locale",
            title="Archives de La Gazette du Rhône",
            rights_holder="Éditions du Rhône",
            licence="CC-BY-4.0",
            attribution="La Gazette du Rhône, CC BY 4.0",
            provenance_url="https://archives.example.fr/",
            format="warc",
            dumps=("landing/presse/*.warc.gz",),
            language="fr",
            max_quarantine_rate=0.2,
            # Most tests here supply only the site files they are about; holding every page whose
            # tdmrep.json was not captured is tested with unverified: hold (test_unverified.py).
            unverified=Unverified.ALLOW,
            unverified_reason="rights test crawl: each test supplies the site files it is about",
        )
        fields.update(overrides)
        return SourceContract(**fields)

    return make


def utc(*parts) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)


@pytest.fixture
def at():
    """at(2024, 5, 1) -> an aware UTC datetime."""
    return utc


@pytest.fixture
def write_redacted():
    """Write REDACTED_DOCUMENT_SCHEMA rows (defaults filled in) to <folder>/documents.parquet; return the rows."""

    def write(
        folder: Path, rows: list[dict], source_id: str = "presse_locale", dump_id: str = "presse_locale.crawl-2024"
    ):
        folder.mkdir(parents=True, exist_ok=True)
        full = []
        for i, row in enumerate(rows):
            locator = row.get("locator") or f"landing/presse/crawl-2024.warc.gz#<urn:uuid:{i:08d}>"
            text = row.get("text", f"Compte rendu du conseil municipal numéro {i}.")
            base = dict.fromkeys(REDACTED_DOCUMENT_SCHEMA.names)
            base.update(
                doc_id=record_id(source_id, locator),
                source_id=source_id,
                dump_id=dump_id,
                locator=locator,
                text=text,
                content_fingerprint=fingerprint(text),
                redaction_count=0,
                lang="fr",
                person_names="redact",
            )
            base.update({k: v for k, v in row.items() if k != "text"})
            full.append(base)
        pq.write_table(pa.Table.from_pylist(full, schema=REDACTED_DOCUMENT_SCHEMA), folder / "documents.parquet")
        return full

    return write


@pytest.fixture
def write_site_signals():
    """Write SITE_SIGNAL_SCHEMA rows to <folder>/site_signals.parquet from (kind, url, body, retrieved_at[, status])."""

    def write(
        folder: Path,
        captures: list[tuple],
        source_id: str = "presse_locale",
        dump_id: str = "presse_locale.crawl-2024",
    ):
        folder.mkdir(parents=True, exist_ok=True)
        rows = []
        for i, capture in enumerate(captures):
            kind, url, body, when = capture[:4]
            status = capture[4] if len(capture) > 4 else 200
            host = url.split("/")[2].lower()
            rows.append(
                dict(
                    source_id=source_id,
                    dump_id=dump_id,
                    locator=f"landing/presse/crawl-2024.warc.gz#<urn:uuid:s{i:07d}>",
                    kind=kind,
                    url=url,
                    host=host,
                    retrieved_at=when,
                    http_status=status,
                    body=body,
                    body_sha256=hashlib.sha256(body.encode()).hexdigest(),
                )
            )
        pq.write_table(pa.Table.from_pylist(rows, schema=SITE_SIGNAL_SCHEMA), folder / "site_signals.parquet")

    return write
