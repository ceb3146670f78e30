"""Reading contract files: YAML parsing, JSON Schema validation, problems naming the file and field, file hashes.

Every file is validated against its JSON Schema, shipped in the package (``provenance/data_contracts/schemas/``).
A bad file raises :class:`ContractError` naming the file and the offending field; nothing half-valid
is ever returned.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml


def packaged_file(*parts: str) -> Path:
    """A file of ``provenance/data_contracts/`` (JSON Schemas, default policies), read where the package is installed.

    They travel with the code, not with a contracts folder, so that a workspace's own contracts are always
    checked against this code's expectations. The checkout's ``data_contracts/`` keeps identical copies for
    people to read and copy (tests/test_packaging.py keeps them identical).
    """
    resource = importlib.resources.files("provenance").joinpath("data_contracts", *parts)
    if not isinstance(resource, Path):  # policies are hashed and named by path: the package must be files on disk
        raise RuntimeError(f"provenance must be installed as files on disk to read {'/'.join(parts)}")
    return resource


@dataclass(frozen=True)
class Problem:
    path: Path
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: {self.message}"


class ContractError(ValueError):
    """One or more contract files are invalid. ``str()`` names each file and field."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        if len(self.problems) == 1:
            text = f"invalid contract: {self.problems[0]}"
        else:
            text = f"{len(self.problems)} invalid contract entries:\n" + "\n".join(f"  {p}" for p in self.problems)
        super().__init__(text)


@cache
def _validator(schema_name: str) -> jsonschema.protocols.Validator:
    schema = json.loads(packaged_file("schemas", schema_name).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _field_of(error: jsonschema.ValidationError, prefix: str = "") -> str:
    parts = [str(p) for p in error.absolute_path]
    if error.validator == "required":
        # "'title' is a required property": the missing key is the field at fault.
        missing = error.message.split("'")[1] if "'" in error.message else ""
        parts.append(missing)
    elif error.validator == "additionalProperties" and "'" in error.message:
        parts.append(error.message.split("'")[1])
    name = ".".join(p for p in parts if p)
    return (prefix + name) if name else (prefix.rstrip(".") or "(document)")


def _problem_message(error: jsonschema.ValidationError) -> str:
    if error.validator == "required":
        return "is required"
    if error.validator == "additionalProperties":
        return "is not a known key (" + error.message + ")"
    if error.validator == "enum" and isinstance(error.validator_value, list):  # a checked schema's enum is a list
        return f"{error.instance!r} is not one of {error.validator_value}"
    if error.validator == "pattern":
        return f"{error.instance!r} does not have the expected form ({error.validator_value})"
    if error.validator == "format":
        return f"{error.instance!r} is not a valid {error.validator_value}"
    return error.message


def validate(document: Any, schema_name: str, path: Path, prefix: str = "") -> list[Problem]:
    """All the ways ``document`` breaks the named schema, as problems naming ``path`` and the field."""
    errors = sorted(_validator(schema_name).iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    return [Problem(path, _field_of(e, prefix), _problem_message(e)) for e in errors]


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContractError([Problem(path, "(file)", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]) from None
    except OSError as exc:
        raise ContractError([Problem(path, "(file)", f"cannot be read: {exc.strerror}")]) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(document)"
        raise ContractError([Problem(path, where, f"not valid YAML: {getattr(exc, 'problem', exc)}")]) from None


def load_validated_yaml(path: Path, schema_name: str) -> Any:
    """Read a YAML file and validate it against the packaged ``schemas/<schema_name>``."""
    document = read_yaml(path)
    problems = validate(document, schema_name, path)
    if problems:
        raise ContractError(problems)
    return document


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
