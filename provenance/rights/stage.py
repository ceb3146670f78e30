"""The rights stage for one dump: every redacted document gets a licence, a reservation check and a decision row.

:func:`clear_dump` streams ``redacted_documents/<dump>/documents.parquet`` in bounded record
batches and writes into ``out_dir`` (:data:`provenance.layout.RIGHTS`; it never publishes:
:func:`provenance.workspace.publish_stage` does):

- ``documents.parquet`` (CLEARED_DOCUMENT_SCHEMA): the documents that may be used, with their
  SPDX licence, class, source, attribution and share-alike flag; their ``author`` only where the
  licence requires credit (:func:`provenance.rights.attribution.author_credit`), else null; their
  ``rights_holder`` and where it was read (:mod:`provenance.rights.sites`: the contract, the
  contract's ``sites``, the page's registrable domain or host for a crawl, a wiki's contributors);
- ``decisions.parquet`` (DECISION_SCHEMA): one row per document, stage ``rights``;
- ``optout_evidence.parquet`` (OPTOUT_EVIDENCE_SCHEMA): every signal checked per document;
- its stats (:class:`provenance.stats.ClearStats`, returned): decision counts and the licence mix.

One document's decision is :class:`provenance.rights.clearer.DocumentClearer`'s, which says what decides.
Excluded and quarantined documents never reach ``documents.parquet``; their decision rows stay.
Redacted documents = cleared + excluded + quarantined, always.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from provenance.contracts import DenyList, OptOutRegistry, PersonNames, SourceContract, load_denylist
from provenance.digests import canonical_json, sha256_hex
from provenance.fingerprint import fingerprint
from provenance.layout import (
    CLEARED_DOCUMENTS,
    OPTOUT_EVIDENCE,
    REDACTED_DOCUMENTS,
    REDACTIONS,
    RIGHTS_DECISIONS,
    SITE_SIGNALS,
)
from provenance.requests import load_requests
from provenance.rights.captures import SiteCaptures
from provenance.rights.clearer import DocumentClearer, RightsDecision
from provenance.rights.evidence import RIGHTS_UNVERIFIED
from provenance.rights.policy import LicencePolicy
from provenance.rights.requests import RequestMatcher, person_documents, sample_id_for
from provenance.rights.sites import is_crawl, registrable_domain
from provenance.rights.urls import host_of
from provenance.schema import CLEARED_DOCUMENT_SCHEMA, REDACTED_DOCUMENT_SCHEMA
from provenance.stats import ClearStats
from provenance.vocabulary import Decision, Reason
from provenance.workspace import ParquetSink, RowSink

#: columns the checks read; the text is carried through untouched
_CHECK_COLUMNS = (
    "doc_id",
    "source_id",
    "dump_id",
    "url",
    "title",
    "author",
    "published_at",
    "retrieved_at",
    "licence",
    "content_type",
    "content_fingerprint",
    "tdm_reservation",
    "tdm_policy",
    "x_robots_tag",
    "content_usage",
    "meta_robots",
    "meta_tdm_reservation",
    "meta_tdm_policy",
    "licence_hints",
    "metadata",
    "flags",
    "lang",
)


def _check_input(path: Path, source: SourceContract) -> None:
    if not path.exists():
        raise FileNotFoundError(f"{path}: no redacted documents for this dump (run the redaction stage first)")
    try:
        schema = pq.read_schema(path)
    except Exception as exc:
        raise ValueError(f"{path}: not a readable Parquet file ({type(exc).__name__})") from None
    missing = [n for n in REDACTED_DOCUMENT_SCHEMA.names if n not in schema.names]
    if missing:
        raise ValueError(
            f"{path}: not a redacted documents file: missing column(s) {', '.join(missing)} "
            "(written by an older redaction stage: materialise redacted_documents again)"
        )
    if source.person_names is not PersonNames.KEEP:
        applied = set(pq.read_table(path, columns=["person_names"]).column(0).unique().to_pylist())
        if PersonNames.KEEP.value in applied:
            # Names were kept under a contract that no longer says so: none of them may be cleared.
            raise ValueError(
                f"{path}: redacted with person_names keep, but the contract {source.path or source.id} "
                f"now says {source.person_names}: materialise redacted_documents again"
            )


def clear_dump(
    redacted_dir: Path,
    documents_dir: Path,
    out_dir: Path,
    *,
    source: SourceContract,
    policy: LicencePolicy,
    registry: OptOutRegistry,
    contracts_dir: Path,
    home: Path | None = None,
    batch_rows: int = 500,
    denylist: DenyList | None = None,
) -> ClearStats:
    """Clear one dump's redacted documents into ``out_dir`` (see the module docstring for what is written).

    ``home`` (PROVENANCE_HOME) resolves the contract's relative ``signal_captures`` globs. The
    deny-list is read from ``contracts_dir`` unless given.
    """
    redacted_path = Path(redacted_dir) / REDACTED_DOCUMENTS.name
    _check_input(redacted_path, source)
    captures = SiteCaptures.load(Path(documents_dir) / SITE_SIGNALS.name, source, contracts_dir, home)
    denylist = denylist if denylist is not None else load_denylist(contracts_dir)
    requests = load_requests(contracts_dir)
    persons = person_documents(Path(redacted_dir) / REDACTIONS.name, [r for r in requests if r.scope == "person"])
    clearer = DocumentClearer(
        source=source,
        policy=policy,
        registry=registry,
        captures=captures,
        crawl=is_crawl_dump(redacted_path, source),
        denylist=denylist,
        requests=RequestMatcher(requests, persons),
    )
    out_dir = Path(out_dir)
    stats = _new_stats(Path(redacted_dir).name, source, policy, registry)
    stats.denylist_version, stats.denylist_sha256 = denylist.version, denylist.sha256
    parquet = pq.ParquetFile(redacted_path)
    with (
        ParquetSink(out_dir / CLEARED_DOCUMENTS.name, CLEARED_DOCUMENTS.schema) as cleared_sink,
        RowSink(out_dir / RIGHTS_DECISIONS.name, RIGHTS_DECISIONS.schema) as decision_sink,
        RowSink(out_dir / OPTOUT_EVIDENCE.name, OPTOUT_EVIDENCE.schema) as evidence_sink,
    ):
        for read in parquet.iter_batches(batch_size=batch_rows, columns=REDACTED_DOCUMENT_SCHEMA.names):
            batch = pa.RecordBatch.from_arrays(
                [read.column(n) for n in REDACTED_DOCUMENT_SCHEMA.names], schema=REDACTED_DOCUMENT_SCHEMA
            )
            if stats.documents == 0 and batch.num_rows:
                stats.dump_id = batch.column("dump_id")[0].as_py()
            _clear_batch(batch, clearer, stats, cleared_sink, decision_sink, evidence_sink)
            # One row group per input batch in each file, as the cleared documents have.
            decision_sink.flush()
            evidence_sink.flush()
    return stats


def is_crawl_dump(path: Path, source: SourceContract) -> bool:
    """Whether the dump's pages are credited to their sites: its source is a crawl, or its documents' URLs
    span more than one registrable domain (read from the ``url`` column alone)."""
    if source.format == "mediawiki" or is_crawl(source):
        return is_crawl(source)
    domains: set[str] = set()
    for batch in pq.ParquetFile(path).iter_batches(columns=["url"], batch_size=4096):
        domains.update(d for u in batch.column(0).unique().to_pylist() if (d := registrable_domain(host_of(u))))
        if len(domains) > 1:
            return True
    return False


def _new_stats(dump_id: str, source: SourceContract, policy: LicencePolicy, registry: OptOutRegistry) -> ClearStats:
    tokens = policy.reservations.crawler_tokens
    return ClearStats(
        dump_id=dump_id,
        source_id=source.id,
        policy_version=policy.version,
        policy_sha256=policy.sha256,
        registry_version=registry.version,
        registry_sha256=registry.sha256,
        crawler_tokens_version=tokens.version if tokens else None,
        crawler_tokens_sha256=tokens.sha256 if tokens else None,
        registry_request_ids=registry.request_ids,
    )


def _error_decision(exc: Exception, clearer: DocumentClearer) -> RightsDecision:
    # Only the exception's type: a message could quote the document.
    evidence = {
        "error": type(exc).__name__,
        "deciding": {"signal": "error", "detail": "the rights checks failed"},
        "policy": {"version": clearer.policy.version},
        "registry": {"version": clearer.registry.version},
    }
    return RightsDecision(Decision.QUARANTINED, Reason.RIGHTS_CHECK_ERROR, None, (), None, evidence)


#: The columns a cleared document gains over its redacted one (CLEARED_DOCUMENT_SCHEMA), besides its author.
_ADDED_COLUMNS = (
    "licence_spdx",
    "licence_class",
    "licence_source",
    "attribution",
    "share_alike",
    "decision",
    "rights_holder",
    "rights_holder_origin",
)


def _clear_batch(
    batch: pa.RecordBatch,
    clearer: DocumentClearer,
    stats: ClearStats,
    cleared_sink: ParquetSink,
    decision_sink: RowSink,
    evidence_sink: RowSink,
) -> None:
    columns = {name: batch.column(name).to_pylist() for name in _CHECK_COLUMNS}
    if clearer.requests is not None and clearer.requests.needs_samples:
        # The sample each document's redacted text would give, as certify names it: what a request may name.
        fps = [fingerprint(t) if t is not None else None for t in batch.column("text").to_pylist()]
        columns["sample"] = [
            (sample_id_for(d, f), f) if f else None for d, f in zip(columns["doc_id"], fps, strict=True)
        ]
    mask: list[bool] = []
    added: dict[str, list] = {n: [] for n in _ADDED_COLUMNS}
    authors: list[str | None] = []  # of cleared documents: kept only where credit is owed
    for i in range(batch.num_rows):
        row = {name: values[i] for name, values in columns.items()}
        try:
            decision = clearer.decide(row)
        except Exception as exc:
            decision = _error_decision(exc, clearer)
        _record(decision, row, clearer, stats, decision_sink=decision_sink, evidence_sink=evidence_sink)
        mask.append(decision.cleared)
        if decision.cleared:
            for name, value in _cleared_columns(decision, clearer, stats).items():
                added[name].append(value)
            authors.append(row["author"] if decision.author is not None and decision.author.kept else None)
    if any(mask):
        kept = batch.filter(pa.array(mask, type=pa.bool_()))
        kept = kept.set_column(
            kept.schema.get_field_index("author"),
            REDACTED_DOCUMENT_SCHEMA.field("author"),
            pa.array(authors, pa.string()),
        )
        arrays = [kept.column(n) for n in REDACTED_DOCUMENT_SCHEMA.names]
        arrays += [pa.array(added[f.name], type=f.type) for f in CLEARED_DOCUMENT_SCHEMA if f.name in added]
        cleared_sink.write(pa.RecordBatch.from_arrays(arrays, schema=CLEARED_DOCUMENT_SCHEMA))


def _record(
    decision: RightsDecision,
    row: dict,
    clearer: DocumentClearer,
    stats: ClearStats,
    *,
    decision_sink: RowSink,
    evidence_sink: RowSink,
) -> None:
    """Count one document's decision and write its decision row and one evidence row per signal checked."""
    ids = {"doc_id": row["doc_id"], "source_id": row["source_id"], "dump_id": row["dump_id"]}
    stats.documents += 1
    stats.decisions[decision.decision] += 1
    stats.reasons[decision.reason] += 1
    if decision.author is not None:
        stats.authors["kept" if decision.author.kept else "dropped"] += 1
    if "unverified" in decision.evidence:
        stats.unverified["held" if decision.reason == RIGHTS_UNVERIFIED else "allowed"] += 1
    for signal in decision.signals:
        if signal.reserves:
            stats.reservations[signal.signal] += 1
        elif signal.status == "not_checked":
            stats.not_checked[signal.signal] += 1
        payload = canonical_json(signal.as_dict())
        evidence_sink.add(
            {
                **ids,
                "signal": signal.signal,
                "status": signal.status,
                "reserves": signal.reserves,
                "detail": signal.detail,
                "evidence": payload,
                "evidence_sha256": sha256_hex(payload),
            }
        )
    if decision.licence:
        stats.licences_seen[decision.licence.resolution.spdx or "unknown"] += 1
        stats.licence_sources[decision.licence.source] += 1
    payload = canonical_json({"decision": decision.decision, "reason": decision.reason, **decision.evidence})
    decision_sink.add(
        {
            **ids,
            "stage": "rights",
            "decision": decision.decision,
            "reason": decision.reason,
            "evidence": payload,
            "evidence_sha256": sha256_hex(payload),
            "policy_version": clearer.policy.version,
            "registry_version": clearer.registry.version,
        }
    )


def _cleared_columns(decision: RightsDecision, clearer: DocumentClearer, stats: ClearStats) -> dict:
    """A cleared document's added columns (:data:`_ADDED_COLUMNS`); counts it in the licence mix."""
    licence = decision.licence
    assert licence is not None  # a document is only cleared under a resolved licence
    resolution = licence.resolution
    stats.cleared += 1
    stats.licence_mix[resolution.spdx] += 1
    stats.licence_classes[resolution.licence_class] += 1
    return {
        "licence_spdx": resolution.spdx,
        "licence_class": resolution.licence_class,
        "licence_source": licence.source,
        "attribution": decision.attribution,
        "share_alike": resolution.share_alike,
        "decision": decision.decision,
        "rights_holder": decision.holder.name if decision.holder else clearer.source.rights_holder,
        "rights_holder_origin": decision.holder.origin.value if decision.holder else "contract",
    }
