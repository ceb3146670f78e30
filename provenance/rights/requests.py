"""Matching documents against the request ledger: what an erasure, objection or takedown request covers.

A covered document is excluded with reason ``request`` before any other signal is read: a request is a
decision already taken about this content, whatever its licence or capture date. Scopes:

- ``person``: one of the document's PERSON redactions (the redaction stage's ``redactions.parquet``) has a
  ``value_hmac`` among the request's ``person_hmacs``; the name itself is never known here;
- ``url`` (exact, host case and scheme ignored), ``url_prefix``, ``domain`` (the host or a subdomain);
- ``doc_id``; ``sample_id`` and ``fingerprint``: the sample the document's redacted text would give
  (``fingerprint`` also matches the ``content_fingerprint`` of its original text);
- ``rights_holder``: the source contract's rights holder or the document's own, case-folded.

Evidence names the request's id, kind, scope, reference and legal basis, never a person's value.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from provenance.requests import Request
from provenance.rights.evidence import SignalEvidence
from provenance.rights.optouts import normalise_name
from provenance.rights.urls import ascii_host, host_of, url_prefix_key
from provenance.vocabulary import Signal, SignalStatus

SIGNAL = Signal.REQUEST
PERSON_ENTITY = "PERSON"


def sample_id_for(doc_id: str, fingerprint: str) -> str:
    """The id certify gives the sample of a document with this redacted-text fingerprint
    (:func:`provenance.certify.build.sample_id_for`, which tests keep equal; not imported, so that the rights
    stage's code version does not cover certify's code)."""
    return hashlib.sha256(f"provenance.sample\x1f{doc_id}\x1f{fingerprint}".encode()).hexdigest()[:32]


def person_documents(redactions_parquet: Path, requests: Sequence[Request]) -> dict[str, set[str]]:
    """doc_id -> the ids of the person requests one of its PERSON redactions matches (by keyed hash)."""
    by_hmac: dict[str, list[str]] = defaultdict(list)
    for request in requests:
        for value_hmac in request.person_hmacs:
            by_hmac[value_hmac].append(request.id)
    found: dict[str, set[str]] = defaultdict(set)
    if not by_hmac or not Path(redactions_parquet).is_file():
        return found
    wanted = pa.array(sorted(by_hmac), pa.string())
    columns = ["doc_id", "entity_type", "value_hmac"]
    for batch in pq.ParquetFile(redactions_parquet).iter_batches(columns=columns, batch_size=65536):
        keep = pc.and_(pc.equal(batch.column(1), PERSON_ENTITY), pc.is_in(batch.column(2), value_set=wanted))
        hits = batch.filter(pc.fill_null(keep, False))
        for doc_id, value_hmac in zip(hits.column(0).to_pylist(), hits.column(2).to_pylist(), strict=True):
            found[doc_id].update(by_hmac[value_hmac])
    return found


class RequestMatcher:
    """The ledger indexed by scope, with the person requests already resolved to this dump's documents."""

    def __init__(self, requests: Sequence[Request], persons: dict[str, set[str]] | None = None):
        self.requests = {r.id: r for r in requests}
        self._persons = persons or {}
        self._exact: dict[tuple[str, str], list[str]] = defaultdict(list)
        self._prefixes: list[tuple[str, str]] = []
        for r in requests:
            if r.value is None:
                continue
            if r.scope == "domain":
                self._exact["domain", ascii_host(r.value)].append(r.id)
            elif r.scope in ("url", "url_prefix"):
                key = url_prefix_key(r.value)
                if key and r.scope == "url":
                    self._exact["url", key].append(r.id)
                elif key:
                    self._prefixes.append((key, r.id))
            elif r.scope == "rights_holder":
                self._exact["rights_holder", normalise_name(r.value)].append(r.id)
            elif r.scope == "fingerprint":
                self._exact["fingerprint", r.value.lower()].append(r.id)
            else:  # doc_id, sample_id
                self._exact[r.scope, r.value].append(r.id)

    @property
    def needs_samples(self) -> bool:
        """Whether matching needs the sample a document would give (a sample_id or fingerprint request)."""
        return any(r.scope in ("sample_id", "fingerprint") for r in self.requests.values())

    def matching(
        self,
        *,
        doc_id: str,
        url: str | None,
        rights_holders: Sequence[str],
        fingerprints: Sequence[str | None],
        sample_id: str | None,
    ) -> list[Request]:
        """Every request covering the document, sorted by id."""
        ids = set(self._persons.get(doc_id, ()))
        keys = [("doc_id", doc_id), ("sample_id", sample_id or "")]
        keys += [("fingerprint", f.lower()) for f in fingerprints if f]
        keys += [("rights_holder", normalise_name(h)) for h in rights_holders if h]
        host = host_of(url)
        if host:
            labels = host.split(".")
            keys += [("domain", ".".join(labels[i:])) for i in range(len(labels))]
        key = url_prefix_key(url) if url else None
        if key:
            keys.append(("url", key))
            ids.update(request_id for prefix, request_id in self._prefixes if key.startswith(prefix))
        for k in keys:
            ids.update(self._exact.get(k, ()))
        return [self.requests[i] for i in sorted(ids)]

    def evidence(self, covering: list[Request]) -> SignalEvidence:
        """The request signal of one document: listed (excluded) when a request covers it."""
        if not covering:
            return SignalEvidence(SIGNAL, SignalStatus.ABSENT, "no request of the ledger covers the document")
        first = covering[0]
        return SignalEvidence(
            SIGNAL,
            SignalStatus.LISTED,
            f"request {first.id} ({first.kind}, {first.scope}) covers the document",
            {"requests": [r.summary() for r in covering]},
        )


