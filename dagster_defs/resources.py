"""The settings a run reads (workspace, contracts, keys) and what it derives from them once per run."""

from __future__ import annotations

import dagster as dg
from pydantic import PrivateAttr

from dagster_defs.plan import DUMP_STAGES, RightsConfigDigests, dump_inputs, pii_config, rights_config
from provenance.contracts import SourceContract, load_sources
from provenance.dumps import Dump, discover_dumps
from provenance.incremental import StageInputs
from provenance.layout import REDACTION, RIGHTS
from provenance.workspace import DEFAULT_CONTRACTS, DEFAULT_HOME, Workspace


class ProvenanceResource(dg.ConfigurableResource):
    """The workspace (``PROVENANCE_HOME``), the contracts folder (``PROVENANCE_CONTRACTS``) and the keys
    (``PROVENANCE_SIGNING_KEY``, ``PROVENANCE_PII_KEY``; empty: not configured). :mod:`dagster_defs.definitions`
    fills them from the environment; assets and checks read them here, never from the environment.

    The contracts, their digests, the dumps they find and the dumps' hashes are read on first use and kept for
    the rest of the run: Dagster builds this resource afresh for every run (and every step process), and
    :meth:`setup_for_execution` forgets anything a copy carried over, so a run sees one consistent set of
    contracts and the next run sees them as they are then.
    """

    home: str = str(DEFAULT_HOME)
    contracts: str = str(DEFAULT_CONTRACTS)
    signing_key: str = ""
    pii_key: str = ""

    _sources: dict[str, SourceContract] | None = PrivateAttr(default=None)
    _dumps: dict[str, Dump] | None = PrivateAttr(default=None)
    _rights_config: RightsConfigDigests | None = PrivateAttr(default=None)
    _pii: tuple[str, str] | None = PrivateAttr(default=None)
    _dump_hashes: dict = PrivateAttr(default_factory=dict)

    @classmethod
    def for_workspace(cls, ws: Workspace) -> ProvenanceResource:
        return cls(
            home=str(ws.home),
            contracts=str(ws.contracts),
            signing_key=str(ws.signing_key or ""),
            pii_key=str(ws.pii_key or ""),
        )

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._sources = None
        self._dumps = None
        self._rights_config = None
        self._pii = None
        self._dump_hashes = {}

    def workspace(self) -> Workspace:
        return Workspace.at(self.home, self.contracts, self.signing_key or None, self.pii_key or None)

    def sources(self) -> dict[str, SourceContract]:
        if self._sources is None:
            self._sources = load_sources(self.workspace().contracts)
        return self._sources

    def dumps(self) -> dict[str, Dump]:
        """Every dump the contracts find under the workspace, by dump id."""
        if self._dumps is None:
            self._dumps = {dump.dump_id: dump for dump in discover_dumps(self.workspace().home, self.sources())}
        return self._dumps

    def dump(self, dump_id: str) -> tuple[Dump, SourceContract]:
        """The dump behind a partition key, and its source contract."""
        dump = self.dumps().get(dump_id)
        if dump is None:
            raise dg.Failure(
                description=f"no dump with id {dump_id!r} under {self.workspace().home}: "
                "its file was removed or its contract changed",
            )
        return dump, self.sources()[dump.source_id]

    def stage_inputs(self, stage: str, dump: Dump) -> StageInputs:
        """What one stage of one dump is computed from now (:func:`dagster_defs.plan.dump_inputs`); the asset
        records it once its output is published."""
        ws = self.workspace()
        upstream = DUMP_STAGES[: DUMP_STAGES.index(stage) + 1]
        if REDACTION.name in upstream and self._pii is None:
            self._pii = pii_config(ws)
        if RIGHTS.name in upstream and self._rights_config is None:
            self._rights_config = rights_config(ws)
        inputs = dump_inputs(ws, dump, self.sources(), self._rights_config, self._pii, self._dump_hashes, upto=stage)
        return inputs[stage]
