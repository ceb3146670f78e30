"""What each stage's output was computed from, recorded beside it, so an unchanged stage is never recomputed.

Every stage's inputs are named components (its code version, the dump's bytes, the contract fields it
reads, the policies, the upstream stage's fingerprint), each a sha256. Their canonical JSON hashed is the
stage's *fingerprint*. A stage that finished writes ``_inputs.json`` into its published output folder
(``staging/<stage>/<dump_id>/``); the release and the lineage, which span every dump, write theirs under
``staging/.inputs/``. A stage whose recorded fingerprint equals the one its inputs give now is up to
date; otherwise the components that differ say why it must run.

The record lives in the workspace, beside what it describes: deleting an output forgets it, and every
launcher (``provenance run``, the Dagster sensors, "Materialize" in the UI) reads and writes the same
memory. Code versions are computed from the source of the modules a stage imports, never bumped by hand.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import provenance
from provenance.contracts import SourceContract, contract_hashes, file_sha256
from provenance.digests import canonical_json, sha256_hex
from provenance.dumps import Dump, content_hash
from provenance.ingest.failures import lineage_listing
from provenance.layout import CERTIFY, DUMP_STAGES, INGEST, REDACTION, RIGHTS, StageOutput
from provenance.requests import ledger_digest
from provenance.workspace import Workspace, write_json_atomic

INPUTS_FILE = "_inputs.json"
#: where the release's and the lineage's records live (hidden: not a stage's dump folder)
SHARED_INPUTS_DIR = ".inputs"

#: contract fields only the rights stage reads; any other field (or one added later) counts for every stage
RIGHTS_ONLY_FIELDS = frozenset(
    {
        "title",
        "rights_holder",
        "licence",
        "attribution",
        "provenance_url",
        "description",
        "priority",
        "robots_txt",
        "unverified",
        "unverified_reason",
        "signal_captures",
        "sites",
        "person_names",
        "person_names_basis",
        "dumps",
        "path",
        "sha256",
    }
)
#: contract fields redaction reads besides the ingest ones
REDACTION_FIELDS = ("person_names", "person_names_basis")
#: rights inputs that are configuration shared by every dump, not the dump or its contract
RIGHTS_CONFIG_COMPONENTS = frozenset(
    {"licence_policy", "crawler_tokens", "optout_registry", "denylist", "contract_files", "requests"}
)


# --------------------------------------------------------------------------- code versions


_MODULE_NAME = re.compile(r"^(provenance|dagster_defs)(\.\w+)+(:\w+)?$")
#: modules that decide what runs, not what a stage computes: outside every code version
BOOKKEEPING_MODULES = frozenset({"dagster_defs.plan", "provenance.incremental"})
#: the folder holding the project's packages (``provenance`` and ``dagster_defs``)
_ROOT = Path(provenance.__file__).resolve().parent.parent


def _module_file(name: str) -> Path | None:
    """The source file of a project module, found on disk (importing it could load heavy models)."""
    base = _ROOT.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _imports(name: str, path: Path) -> set[str]:
    """The project modules ``name`` imports (absolute and relative), by dotted name."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_bytes())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _MODULE_NAME.match(node.value):
            # Modules imported by name on first use, e.g. READERS = {"warc": "provenance.ingest.warc:read_warc"}.
            found.add(node.value.partition(":")[0])
    roots = ("provenance", "dagster_defs")
    return {m for m in found if m.split(".")[0] in roots and m not in BOOKKEEPING_MODULES}


def code_modules(*modules: str) -> dict[str, Path]:
    """``modules`` and every project module they import, transitively, by dotted name."""
    seen: dict[str, Path] = {}
    todo = list(modules)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        path = _module_file(name)
        if path is None:
            continue
        seen[name] = path
        todo += sorted(_imports(name, path) - set(seen))
    return seen


@functools.cache
def code_version(*modules: str) -> str:
    """sha256 (16 hex) over the source of :func:`code_modules` and the package version: it changes
    whenever code a stage runs changes."""
    seen = code_modules(*modules)
    h = hashlib.sha256(f"provenance {provenance.__version__}\n".encode())
    for name in sorted(seen):
        h.update(f"{name}\0".encode() + seen[name].read_bytes() + b"\0")
    return h.hexdigest()[:16]


