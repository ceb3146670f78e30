"""The lineage database's tables and views: their names, what each row is, and what each column means.

This is the one place the legal team's vocabulary is defined. :mod:`provenance.lineage.build`
creates exactly these columns (a test holds it to that), attaches these descriptions as DuckDB
comments (``SELECT * FROM duckdb_columns()`` shows them), and ``docs/legal.md`` lists them.
No table holds a document's text or a detected personal value. The only names of people it holds
are the ones the README's "Personal data" section lists, each for the reason it gives: an author
kept for the credit a licence requires (``documents.author``, ``attribution``), and names in the
titles of a source whose contract keeps person names, with its written basis.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Relation:
    name: str
    kind: str  # "table" | "view"
    description: str
    columns: tuple[tuple[str, str], ...]

    @property
    def column_names(self) -> list[str]:
        return [name for name, _ in self.columns]


def _r(name: str, kind: str, description: str, *columns: tuple[str, str]) -> Relation:
    return Relation(name, kind, description, tuple(columns))


RELATIONS: tuple[Relation, ...] = (
    _r(
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
    _r(
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
    _r(
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
    _r(
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
    _r(
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
    _r(
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
    _r(
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
    _r(
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
    _r(
        "optout_evidence",
        "table",
        "Every rights signal checked for every document, whether or not it reserved the document.",
        ("doc_id", "the document"),
        ("source_id", "the source contract"),
        ("dump_id", "the dump"),
        (
            "signal",
            "denylist | optout_registry | tdm_meta | tdm_header | tdmrep_json | robots_txt | content_usage | "
            "robots_content_usage | x_robots_tag | meta_robots",
        ),
        (
            "status",
            "reserved | not_reserved | allowed | absent | superseded | not_effective | invalid | not_applicable "
            "| listed (denylist: the document's site is listed)",
        ),
        (
            "reserves",
            "true when this signal excludes the document: it reserves TDM rights as of the capture date, or "
            "its site is deny-listed",
        ),
        ("detail", "one readable line"),
        ("evidence", "JSON: header value, robots.txt rule and capture, tdmrep.json rule, registry entry"),
        ("evidence_sha256", "sha256 of the evidence JSON"),
        ("entry_id", "the opt-out registry entry (optout_registry signals)"),
        ("reference", "the letter, form or ticket behind that entry"),
        ("rule", "the robots.txt rule that covers the URL (robots_txt signals)"),
        ("capture_locator", "where the robots.txt / tdmrep.json capture sits in its dump"),
    ),
    _r(
        "optout_registry",
        "table",
        "The opt-out registry (data_contracts/optouts/) as it is now: the ledger of opt-out requests, one per row.",
        ("entry_id", "the entry's id: the request id"),
        ("scope", "domain | url_prefix | rights_holder | author | fingerprint"),
        ("value", "what it covers (null for author entries: a name is personal data; see the registry file)"),
        ("effective_from", "covers documents captured on or after this date"),
        ("reference", "the letter, form or ticket that asked for it"),
        ("file", "the registry file"),
        ("documents_covered", "documents whose evidence names this entry (reserved or not yet effective)"),
        ("documents_excluded", "documents this entry reserved"),
        ("date_received", "the day the request reached us (effective_from where the registry file does not say)"),
        (
            "requested_by",
            "the requesting party (a rights holder or its agent); null when the file does not say, and "
            "for author requests (the requester may be the author: see the registry file)",
        ),
    ),
    _r(
        "denylist",
        "table",
        "The deny-list (data_contracts/denylist/*.csv) as it is now: sites recognised by a court or public authority "
        "in the EU/EEA as persistently infringing copyright on a commercial scale. Their pages are excluded "
        "(reason denylist).",
        ("domain", "the listed domain (lower-case, IDNA, no leading www.): it and its subdomains are covered"),
        ("registrable_domain", "the registrable domain it belongs to (public suffix list)"),
        ("reference", "the decision or list entry that recognises the site"),
        ("recognised_by", "the court or public authority (or the Commission's list)"),
        ("jurisdiction", "where it sits: an EU/EEA country code, or EU"),
        ("date_listed", "the day the site was recognised or listed"),
        ("file", "the deny-list file"),
        ("line", "the line of that file"),
    ),
    _r(
        "rights_clearings",
        "table",
        "Per dump, the licence policy, opt-out registry, deny-list and crawler token list its rights output was "
        "cleared under, then each later one judged not to affect it (its output was kept, not cleared again: the "
        "changed entries cover none of its documents, or it uses none of the changed licences).",
        ("dump_id", "the dump"),
        ("basis", "cleared (the rights stage ran under it) or judged equivalent (kept under it, see reason)"),
        ("policy_version", "licence policy version"),
        ("policy_sha256", "its sha256"),
        ("registry_version", "opt-out registry version"),
        ("registry_sha256", "its sha256"),
        ("denylist_version", "deny-list version"),
        ("denylist_sha256", "its sha256"),
        ("crawler_tokens_version", "crawler token list version"),
        ("crawler_tokens_sha256", "its sha256"),
        ("judged_at", "when it was judged equivalent (UTC, ISO 8601); null for the clearing itself"),
        ("reason", "why the change does not affect the dump; null for the clearing itself"),
    ),
    _r(
        "optout_honoured",
        "table",
        "Per release, the opt-out requests it honours: every input of the release was cleared against a registry "
        "holding the request (the signed manifest's requests_honoured). Releases made before the ledger state none.",
        ("release_id", "the release"),
        ("release_created_at", "when it was built"),
        ("request_id", "a request (optout_registry.entry_id) its rights runs checked"),
    ),
    _r(
        "optout_matches",
        "table",
        "Every document an opt-out request's scope covers, whether or not the request was in force for it.",
        ("request_id", "the request"),
        ("doc_id", "the document"),
        (
            "matched_by",
            "evidence (the rights stage named the request) and/or scope (its URL host, URL prefix, "
            "fingerprint or source rights holder matches; author requests match by evidence only)",
        ),
        (
            "in_force",
            "the document was captured on or after the request's effective_from, or has no date: the "
            "rights stage applies the request to it",
        ),
    ),
    _r(
        "optout_exposure",
        "view",
        "Per opt-out request and release: the release's samples whose document the request's scope covers.",
        ("request_id", "the request"),
        ("release_id", "a release holding such samples"),
        ("release_created_at", "when it was built"),
        ("release_honours", "the release's rights runs checked the request (see optout_honoured)"),
        ("before_honoured", "the release was built before the first release that honours the request (or none does)"),
        ("samples", "its samples the request's scope covers"),
        ("samples_in_force", "of those, samples of documents the request applies to by date (see optout_matches)"),
        ("documents", "the documents those samples come from"),
        ("matched_by", "how the documents were matched: evidence, scope"),
    ),
    _r(
        "optout_requests",
        "view",
        "The opt-out ledger: per request, when it came, who asked, the first release that honours it, and the "
        "releases that still held its content because they did not.",
        ("request_id", "the request id (registry entry id)"),
        ("date_received", "the day the request reached us"),
        ("scope", "domain | url_prefix | rights_holder | author | fingerprint"),
        ("value", "what it covers (null for author requests)"),
        ("requested_by", "the requesting party (null when unstated, and for author requests)"),
        ("reference", "the letter, form or ticket"),
        ("effective_from", "covers documents captured on or after this date"),
        ("file", "the registry file"),
        ("first_honoured_by", "the first release (by creation time) whose rights runs checked the request"),
        ("first_honoured_at", "when that release was built"),
        ("exposed_releases", "releases that do not honour it yet hold samples its scope covers, with counts"),
        ("exposed_release_count", "how many such releases"),
        ("exposed_samples", "their samples the scope covers (optout_exposure has the per-release detail)"),
        ("documents_covered", "documents whose current rights evidence names the request"),
        ("documents_excluded", "documents the request excludes now"),
    ),
    _r(
        "site_signals",
        "table",
        "robots.txt and tdmrep.json captures found in the dumps.",
        ("source_id", "the source contract"),
        ("dump_id", "the dump"),
        ("locator", "where the capture sits in the dump"),
        ("kind", "robots.txt | tdmrep.json"),
        ("url", "the captured URL"),
        ("host", "lower-case host"),
        ("retrieved_at", "capture date"),
        ("http_status", "the HTTP status of the capture"),
        ("body", "the file as captured (public robots.txt / tdmrep.json)"),
        ("body_sha256", "sha256 of the body"),
    ),
    _r(
        "redactions",
        "table",
        "One row per redacted personal-data span. Offsets into the original text or title; never the value.",
        ("doc_id", "the document"),
        ("field", "text | title: the field the offsets are into"),
        ("start", "start offset in the original field"),
        ("end", "end offset in the original field"),
        ("entity_type", "PERSON, EMAIL_ADDRESS, PHONE_NUMBER, FR_NIR, IBAN_CODE ..."),
        ("score", "detector confidence"),
        ("recognizer", "the recognizer that found it"),
        ("value_hmac", "HMAC-SHA256 of the normalised value under PROVENANCE_PII_KEY"),
        ("source_id", "the source contract"),
        ("dump_id", "the dump"),
    ),
    _r(
        "samples",
        "table",
        "One row per certified sample in a release's shards.",
        ("sample_id", "sha256('provenance.sample', doc_id, fingerprint), 32 hex"),
        ("release_id", "the release"),
        ("shard", "the shard file, e.g. shards/shard-00000.parquet"),
        ("row", "0-based row in the shard"),
        ("doc_id", "the document it came from"),
        ("source_id", "the source contract"),
        ("licence", "SPDX licence"),
        ("licence_class", "the licence's class"),
        ("attribution", "the credit its licence requires"),
        ("dump_id", "the dump the document came from"),
        ("fingerprint", "xxh3-128 of the sample's (redacted) text"),
    ),
    _r(
        "releases",
        "table",
        "One row per release: its signed manifest's facts.",
        ("release_id", "the release"),
        ("created_at", "when it was built (manifest)"),
        ("manifest_sha256", "sha256 of manifest.dsse.json"),
        ("statement_sha256", "sha256 of the signed in-toto statement"),
        ("merkle_root", "the Merkle root committing to every sample"),
        ("key_id", "sha256 of the signing public key (DER)"),
        ("signature_valid", "the manifest's signature verifies with the public_key.pem shipped in the release"),
        ("samples", "samples in the release"),
        ("shards", "shard files in the release"),
        ("duplicates", "duplicates certify recorded"),
        ("quarantined", "cleared rows certify could not publish"),
        ("already_released", "cleared documents already published or decided by an earlier release"),
        ("licence_policy_version", "the licence policy it was built under"),
        ("optout_registry_version", "the opt-out registry it was built under"),
        ("optout_registry_sha256", "sha256 over every registry entry"),
        ("crawler_tokens_version", "the crawler token list robots.txt was read for"),
        ("producer_version", "the provenance package version"),
        ("git_commit", "the code's git commit"),
        ("earlier_releases", "releases it deduplicated against"),
        (
            "predicate_summary",
            "JSON: counts per licence, source, language and decision; contract and model versions; "
            "the person-name policy (and basis) per source",
        ),
        ("path", "the release folder (null when it is no longer present)"),
        (
            "optout_requests_honoured",
            "the opt-out requests every input of the release was cleared against (null: "
            "a manifest from before the ledger)",
        ),
        ("denylist_version", "the deny-list at release time"),
        ("denylist_sha256", "its sha256 over every entry"),
    ),
    _r(
        "release_accounting",
        "table",
        "Per release, what became of every record of the dumps it read, stage by stage, as its signed manifest "
        "counts them (null where a manifest states none).",
        ("release_id", "the release"),
        ("created_at", "when it was built"),
        ("input_dumps", "the cleared dumps it read"),
        ("records_seen", "records ingest read from those dumps"),
        ("documents", "records that became documents"),
        ("ingest_quarantined", "records ingest quarantined (could not become documents)"),
        ("skipped", "records that are not documents by design: records_seen - documents - ingest_quarantined"),
        ("redaction_held", "documents without a rights decision when it was built (not redacted yet, or lost)"),
        ("rights_cleared", "documents the rights stage included"),
        ("rights_excluded", "documents the rights stage excluded (reservation, opt-out, deny-list, licence)"),
        (
            "rights_quarantined",
            "documents the rights stage quarantined: held for verification or review "
            "(rights_unverified, licence_unknown, licence_review) or failed (see held_back)",
        ),
        ("already_released", "cleared documents an earlier release already published or decided"),
        ("duplicates", "cleared documents that are exact duplicates of a sample"),
        ("certify_quarantined", "cleared documents certify could not publish"),
        ("samples", "samples it released"),
    ),
    _r(
        "shards",
        "table",
        "One row per shard file of a release.",
        ("release_id", "the release"),
        ("shard", "the shard file"),
        ("sha256", "its sha256 as the signed manifest states it"),
        ("rows", "its row count"),
        ("bytes", "its size in bytes"),
        ("present", "the file is in the release folder"),
    ),
    _r(
        "licences",
        "table",
        "Per release and licence: how many samples, of which class, under which decision.",
        ("release_id", "the release"),
        ("licence", "SPDX licence"),
        ("licence_class", "its class"),
        ("decision", "the rights decision for it"),
        ("share_alike", "derivatives must keep the licence"),
        ("samples", "samples under it"),
        ("share", "fraction of the release's samples"),
        ("sources", "sources contributing"),
    ),
    _r(
        "gaps",
        "table",
        "Records no stage accounts for; empty when every dump is complete.",
        ("dump_id", "the dump"),
        ("stage", "the stage whose output lacks them"),
        ("doc_id", "the document, when its id is known"),
        ("records", "how many records this row stands for"),
        ("problem", "what is missing"),
    ),
    _r(
        "lineage_build",
        "table",
        "One row: when and from what this database was built.",
        ("built_at", "when the build finished"),
        ("provenance_version", "package version"),
        ("git_commit", "git commit of the code"),
        ("home", "PROVENANCE_HOME"),
        ("contracts", "the contracts folder"),
        ("licence_policy_version", "licence policy version"),
        ("licence_policy_sha256", "its sha256"),
        ("optout_registry_version", "opt-out registry version"),
        ("optout_registry_sha256", "its sha256"),
        ("crawler_tokens_version", "crawler token list version (crawler_tokens.yaml)"),
        ("crawler_tokens_sha256", "its sha256"),
        ("contract_problems", "why the contracts could not be read, when they could not"),
        ("denylist_version", "deny-list version"),
        ("denylist_sha256", "its sha256"),
    ),
    _r(
        "records",
        "view",
        "Every record seen (documents, ingest quarantine and skipped records), with its outcome.",
        ("record_id", "doc_id or quarantined record id"),
        ("source_id", "the source contract"),
        ("dump_id", "the dump"),
        ("locator", "where it sits in the dump"),
        ("url", "its URL, when known"),
        ("outcome", "sample | excluded | quarantined | duplicate | held | missing | skipped"),
        ("outcome_stage", "ingest | redacted_documents | rights | certify | ..."),
        ("reason", "the reason code of the deciding decision (or of the skip)"),
    ),
    _r(
        "completeness",
        "view",
        "Per dump: records seen against what accounts for them.",
        ("dump_id", "the dump"),
        ("source_id", "the source contract"),
        ("records_seen", "records ingest read"),
        ("samples", "documents published as samples"),
        ("quarantined", "quarantined at any stage"),
        ("excluded", "excluded by the rights stage"),
        ("duplicates", "exact duplicates of a sample"),
        ("held", "waiting for a stage that has not run for this dump"),
        ("skipped", "records that are not documents by design"),
        ("accounted", "samples + quarantined + excluded + duplicates + held + skipped"),
        ("missing", "records_seen - accounted, plus rows lost between stages"),
        ("complete", "missing = 0"),
    ),
    _r(
        "samples_to_withdraw",
        "view",
        "Published samples whose document the rights stage no longer includes (e.g. an opt-out arrived later).",
        ("sample_id", "the sample"),
        ("release_id", "its release"),
        ("shard", "its shard"),
        ("row", "its row"),
        ("doc_id", "the document"),
        ("source_id", "the source"),
        ("rights_decision", "the document's current rights decision"),
        ("rights_reason", "its reason"),
        ("deciding_detail", "why, in words"),
    ),
)

BY_NAME = {r.name: r for r in RELATIONS}


def markdown() -> str:
    """Every table and view with its columns, as Markdown (docs/legal.md embeds this)."""
    out = []
    for relation in RELATIONS:
        out.append(f"### `{relation.name}` ({relation.kind})\n\n{relation.description}\n")
        out.append("| column | meaning |\n|---|---|")
        # A '|' inside a cell would end it: vocabularies such as "redact | keep" are escaped.
        out.extend(f"| `{name}` | {doc.replace('|', chr(92) + '|')} |" for name, doc in relation.columns)
        out.append("")
    return "\n".join(out)
