"""Ingest: streaming readers for archive dumps, producing the canonical document table."""
