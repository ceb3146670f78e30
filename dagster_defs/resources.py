"""Resources: where the workspace and contracts are. Everything else is read from them."""

import dagster as dg

from provenance.contracts import SourceContract, load_sources
from provenance.dumps import Dump, discover_dumps
from provenance.workspace import Workspace


class ProvenanceResource(dg.ConfigurableResource):
    """The workspace (``PROVENANCE_HOME``) and contracts folder (``PROVENANCE_CONTRACTS``).
    Left empty, each comes from its environment variable, then its default."""

    home: str = ""
    contracts: str = ""

    def workspace(self) -> Workspace:
        return Workspace.from_env(self.home or None, self.contracts or None)

    def sources(self) -> dict[str, SourceContract]:
        return load_sources(self.workspace().contracts)

    def dump(self, dump_id: str) -> tuple[Dump, SourceContract]:
        """The dump behind a partition key, and its source contract."""
        ws = self.workspace()
        sources = load_sources(ws.contracts)
        for dump in discover_dumps(ws.home, sources):
            if dump.dump_id == dump_id:
                return dump, sources[dump.source_id]
        raise dg.Failure(
            description=f"no dump with id {dump_id!r} under {ws.home}: its file was removed or its contract changed",
        )
