"""The settings a `provenance` command runs with: read from the environment once per invocation, by the command line.

The root app's callback reads ``PROVENANCE_*`` into a :class:`~provenance.workspace.Settings` on the click
context; commands take what they need from it and pass it down as arguments. Nothing below the command
line reads the environment.
"""

from __future__ import annotations

import os

import click
import typer

from provenance.workspace import Settings


def read_settings(ctx: typer.Context) -> None:
    """The root app's callback: the one place the command line reads the environment."""
    ctx.obj = Settings.from_environ(os.environ)


def current_settings() -> Settings:
    """The settings the entry point read; a command registered on an app of its own (as tests do) reads them here."""
    ctx = click.get_current_context(silent=True)
    found = ctx.find_object(Settings) if ctx is not None else None
    if found is None:
        found = Settings.from_environ(os.environ)
        if ctx is not None:
            ctx.find_root().obj = found
    return found
