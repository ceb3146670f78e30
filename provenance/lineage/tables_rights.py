"""The lineage tables of rights: signals checked, the opt-out registry and ledger, the deny-list, site signals."""

from __future__ import annotations

from provenance.lineage.relation import Relation, relation

RIGHTS_RELATIONS: tuple[Relation, ...] = (
    relation(
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
    relation(
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
    relation(
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
    relation(
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
    relation(
        "optout_honoured",
        "table",
        "Per release, the opt-out requests it honours: every input of the release was cleared against a registry "
        "holding the request (the signed manifest's requests_honoured). Releases made before the ledger state none.",
        ("release_id", "the release"),
        ("release_created_at", "when it was built"),
        ("request_id", "a request (optout_registry.entry_id) its rights runs checked"),
    ),
    relation(
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
    relation(
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
    relation(
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
    relation(
        "requests",
        "table",
        "The request ledger (data_contracts/requests/*.yaml) as it is now: erasure (GDPR art. 17), objection "
        "(GDPR art. 21) and takedown requests. Future runs exclude what each covers (reason request); "
        "`provenance request impact ID` lists what it touches in every release.",
        ("request_id", "the request id, e.g. REQ-2026-0001"),
        ("kind", "erasure | objection | takedown"),
        ("scope", "person | url | url_prefix | domain | doc_id | sample_id | rights_holder | fingerprint"),
        ("value", "what it covers; null for a person (the ledger keeps only keyed hashes of the name)"),
        ("date_received", "the day the request reached us"),
        ("reference", "the letter, form or ticket"),
        ("legal_basis", "the legal basis invoked"),
        ("file", "the ledger file"),
    ),
    relation(
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
)
