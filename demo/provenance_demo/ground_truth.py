"""The demo ground truth: what the generator planted in each record, for tests of every stage.

``ground_truth.json`` holds ``{"version", "seed", "docs", "sources": {...}, "records": [...]}`` and, added
later, ``"skipped"`` and ``"site_signals"`` (what readers must skip, and the robots.txt / tdmrep.json captures);
each record is a :class:`GroundTruthRecord`. Values of planted personal data are synthetic
(Faker) and live only in this test fixture, never in pipeline output.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from provenance.pii import evaluation

GROUND_TRUTH_FILE = "ground_truth.json"
VERSION = 1

#: Entity types the generator plants: the product's gold vocabulary, named as the PII stage reports them.
PII_TYPES = evaluation.PII_TYPES
#: Types that are structured identifiers: every planted one must be gone after redaction.
STRUCTURED_PII_TYPES = evaluation.STRUCTURED_PII_TYPES

#: Reservation signals the generator plants (``Reservation.signal``).
RESERVATION_SIGNALS = (
    "tdm_header",  # HTTP tdm-reservation: 1
    "tdm_meta",  # <meta name="tdm-reservation" content="1">
    "tdmrep_json",  # /.well-known/tdmrep.json rule matching the URL
    "robots_txt",  # robots.txt disallows an AI crawler token or * for the URL
    "x_robots_tag",  # X-Robots-Tag: noai
    "meta_robots",  # <meta name="robots" content="noai">
    "content_usage",  # Content-Usage: train-ai=n
    "registry_domain",
    "registry_url_prefix",
    "registry_rights_holder",
    "registry_author",
    "registry_fingerprint",
)

#: Kinds of planted look-alikes that are NOT personal data (``GroundTruthRecord.not_pii``): redacting
#: them is over-redaction. PUBLIC_FIGURE marks historical figures named in encyclopedia articles.
NOT_PII_TYPES = (
    "ORGANIZATION",
    "LOCATION",
    "PUBLIC_FIGURE",
    "AMOUNT",
    "LEGAL_REFERENCE",
    "DATE",
    "POSTCODE",
    "CASE_NUMBER",
)


@dataclass
class PlantedPII:
    entity_type: str
    value: str
    #: offsets into the text exactly as ingest produces it, when the generator can know them
    #: (JSONL, Parquet, .txt members); None for HTML and wikitext, whose text is extracted.
    start: int | None = None
    end: int | None = None


@dataclass
class Reservation:
    signal: str
    #: the header value, meta content, robots rule, tdmrep location or registry entry id
    detail: str
    #: False for look-alikes that must NOT reserve: train-ai="n" (quoted), a registry entry
    #: effective after the capture date, a robots rule for another path, tdm-reservation: 0 ...
    effective: bool = True


@dataclass
class GroundTruthRecord:
    source_id: str
    format: str
    dump_relpath: str
    locator: str
    record_id: str
    #: 'document' (ingest keeps it) or 'quarantined' (ingest quarantines it)
    expect: str
    quarantine_reason: str | None = None
    lang: str | None = None
    #: parliament | local_news | encyclopedia | forum | court
    register: str | None = None
    url: str | None = None
    title: str | None = None
    author: str | None = None
    published_at: str | None = None
    pii: list[PlantedPII] = field(default_factory=list)
    #: the licence as the record or page states it (None: only the contract default applies)
    licence_declared: str | None = None
    #: the SPDX id the rights stage must resolve; None when it must be quarantined as unknown
    licence_expected: str | None = None
    licence_class: str | None = None
    #: include | include_with_attribution | include_with_share_alike | excluded | quarantined
    rights_decision: str | None = None
    reservations: list[Reservation] = field(default_factory=list)
    #: records with the same group id have identical text
    duplicate_group: str | None = None
    expected_survivor: bool | None = None
    #: record_id of a record whose text differs only slightly (not an exact duplicate)
    near_duplicate_of: str | None = None
    #: flags ingest must set (e.g. invalid_bytes_replaced, encoding_guessed)
    expected_flags: list[str] = field(default_factory=list)
    #: planted spans that must NOT be redacted (entity_type from NOT_PII_TYPES), offsets as for ``pii``
    not_pii: list[PlantedPII] = field(default_factory=list)
    #: when the record was captured (WARC-Date), ISO 8601; None when the dump does not say
    retrieved_at: str | None = None
    #: provenance.fingerprint.fingerprint of the text the generator wrote (for HTML and wikitext: of the
    #: text an extractor should recover from the markup); equal within a duplicate_group
    text_fingerprint: str | None = None

    @property
    def reserved(self) -> bool:
        return any(r.effective for r in self.reservations)


@dataclass
class GroundTruth:
    seed: int
    docs: int
    sources: dict[str, dict]
    records: list[GroundTruthRecord]
    version: int = VERSION
    #: items readers must skip, not count as records: {"dump_relpath", "locator", "reason"}
    skipped: list[dict] = field(default_factory=list)
    #: robots.txt and tdmrep.json captures: {"dump_relpath", "locator", "kind", "url", "host"}
    site_signals: list[dict] = field(default_factory=list)

    def by_record_id(self) -> dict[str, GroundTruthRecord]:
        return {r.record_id: r for r in self.records}

    def records_of(self, dump_relpath: str) -> list[GroundTruthRecord]:
        """The records of one dump, in the order the generator wrote them."""
        return [r for r in self.records if r.dump_relpath == dump_relpath]

    def write(self, path: Path) -> None:
        Path(path).write_text(
            json.dumps(asdict(self), ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )


def load_ground_truth(path: Path) -> GroundTruth:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    records = []
    for raw in data["records"]:
        r = dict(raw)
        r["pii"] = [PlantedPII(**p) for p in r.get("pii", [])]
        r["reservations"] = [Reservation(**x) for x in r.get("reservations", [])]
        r["not_pii"] = [PlantedPII(**p) for p in r.get("not_pii", [])]
        records.append(GroundTruthRecord(**r))
    return GroundTruth(
        seed=data["seed"],
        docs=data["docs"],
        sources=data["sources"],
        records=records,
        version=data.get("version", VERSION),
        skipped=data.get("skipped", []),
        site_signals=data.get("site_signals", []),
    )
