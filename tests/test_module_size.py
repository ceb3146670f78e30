"""Modules and functions stay small enough to read: no module of the product over 400 lines, no function over 60.

A function's own lines run from its ``def`` (decorators included) to its last line, less the lines of the functions
and classes defined inside it: those are measured on their own. Every offender is listed, not only the first.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("provenance", "dagster_defs")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

_Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def _modules() -> list[Path]:
    return sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py"))


def _span(node: _Definition) -> tuple[int, int]:
    first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
    return first, node.end_lineno or node.lineno


def _nested(node: ast.AST) -> list[_Definition]:
    """The functions and classes defined directly inside ``node`` (at any depth of its statements, not inside them)."""
    found: list[_Definition] = []
    for child in ast.iter_child_nodes(node):
        if isinstance(child, _Definition):
            found.append(child)
        else:
            found.extend(_nested(child))
    return found


def own_lines(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    first, last = _span(function)
    inner = sum(end - start + 1 for start, end in map(_span, _nested(function)))
    return last - first + 1 - inner


def _functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]


def test_the_size_rules_measure_what_they_say():
    tree = ast.parse(
        "@decorated\n"
        "def outer():\n"
        "    x = 1\n"
        "    def inner():\n"
        "        return 2\n"
        "    class Local:\n"
        "        def method(self):\n"
        "            return 3\n"
        "    return x\n"
    )
    sizes = {f.name: own_lines(f) for f in _functions(tree)}
    assert sizes == {"outer": 4, "inner": 2, "method": 2}
    assert _modules(), "no module found: the packages moved?"


def test_no_module_is_over_400_lines():
    offenders = []
    for path in _modules():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            offenders.append(f"{path.relative_to(ROOT)}: {lines} lines")
    assert not offenders, f"{len(offenders)} modules over {MAX_MODULE_LINES} lines:\n" + "\n".join(offenders)


def test_no_function_is_over_60_lines():
    offenders = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for function in _functions(tree):
            lines = own_lines(function)
            if lines > MAX_FUNCTION_LINES:
                offenders.append(f"{path.relative_to(ROOT)}:{function.lineno} {function.name}(): {lines} lines")
    assert not offenders, f"{len(offenders)} functions over {MAX_FUNCTION_LINES} lines:\n" + "\n".join(offenders)
