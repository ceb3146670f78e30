"""Dagster orchestration over the `provenance` stages: assets, checks, sensors, resources, the runner and the
`run`, `demo` and `ui` commands.

The code location is :mod:`dagster_defs.definitions` (``[tool.dagster]`` in pyproject.toml). Nothing is
imported here, so that `provenance redact` and the other commands of the core library start without Dagster.
"""
