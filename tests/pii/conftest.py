"""Shared PII fixtures: the policy, a key, and analyzers built once per test session (spaCy loads take seconds)."""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from provenance.fingerprint import fingerprint
from provenance.pii.detect import PiiDetector
from provenance.pii.policy import load_pii_policy
from provenance.pii.workers import Redactor
from provenance.schema import DOCUMENT_SCHEMA, record_id

TEST_KEY = b"test-key-for-pii-hmac-0123456789abcdef"


@pytest.fixture(scope="session")
def policy():
    return load_pii_policy()


@pytest.fixture(scope="session")
def detector(policy) -> PiiDetector:
    found = PiiDetector(policy)
    found.warm_up()
    return found


@pytest.fixture(scope="session")
def redactor(policy, detector) -> Redactor:
    return Redactor(policy, TEST_KEY, detector)


@pytest.fixture
def key_file(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "keys" / "pii_hmac.key"
    path.parent.mkdir()
    path.write_bytes(TEST_KEY)
    monkeypatch.setenv("PROVENANCE_PII_KEY", str(path))
    return path


@pytest.fixture(scope="session")
def found(detector):
    """``found(text, lang)``: (entity type, text) of every span the stage would redact."""

    def run(text: str, lang: str = "fr") -> list[tuple[str, str]]:
        return [(s.entity_type, text[s.start : s.end]) for s in detector.detect([text], [lang])[0]]

    return run


@pytest.fixture(scope="session")
def write_docs():
    """``write_docs(path, [(text, lang), ...])``: a documents.parquet; returns the doc ids."""
    return _write_documents


def _write_documents(
    path: Path, texts: list[tuple[str, str | None]], source_id: str = "tests", dump_id: str = "tests.sample"
) -> list[str]:
    """A documents.parquet (DOCUMENT_SCHEMA) of ``(text, lang)`` rows; returns their doc ids."""
    rows = []
    for i, (text, lang) in enumerate(texts):
        locator = f"landing/tests/sample.jsonl:line={i + 1}"
        rows.append(
            {
                "doc_id": record_id(source_id, locator),
                "source_id": source_id,
                "dump_id": dump_id,
                "locator": locator,
                "text": text,
                "lang": lang,
                "content_fingerprint": fingerprint(text),
                "title": f"document {i + 1}",
            }
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=DOCUMENT_SCHEMA), path)
    return [r["doc_id"] for r in rows]


os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
