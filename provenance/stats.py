"""Each stage's typed stats: what it writes to its ``_stats.json``, and read back from it strictly.

A stats file is loaded into its dataclass or not at all: a key the dataclass does not know, or one it
needs and the file lacks, is an error naming the file and the key. Readers use attributes, so a renamed
key fails loudly instead of reading as 0.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Self

from provenance.contracts import PersonNames

#: Field metadata: the field is kept in memory only, never written to (nor read from) the stats file.
IN_MEMORY = {"stored": False}
#: Field metadata: the key may be absent from the file (written there after the stage ran).
OPTIONAL = {"optional": True}


class StatsFileError(ValueError):
    """A ``_stats.json`` that does not match its stage's stats dataclass; ``str()`` names the file and key."""


class StageStats:
    """Base of the stats dataclasses: strict loading from the dict ``as_dict`` writes."""

    #: keys ``as_dict`` writes that are computed from the fields (properties): required in the file, not loaded
    DERIVED: ClassVar[tuple[str, ...]] = ()

    def as_dict(self) -> dict[str, Any]:
        raise NotImplementedError

    @classmethod
    def from_dict(cls, data: object, path: Path | str = "<stats>") -> Self:
        """The stats ``data`` holds; :class:`StatsFileError` on an unknown or missing key."""
        if not isinstance(data, dict):
            raise StatsFileError(f"{path}: not a JSON object")
        stored = [f for f in dataclasses.fields(cls) if f.metadata.get("stored", True)]  # type: ignore[arg-type]
        known = {f.name for f in stored} | set(cls.DERIVED)
        unknown = sorted(set(data) - known)
        if unknown:
            raise StatsFileError(f"{path}: unknown key {unknown[0]!r} for {cls.__name__}")
        required = [f.name for f in stored if not f.metadata.get("optional")] + list(cls.DERIVED)
        missing = [k for k in required if k not in data]
        if missing:
            raise StatsFileError(f"{path}: missing key {missing[0]!r} for {cls.__name__}")
        values = {}
        for f in stored:
            if f.name not in data:
                continue
            value = data[f.name]
            values[f.name] = Counter(value) if f.default_factory is Counter else value
        return cls(**values)

    @classmethod
    def load(cls, path: Path) -> Self:
        """Read ``path`` strictly (see :meth:`from_dict`)."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except ValueError as exc:
            raise StatsFileError(f"{path}: not valid JSON ({exc})") from None
        return cls.from_dict(data, path)


def _sorted(counter: Counter) -> dict:
    return dict(sorted(counter.items()))


@dataclass
class IngestStats(StageStats):
    """What ingest read from one dump: records seen = documents + quarantined + skipped."""

    DERIVED = ("skipped_records", "candidate_records", "quarantine_rate")

    dump_id: str
    source_id: str
    #: every record the reader reported: documents + quarantined + skipped
    records_seen: int = 0
    documents: int = 0
    quarantined: int = 0
    site_signals: int = 0
    #: skipped records by SkipReason code
    skipped: Counter = field(default_factory=Counter)
    text_chars: int = 0
    quarantine_reasons: Counter = field(default_factory=Counter)
    flags: Counter = field(default_factory=Counter)
    languages: Counter = field(default_factory=Counter)
    #: notices by code; the first ones in ``notice_examples``, all of them in notices.parquet
    notices: Counter = field(default_factory=Counter)
    notice_examples: list[dict] = field(default_factory=list)
    #: the source contract's bounds on one record, as applied (max_document_chars and ``limits``)
    limits: dict = field(default_factory=dict, metadata=OPTIONAL)

    @property
    def skipped_records(self) -> int:
        return sum(self.skipped.values())

    @property
    def candidate_records(self) -> int:
        """Records that could have been documents: documents + quarantined (skipped records never could)."""
        return self.documents + self.quarantined

    @property
    def quarantine_rate(self) -> float:
        """quarantined / candidate records. Skipped records are left out of the denominator: in a web crawl
        they are most records (requests, images, redirects), and counting them would hide a broken reader."""
        return self.quarantined / self.candidate_records if self.candidate_records else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "dump_id": self.dump_id,
            "source_id": self.source_id,
            "records_seen": self.records_seen,
            "documents": self.documents,
            "quarantined": self.quarantined,
            "skipped_records": self.skipped_records,
            "candidate_records": self.candidate_records,
            "quarantine_rate": round(self.quarantine_rate, 6),
            "site_signals": self.site_signals,
            "skipped": _sorted(self.skipped),
            "text_chars": self.text_chars,
            "quarantine_reasons": _sorted(self.quarantine_reasons),
            "flags": _sorted(self.flags),
            "languages": _sorted(self.languages),
            "notices": _sorted(self.notices),
            "notice_examples": self.notice_examples,
            "limits": self.limits,
        }


@dataclass
class RedactStats(StageStats):
    """What the redaction stage did to one dump's documents."""

    dump_id: str = ""
    documents: int = 0
    documents_redacted: int = 0
    documents_withheld: int = 0
    redactions: int = 0
    entities: Counter = field(default_factory=Counter)
    words: int = 0
    chars: int = 0
    languages: Counter = field(default_factory=Counter)
    languages_detected: int = 0
    policy_version: str = ""
    policy_sha256: str = ""
    person_names: str = PersonNames.REDACT.value
    person_names_basis: str | None = None
    titles_redacted: int = 0
    #: the personal-data policy's bounds on one document, as applied (``limits``)
    limits: dict = field(default_factory=dict, metadata=OPTIONAL)
    workers: int = field(default=1, metadata=IN_MEMORY)
    #: wall time of the run; kept out of _stats.json so the stage output stays deterministic
    seconds: float = field(default=0.0, metadata=IN_MEMORY)

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "dump_id": self.dump_id,
            "documents": self.documents,
            "documents_redacted": self.documents_redacted,
            "documents_withheld": self.documents_withheld,
            "redactions": self.redactions,
            "entities": _sorted(self.entities),
            "words": self.words,
            "chars": self.chars,
            "languages": _sorted(self.languages),
            "languages_detected": self.languages_detected,
            "policy_version": self.policy_version,
            "policy_sha256": self.policy_sha256,
            "person_names": self.person_names,
            "person_names_basis": self.person_names_basis,
            "titles_redacted": self.titles_redacted,
            "limits": self.limits,
        }


