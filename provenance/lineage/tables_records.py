"""The lineage tables of records as they flow: sources, dumps, documents, what ingest set aside, decisions, holds."""

from __future__ import annotations

from provenance.lineage.relation import Relation, relation

RECORD_RELATIONS: tuple[Relation, ...] = (
    relation(
        "sources",
        "table",
        "One row per source contract (data_contracts/sources/*.yaml) as it is now.",
        ("source_id", "the contract's id"),
        ("title", "the archive's title"),
        (
            "rights_holder",
            "who publishes the archive; the rights holder of its documents unless it is a crawl "
            "(see documents.rights_holder)",
        ),
        ("licence", "the default SPDX licence for records that state none (NOASSERTION: none declared)"),
        ("attribution", "the credit the contract asks for"),
        ("provenance_url", "where the archive comes from"),
        (
            "format",
            "warc | jsonl | parquet | mediawiki | text (jsonl also reads .json files: an array or object of records)",
        ),
        ("language", "fr | en | auto"),
        ("priority", "deduplication priority: the higher keeps the sample"),
        (
            "person_names",
            "redact | keep: whether names of people are redacted in the source's texts and titles "
            "(contact details and identifiers always are)",
        ),
        ("person_names_basis", "why names may be kept, as the contract states it (person_names keep); else null"),
        ("contract_file", "the contract's file"),
        ("contract_sha256", "sha256 of the contract file"),
    ),
    relation(
        "dumps",
        "table",
        "One row per archive dump: how many records it held and what became of each.",
        ("dump_id", "<source_id>.<file name slug>; the Dagster partition key"),
        ("source_id", "the source contract"),
        ("path", "the dump file, relative to PROVENANCE_HOME (null when it is no longer in landing/)"),
        (
            "records_seen",
            "records ingest read from the dump (its _stats.json): documents + quarantined_ingest + skipped",
        ),
        ("documents", "records that became documents"),
        ("quarantined", "records quarantined at any stage (ingest + rights + certify)"),
        ("quarantined_ingest", "records ingest could not turn into documents"),
        ("skipped", "records that are not documents by design (see the skipped table)"),
        ("notices", "dump-level facts ingest reported (see ingest_notices); not records"),
        ("redacted", "documents the redaction stage wrote"),
        ("redactions", "personal-data spans redacted in the dump's documents"),
        ("cleared", "documents the rights stage included"),
        ("excluded", "documents the rights stage excluded (reservation, opt-out, licence)"),
        ("quarantined_rights", "documents the rights stage quarantined (unknown licence, errors)"),
        ("duplicates", "cleared documents certify recorded as exact duplicates of a sample"),
        ("quarantined_certify", "cleared documents certify could not publish"),
        ("samples", "documents published as a sample in at least one release"),
        ("held", "documents waiting for a stage that has not run for this dump (see held_at)"),
        ("held_at", "the stage they wait for: redacted_documents, cleared_documents or certified_release"),
        ("missing", "records no stage accounts for: lost rows (see the gaps table)"),
        (
            "complete",
            "true when records_seen = samples + quarantined + excluded + duplicates + held + skipped and missing = 0",
        ),
    ),
    relation(
        "failed_dumps",
        "table",
        "One row per dump in landing/ whose last run of a stage raised an error no reader turned into rows: "
        "the dump is not complete until the stage succeeds for it.",
        ("dump_id", "the dump"),
        ("source_id", "the source contract"),
        ("path", "the dump file, relative to PROVENANCE_HOME"),
        ("stage", "the stage that failed (documents: ingest)"),
        ("cause", "the error in one line: its type and where the code raised it; never its message"),
        ("failed_at", "when it failed (ISO 8601, UTC)"),
    ),
    relation(
        "stale_staging",
        "table",
        "One row per stage output of a dump no longer in landing/ that no release read: left in place "
        "(it is the steward's to remove) but not counted in dumps, documents or any decision.",
        ("dump_id", "the dump"),
        ("stage", "the stage whose output it is"),
        ("folder", "the output folder under staging/"),
    ),
    relation(
        "documents",
        "table",
        "One row per document ingest produced: metadata and what happened to it; never its text.",
        ("doc_id", "sha256(source_id, locator), 32 hex; the same at every stage"),
        ("source_id", "the source contract"),
        ("dump_id", "the dump it was read from"),
        ("locator", "where it sits in the dump: file plus line, row, WARC-Record-ID, page and revision, member"),
        ("url", "its URL, when it has one"),
        ("title", "its title as redacted, under the same person_names policy as its text (null until redacted)"),
        (
            "author",
            "its author as published, kept only when its licence requires credit (see author_reason); else null",
        ),
        (
            "author_reason",
            "why a stated author is kept or dropped, e.g. 'credit required by CC-BY-4.0', "
            "'dropped: CC0-1.0 requires no credit'; null when none is stated or not yet decided",
        ),
        ("published_at", "publication date, when stated"),
        ("retrieved_at", "capture date (e.g. WARC-Date), when known"),
        ("lang", "language: the redaction stage's (declared or detected), else the declared one"),
        ("licence_declared", "the licence exactly as the record stated it (null: none)"),
        (
            "licence_hints",
            "the page's own licence statements (rel=license, CC badges, DC.rights, its main JSON-LD entity, its footer's or text's notice); each with where and a snippet, and those of embedded media, in the rights decision's licence evidence",
        ),
        ("content_type", "the record's media type"),
        ("content_fingerprint", "xxh3-128 of the normalised original text (opt-outs by fingerprint match it)"),
        ("flags", "ingest and redaction flags, e.g. invalid_utf8_replaced, pii_detection_failed"),
        ("redaction_count", "personal-data spans redacted in it, text and title"),
        ("person_names", "redact | keep: the person-name policy it was redacted under (null until redacted)"),
        ("person_names_basis", "the contract's written basis for keeping names, when person_names is keep"),
        ("licence", "the resolved SPDX licence (rights stage; null when unresolved)"),
        ("licence_class", "public_domain | attribution | share_alike | non_commercial | ... | unknown"),
        ("licence_source", "where the licence was read: record | page | contract"),
        ("licence_why", "how the licence was resolved, in words"),
        ("share_alike", "the licence requires derivatives under the same licence"),
        ("attribution", "the credit its licence requires (cleared documents); names an author only for that credit"),
        (
            "rights_holder",
            "who holds the rights in it (rights stage): the contract's rights holder; for a crawl its "
            "site's, from the contract's sites or its registrable domain; for a wiki page the wiki's "
            "contributors",
        ),
        (
            "rights_holder_origin",
            "where rights_holder was read: contract | site_mapping | registrable_domain | host | wiki_contributors",
        ),
        ("rights_decision", "include | include_with_attribution | include_with_share_alike | excluded | quarantined"),
        ("rights_reason", "the reason code of the rights decision"),
        ("outcome", "sample | excluded | quarantined | duplicate | held | missing"),
        ("outcome_stage", "the stage that decided the outcome (or that it waits for / went missing at)"),
        ("outcome_reason", "the reason code of the deciding decision, or why it is held or missing"),
        ("sample_id", "its sample in the most recent release that published it"),
        ("release_id", "that release"),
    ),
    relation(
        "quarantine",
        "table",
        "One row per record ingest could not turn into a document. Never its content.",
        ("record_id", "sha256(source_id, locator), 32 hex, as a doc_id would be"),
        ("source_id", "the source contract"),
        ("dump_id", "the dump"),
        ("locator", "where the record sits in the dump"),
        ("reason", "a quarantine reason code (e.g. empty_text, invalid_json, truncated)"),
        ("message", "what is wrong and where; never quotes the record"),
        ("byte_size", "the record's size in bytes, when known"),
    ),
    relation(
        "skipped",
        "table",
        "One row per record that is not a document by design: a WARC request, metadata or warcinfo record, "
        "a redirect, an image, a crawler's log, a wiki redirect, a file of another type. Never its content.",
        ("record_id", "sha256(source_id, locator), 32 hex, as a doc_id would be"),
        ("source_id", "the source contract"),
        ("dump_id", "the dump"),
        ("locator", "where the record sits in the dump"),
        (
            "reason",
            "a skip reason code, e.g. warc_request, http_redirect, non_text_response, non_http_resource, "
            "wiki_redirect, tree_other_file",
        ),
        ("url", "the record's URL (WARC target), when it has one"),
    ),
    relation(
        "ingest_notices",
        "table",
        "Dump-level facts a steward must know that decide nothing about a record (e.g. a dump header "
        "contradicting the contract, a .json file holding JSON Lines). Not records.",
        ("source_id", "the source contract"),
        ("dump_id", "the dump"),
        ("locator", "where in the dump the fact was read"),
        ("code", "what kind of fact, e.g. header_language_differs, json_several_record_arrays"),
        ("message", "what differs and what was done; never quotes a record"),
    ),
    relation(
        "decisions",
        "table",
        "One row per decision about a record at any stage: ingest quarantine, rights, certify duplicates.",
        ("doc_id", "the document (for ingest, the quarantined record's id)"),
        ("stage", "ingest | rights | certify"),
        (
            "decision",
            "quarantined | excluded | duplicate | include | include_with_attribution | include_with_share_alike",
        ),
        (
            "reason",
            "reason code, e.g. denylist, optout_registry, robots_txt, tdm_reservation, licence_not_allowed, "
            "exact_duplicate",
        ),
        (
            "evidence",
            "JSON: everything the decision looked at (signals, licence resolution, survivor); no personal data",
        ),
        ("policy_version", "licence policy version (rights), dedup policy version (certify)"),
        ("source_id", "the source contract"),
        ("dump_id", "the dump"),
        ("registry_version", "the opt-out registry version (rights)"),
        ("evidence_sha256", "sha256 of the evidence JSON"),
        ("release_id", "the release that recorded it (certify decisions)"),
        ("deciding_signal", "the signal that decided (rights): optout_registry, robots_txt, licence ..."),
        ("deciding_detail", "one readable line on why"),
    ),
    relation(
        "held_back",
        "table",
        "One row per record held back from every release: held (waiting for a stage, a release, or a person to "
        "verify or review its rights; it goes on once that happens) or quarantined (rejected as unreadable, invalid "
        "or failed; it stays out until its input or the code is fixed). Excluded documents are in decisions.",
        ("record_id", "the document's doc_id, or the quarantined record's id"),
        ("status", "held | quarantined"),
        (
            "stage",
            "where it was held back: ingest | redacted_documents | cleared_documents | rights | certify | "
            "certified_release",
        ),
        (
            "reason",
            "the reason code, e.g. rights_unverified, licence_unknown, licence_review, stage_not_run, "
            "no_release_yet (held); malformed_json, empty_document, pii_detection_failed, rights_check_error "
            "(quarantined)",
        ),
        ("waits_for", "what releases a held record (null when quarantined)"),
        ("source_id", "the source contract"),
        ("dump_id", "the dump"),
        ("url", "its URL, when it has one"),
        ("locator", "where it sits in the dump"),
        ("detail", "the evidence in one line: the quarantine message, or the deciding detail of the decision"),
        ("evidence_sha256", "sha256 of the decision's evidence JSON (decisions.evidence); null while held by a stage"),
        ("release_id", "the release whose certify step quarantined it (certify)"),
    ),
)