# --------------------------------------------------------------------------- inputs and records


@dataclass(frozen=True)
class StageInputs:
    """A stage's input components for one dump (or for the whole workspace), and where its record goes."""

    stage: str
    key: str
    components: dict[str, str]
    record_dir: Path
    #: recorded too, not part of the fingerprint (the dump's size and mtime)
    extra: dict = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        return sha256_hex(canonical_json(self.components))

    def recorded(self) -> dict:
        path = self.record_dir / INPUTS_FILE
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def changed(self) -> list[str]:
        """The components that differ from the record (``["no record"]`` when nothing was recorded)."""
        before = self.recorded().get("components")
        if not isinstance(before, dict):
            return ["no record"]
        return sorted(k for k in self.components.keys() | before.keys() if self.components.get(k) != before.get(k))

    def record(self, run_id: str, **extra) -> None:
        """Say that the output now in place was computed from these inputs, by run ``run_id``."""
        write_json_atomic(
            self.record_dir / INPUTS_FILE,
            {
                "stage": self.stage,
                "key": self.key,
                "fingerprint": self.fingerprint,
                "components": self.components,
                "run_id": run_id,
                **self.extra,
                **extra,
            },
        )


def _contract_projection(source: SourceContract, keep: tuple[str, ...] = ()) -> str:
    data = {
        f.name: getattr(source, f.name)
        for f in dataclasses.fields(source)
        if f.name not in RIGHTS_ONLY_FIELDS or f.name in keep
    }
    return sha256_hex(canonical_json(data))


def dump_sha256(dump: Dump, recorded: dict, hashes: dict | None = None) -> tuple[str, list[int] | None]:
    """The dump's content hash, reused (from its record or ``hashes``) while its size and mtime are unchanged."""
    stat = dump.path.stat()
    stamp = [stat.st_size, stat.st_mtime_ns] if dump.path.is_file() else None
    if stamp is not None:
        if recorded.get("dump_stamp") == stamp and recorded.get("components", {}).get("dump"):
            return recorded["components"]["dump"], stamp
        cached = (hashes or {}).get(dump.relpath) or {}
        if cached.get("stamp") == stamp and cached.get("sha256"):
            return cached["sha256"], stamp
    return content_hash(dump.path), stamp


def ingest_inputs(
    ws: Workspace, dump: Dump, source: SourceContract, code: str, hashes: dict | None = None
) -> StageInputs:
    """The documents stage: the dump's bytes, the contract fields readers use, the code; and the dump's
    size and mtime, recorded with it so an unchanged file is not hashed again."""
    record_dir = ws.stage_dir(INGEST, dump.dump_id)
    previous = StageInputs(INGEST.name, dump.dump_id, {}, record_dir).recorded()
    digest, stamp = dump_sha256(dump, previous, hashes)
    components = {"code": code, "dump": digest, "contract": _contract_projection(source)}
    return StageInputs(INGEST.name, dump.dump_id, components, record_dir, {"dump_stamp": stamp})


def redaction_inputs(
    ws: Workspace,
    dump: Dump,
    source: SourceContract,
    upstream: StageInputs,
    code: str,
    pii_policy_sha256: str,
    pii_key_id: str,
) -> StageInputs:
    components = {
        "code": code,
        INGEST.name: upstream.fingerprint,
        "pii_policy": pii_policy_sha256,
        "pii_key": pii_key_id,
        "contract": _contract_projection(source, keep=REDACTION_FIELDS),
    }
    return StageInputs(REDACTION.name, dump.dump_id, components, ws.stage_dir(REDACTION, dump.dump_id))


@dataclass(frozen=True)
class RightsConfigDigests:
    """The shared rights configuration, each part hashed once per plan."""

    licence_policy: str
    crawler_tokens: str
    optout_registry: str
    denylist: str
    #: every other contracts file rights may read (supplied robots.txt ...): not sources, PII or the request ledger
    contract_files: str
    files: dict[str, str] = field(default_factory=dict)
    #: the request ledger (:func:`provenance.requests.ledger_digest`; '' when empty)
    requests: str = ""