#: The configuration keys of a rights run (its own, and each entry of ``equivalent_under``).
RIGHTS_CONFIG_KEYS = (
    "policy_version",
    "policy_sha256",
    "registry_version",
    "registry_sha256",
    "registry_request_ids",
    "denylist_version",
    "denylist_sha256",
    "crawler_tokens_version",
    "crawler_tokens_sha256",
)


@dataclass
class ClearStats(StageStats):
    """What the rights stage decided over one dump, and the configuration it decided under."""

    DERIVED = ("excluded", "quarantined")

    dump_id: str
    source_id: str
    policy_version: str
    policy_sha256: str
    registry_version: str
    registry_sha256: str
    crawler_tokens_version: str | None = None
    crawler_tokens_sha256: str | None = None
    documents: int = 0
    cleared: int = 0
    decisions: Counter = field(default_factory=Counter)
    reasons: Counter = field(default_factory=Counter)
    #: cleared documents per SPDX licence, and per class
    licence_mix: Counter = field(default_factory=Counter)
    licence_classes: Counter = field(default_factory=Counter)
    #: every document's resolved licence (cleared or not), 'unknown' when unrecognised
    licences_seen: Counter = field(default_factory=Counter)
    licence_sources: Counter = field(default_factory=Counter)
    #: documents reserved by each signal (a document reserved twice counts under both)
    reservations: Counter = field(default_factory=Counter)
    #: documents stating an author: 'kept' (credit required) or 'dropped'
    authors: Counter = field(default_factory=Counter)
    #: documents whose robots.txt or tdmrep.json was never checked: 'held' or 'allowed' (unverified)
    unverified: Counter = field(default_factory=Counter)
    #: per signal, the documents it could not be checked for
    not_checked: Counter = field(default_factory=Counter)
    denylist_version: str = ""
    denylist_sha256: str = ""
    #: the request ids of the registry version this run checked (certify records which requests a release honours)
    registry_request_ids: list[str] = field(default_factory=list)
    #: configurations judged equivalent since the run (provenance.rights.affected); absent until there is one
    equivalent_under: list[dict] = field(default_factory=list, metadata=OPTIONAL)

    @property
    def excluded(self) -> int:
        return self.decisions["excluded"]

    @property
    def quarantined(self) -> int:
        return self.decisions["quarantined"]

    def own_config(self) -> dict[str, Any]:
        """The configuration this output was cleared under (the keys of an ``equivalent_under`` entry)."""
        return {k: getattr(self, k) for k in RIGHTS_CONFIG_KEYS}

    def as_dict(self) -> dict[str, Any]:
        data = {
            "dump_id": self.dump_id,
            "source_id": self.source_id,
            "documents": self.documents,
            "cleared": self.cleared,
            "excluded": self.excluded,
            "quarantined": self.quarantined,
            "decisions": _sorted(self.decisions),
            "reasons": _sorted(self.reasons),
            "licence_mix": _sorted(self.licence_mix),
            "licence_classes": _sorted(self.licence_classes),
            "licences_seen": _sorted(self.licences_seen),
            "licence_sources": _sorted(self.licence_sources),
            "reservations": _sorted(self.reservations),
            "authors": _sorted(self.authors),
            "unverified": _sorted(self.unverified),
            "not_checked": _sorted(self.not_checked),
            **self.own_config(),
        }
        if self.equivalent_under:
            data["equivalent_under"] = self.equivalent_under
        return data


@dataclass
class ReleaseStats(StageStats):
    """A release's lineage facts in brief (``staging/certified_release/<release_id>/_stats.json``)."""

    release_id: str
    predicate_type: str
    cleared: int
    samples: int
    duplicates: int
    already_released: int
    quarantined: int
    shards: int
    merkle_root: str
    manifest_sha256: str
    key_id: str

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
