"""The personal-data policy: which entity types are redacted and how, read from ``pii_policy.yaml``.

The file is validated against the packaged ``schemas/pii_policy.schema.json``; a bad file
raises :class:`provenance.contracts.ContractError` naming the file and the field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

from provenance.contracts import ContractError, PersonNames, Problem, file_sha256, load_validated_yaml, packaged_file

POLICY_FILE = "pii_policy.yaml"
SCHEMA_NAME = "pii_policy.schema.json"

#: The default policy shipped with the package, used when a workspace's contracts folder has none.
DEFAULT_POLICY_PATH = packaged_file(POLICY_FILE)


#: ``limits`` defaults: ten minutes a document (a million words of dense names take a few minutes), and the
#: token runs the NER reads (:func:`provenance.pii.segments.cap_token_runs`).
DEFAULT_SECONDS_PER_DOCUMENT = 600.0
DEFAULT_TOKEN_CHARS = 64
DEFAULT_SYMBOL_RUN = 16


#: The entity type a source contract's ``person_names: keep`` leaves in the text. Nothing else.
PERSON = "PERSON"


@dataclass(frozen=True)
class EntityRule:
    """How one entity type is treated."""

    entity_type: str
    redact: bool
    operator: str = "replace"
    placeholder: str = ""
    masking_char: str = "*"
    hash_chars: int = 12
    threshold: float = 0.5


@dataclass(frozen=True)
class PiiPolicy:
    """The validated policy. Build it with :func:`load_pii_policy` or :meth:`from_dict`."""

    version: str
    models: Mapping[str, str]
    rules: Mapping[str, EntityRule]
    fallback_language: str = "fr"
    detection_sample_chars: int = 2000
    chunk_chars: int = 100_000
    chunk_overlap: int = 2000
    nlp_batch_size: int = 32
    task_docs: int = 16
    task_chars: int = 200_000
    propagate_names: bool = True
    propagate_first_names: bool = True
    #: ``limits``: the time detection may take on one document (None: no limit), the NER's token-run bounds
    seconds_per_document: float | None = DEFAULT_SECONDS_PER_DOCUMENT
    token_chars: int = DEFAULT_TOKEN_CHARS
    symbol_run: int = DEFAULT_SYMBOL_RUN
    sha256: str = ""
    path: str = ""
    extra: Mapping[str, object] = field(default_factory=dict)

    @property
    def limits(self) -> dict[str, float | int | None]:
        """The ``limits`` applied, as the policy file names them (recorded in stats and the manifest)."""
        return {
            "seconds_per_document": self.seconds_per_document,
            "token_chars": self.token_chars,
            "symbol_run": self.symbol_run,
        }

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.models)

    @property
    def redacted_types(self) -> frozenset[str]:
        return frozenset(t for t, r in self.rules.items() if r.redact)

    def rule(self, entity_type: str) -> EntityRule | None:
        return self.rules.get(entity_type)

    def threshold(self, entity_type: str) -> float:
        rule = self.rules.get(entity_type)
        return rule.threshold if rule else 1.01

    def for_person_names(self, person_names: PersonNames | str) -> PiiPolicy:
        """This policy as a source contract's ``person_names`` applies it: ``keep`` stops redacting PERSON
        and nothing else (contact details and identifiers stay redacted); ``redact`` is this policy."""
        if PersonNames(person_names) is PersonNames.REDACT or PERSON not in self.redacted_types:
            return self
        rules = {**self.rules, PERSON: dataclasses.replace(self.rules[PERSON], redact=False)}
        return dataclasses.replace(self, rules=rules)

    @classmethod
    def from_dict(cls, data: Mapping, *, path: Path | None = None, sha256: str = "") -> PiiPolicy:
        """A policy from an already-validated mapping (the YAML document)."""
        where = Path(path) if path else Path("<pii policy>")
        rules = {}
        for name, entry in data["entities"].items():
            placeholder = entry.get("placeholder") or f"[{name}]"
            rules[name] = EntityRule(
                entity_type=name,
                redact=bool(entry["redact"]),
                operator=entry.get("operator", "replace"),
                placeholder=placeholder,
                masking_char=entry.get("masking_char", "*"),
                hash_chars=int(entry.get("hash_chars", 12)),
                threshold=float(entry.get("threshold", 0.85 if name in ("ORGANIZATION", "LOCATION") else 0.5)),
            )
        models = {lang: spec["model"] for lang, spec in data["languages"].items()}
        detection = data.get("language_detection") or {}
        chunking = data.get("chunking") or {}
        batching = data.get("batching") or {}
        names = data.get("names") or {}
        fallback = detection.get("fallback", "fr" if "fr" in models else next(iter(models)))
        problems = []
        if fallback not in models:
            problems.append(
                Problem(
                    where,
                    "language_detection.fallback",
                    f"{fallback!r} is not one of the configured languages {sorted(models)}",
                )
            )
        chunk_chars = int(chunking.get("max_chars", 100_000))
        overlap = int(chunking.get("overlap_chars", 2000))
        if overlap * 2 >= chunk_chars:
            problems.append(
                Problem(
                    where, "chunking.overlap_chars", f"{overlap} must be less than half of max_chars ({chunk_chars})"
                )
            )
        if problems:
            raise ContractError(problems)
        return cls(
            version=str(data["version"]),
            models=models,
            rules=rules,
            fallback_language=fallback,
            detection_sample_chars=int(detection.get("sample_chars", 2000)),
            chunk_chars=chunk_chars,
            chunk_overlap=overlap,
            nlp_batch_size=int(batching.get("nlp_batch_size", 32)),
            task_docs=int(batching.get("task_docs", 16)),
            task_chars=int(batching.get("task_chars", 200_000)),
            propagate_names=bool(names.get("propagate", True)),
            propagate_first_names=bool(names.get("propagate_first_names", True)),
            **_limits(data.get("limits") or {}),
            sha256=sha256,
            path=str(path) if path else "",
        )


class _Limits(TypedDict):
    seconds_per_document: float
    token_chars: int
    symbol_run: int


def _limits(limits: Mapping) -> _Limits:
    """The ``limits`` block (validated by the schema) as :class:`PiiPolicy` fields, defaults filled in."""
    return _Limits(
        seconds_per_document=float(limits.get("seconds_per_document", DEFAULT_SECONDS_PER_DOCUMENT)),
        token_chars=int(limits.get("token_chars", DEFAULT_TOKEN_CHARS)),
        symbol_run=int(limits.get("symbol_run", DEFAULT_SYMBOL_RUN)),
    )


def policy_path(contracts_dir: Path | None = None) -> Path:
    """``<contracts_dir>/pii_policy.yaml`` if it exists, else the packaged default."""
    if contracts_dir is not None and (Path(contracts_dir) / POLICY_FILE).is_file():
        return Path(contracts_dir) / POLICY_FILE
    return DEFAULT_POLICY_PATH


def load_pii_policy(path: Path | None = None) -> PiiPolicy:
    """Read and validate a policy file (default: :func:`policy_path`)."""
    path = Path(path) if path else policy_path()
    data = load_validated_yaml(path, SCHEMA_NAME)
    return PiiPolicy.from_dict(data, path=path, sha256=file_sha256(path))