# --------------------------------------------------------------------------- which dumps a ledger change affects


def requests_snapshot(requests: Sequence[Request]) -> dict[str, list]:
    """id -> [scope, value, person hmacs, hash of the request]: what a clearing records of the ledger (keyed hashes
    of a person's name only), so a later change can be matched against the dump's documents."""
    out: dict[str, list] = {}
    for r in requests:
        digest = hashlib.sha256(json.dumps(r.document(), sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        out[r.id] = [r.scope, r.value or "", list(r.person_hmacs), digest[:16]]
    return out


def requests_change(
    old: dict[str, list], requests: Sequence[Request], docs: list[dict], redactions_parquet: Path
) -> tuple[bool, str]:
    """(whether, why) a change of the ledger since ``old`` (:func:`requests_snapshot`) can change the clearing of a
    dump with these documents (``doc_id``, ``url``, ``content_fingerprint``) and PERSON redactions."""
    now = requests_snapshot(requests)
    ids = sorted(k for k in old.keys() | now.keys() if old.get(k) != now.get(k))
    if not ids:
        return False, "request ledger: no request changed"
    changed = [r for r in requests if r.id in ids]
    for rid in (i for i in ids if i not in now):  # removed: what it covered is cleared again
        scope, value, hmacs, _ = old[rid]
        changed.append(Request(rid, "erasure", scope, value or None, tuple(hmacs), dt.date.min, "", ""))
    if any(r.scope in ("sample_id", "fingerprint", "rights_holder") for r in changed):
        # A sample's id and fingerprint need the text, a holder the site resolution: cleared again.
        return True, "request ledger: a changed request names a sample, fingerprint or rights holder"
    persons = person_documents(redactions_parquet, [r for r in changed if r.scope == "person"])
    matcher = RequestMatcher(changed, persons)
    for doc in docs:
        found = matcher.matching(
            doc_id=doc["doc_id"],
            url=doc.get("url"),
            rights_holders=[],
            fingerprints=[doc.get("content_fingerprint")],
            sample_id=None,
        )
        if found:
            return True, f"request ledger: request {found[0].id} ({found[0].scope}) covers a document"
    return False, f"request ledger ({len(ids)} changed): no changed request covers any of its {len(docs)} documents"
