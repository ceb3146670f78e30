"""Lineage: every training sample traceable to its source, licence, opt-out checks and redactions, in DuckDB.

- :func:`provenance.lineage.build.build_lineage` builds ``$PROVENANCE_HOME/lineage.duckdb``;
- :func:`provenance.lineage.completeness.check_completeness` proves every record is accounted for;
- :mod:`provenance.lineage.queries` (and :mod:`~provenance.lineage.parties`) answer the legal team's questions;
- :mod:`provenance.lineage.cli` is ``provenance query``.

Their SQL lives in this package's ``.sql`` files, rendered by :mod:`provenance.lineage.sql` with the
vocabularies of :mod:`provenance.vocabulary`; :mod:`provenance.lineage.tables` describes every table.
"""

_EXPORTS = {
    "build_lineage": "provenance.lineage.build",
    "check_completeness": "provenance.lineage.completeness",
    "demo_answers": "provenance.lineage.demo",
}


def __getattr__(name: str):
    # Lazy, so importing one submodule does not import them all.
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'provenance.lineage' has no attribute {name!r}")