def rights_config_digests(
    contracts: Path, policy_sha256: str, tokens_sha256: str, registry_sha256: str, denylist_sha256: str
) -> RightsConfigDigests:
    files = contract_hashes(contracts)
    others = {
        k: v
        for k, v in files.items()
        if not k.startswith(("sources/", "optouts/", "denylist/", "requests/"))
        and k not in ("pii_policy.yaml", "licence_policy.yaml", "crawler_tokens.yaml")
    }
    return RightsConfigDigests(
        policy_sha256,
        tokens_sha256,
        registry_sha256,
        denylist_sha256,
        sha256_hex(canonical_json(others)),
        files,
        ledger_digest(contracts),
    )


def _signal_captures_sha256(source: SourceContract, home: Path) -> str:
    found: dict[str, str] = {}
    for pattern in source.signal_captures:
        matches = [Path(pattern)] if Path(pattern).is_absolute() else sorted(home.glob(pattern))
        for path in matches:
            for f in [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()):
                # Named under PROVENANCE_HOME when there, so a moved workspace keeps its memory.
                found[f.relative_to(home).as_posix() if f.is_relative_to(home) else str(f)] = file_sha256(f)
    return sha256_hex(canonical_json(found))


def rights_inputs(
    ws: Workspace, dump: Dump, source: SourceContract, upstream: StageInputs, code: str, config: RightsConfigDigests
) -> StageInputs:
    components = {
        "code": code,
        REDACTION.name: upstream.fingerprint,
        "contract": source.sha256 or _contract_projection(source, keep=tuple(RIGHTS_ONLY_FIELDS)),
        "licence_policy": config.licence_policy,
        "crawler_tokens": config.crawler_tokens,
        "optout_registry": config.optout_registry,
        "denylist": config.denylist,
        "contract_files": config.contract_files,
        "requests": config.requests,
        "signal_captures": _signal_captures_sha256(source, ws.home),
    }
    return StageInputs(RIGHTS.name, dump.dump_id, components, ws.stage_dir(RIGHTS, dump.dump_id))


def recorded_fingerprints(ws: Workspace, stage: StageOutput) -> dict[str, str]:
    """dump_id -> the fingerprint recorded with each published output of ``stage`` ("" when none was)."""
    out = {}
    for dump_id in ws.stage_dumps(stage):
        record = StageInputs(stage.name, dump_id, {}, ws.stage_dir(stage, dump_id)).recorded()
        out[dump_id] = record.get("fingerprint", "")
    return out


def releases_listing(ws: Workspace) -> dict[str, str]:
    """Every published release and withdrawal file, with its sha256: what certify and lineage read back."""
    out: dict[str, str] = {}
    if not ws.releases.is_dir():
        return out
    for release in sorted(p for p in ws.releases.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for f in [release / "manifest.dsse.json", *sorted((release / "withdrawals").glob("*"))]:
            if f.is_file():
                out[f.relative_to(ws.releases).as_posix()] = file_sha256(f)
    return out


def shared_inputs(ws: Workspace, stage: str, components: dict[str, str]) -> StageInputs:
    return StageInputs(stage, stage, components, ws.staging / SHARED_INPUTS_DIR / stage)


def certify_inputs(ws: Workspace, code: str, contract_files: dict[str, str], signing_key_id: str) -> StageInputs:
    """The release: every cleared output (by its recorded fingerprint), every contract file, the signing key."""
    components = {
        "code": code,
        RIGHTS.name: sha256_hex(canonical_json(recorded_fingerprints(ws, RIGHTS))),
        "contracts": sha256_hex(canonical_json(contract_files)),
        "signing_key": signing_key_id,
        "releases": sha256_hex(canonical_json(releases_listing(ws))),
    }
    return shared_inputs(ws, CERTIFY.name, components)


def lineage_inputs(ws: Workspace, code: str, contract_files: dict[str, str]) -> StageInputs:
    """The lineage database: every stage's outputs (by recorded fingerprint), contracts and releases."""
    stages = {s.name: recorded_fingerprints(ws, s) for s in DUMP_STAGES}
    components = {
        "code": code,
        "stages": sha256_hex(canonical_json(stages)),
        "contracts": sha256_hex(canonical_json(contract_files)),
        "releases": sha256_hex(canonical_json(releases_listing(ws))),
        "dumps": sha256_hex(canonical_json(lineage_listing(ws))),
        "database": "present" if ws.lineage_db.exists() else "absent",
    }
    return shared_inputs(ws, "lineage_db", components)
