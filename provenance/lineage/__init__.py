"""Lineage: every training sample traceable to its source, licence, opt-out checks and redactions, in DuckDB.

- :func:`provenance.lineage.build.build_lineage` builds ``$PROVENANCE_HOME/lineage.duckdb``;
- :func:`provenance.lineage.completeness.check_completeness` proves every record is accounted for;
- :mod:`provenance.lineage.queries` answers the legal team's named questions;
- :mod:`provenance.lineage.cli` is ``provenance query``.
"""
