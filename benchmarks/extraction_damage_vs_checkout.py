"""Text damage per real source, read by the ingest code of another checkout and measured by this one's.

The baseline for ``extraction_quality.py``'s per-source table: how much markup residue, how many
orphan gaps and boilerplate lines the readers of an earlier commit left in the same real fixtures.

    .venv/bin/python benchmarks/extraction_damage_vs_checkout.py [CHECKOUT_DIR]

Without a folder it checks out ``BASELINE_COMMIT`` (the readers before real dumps were read right) into a
temporary git worktree, and removes it afterwards.

Contracts are read from this checkout's ``tests/fixtures/real/contracts/sources`` and reduced to the
fields the other checkout's ``SourceContract`` knows. A source the other checkout cannot read prints
the error's type instead of figures.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parents[1]
REAL = HERE / "tests" / "fixtures" / "real"
#: The named baseline: the last commit before issue 9 ("real archives, read right").
BASELINE_COMMIT = "0cac102"


def _measure_module():
    spec = importlib.util.spec_from_file_location("text_quality_here", HERE / "provenance/ingest/text_quality.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main(checkout: Path) -> None:
    quality = _measure_module()
    # The other checkout's package must win over this one's editable install.
    sys.meta_path[:] = [finder for finder in sys.meta_path if "editable" not in repr(finder).lower()]
    sys.path.insert(0, str(checkout))
    from functools import partial

    import pyarrow.parquet as pq

    from provenance.contracts import SourceContract
    from provenance.dumps import discover_dumps
    from provenance.ingest.run import ingest_dump
    from provenance.workspace import publish_stage

    known = set(SourceContract.__dataclass_fields__)
    print(f"readers of {checkout}, measured by {HERE}")
    print(f"{'source':28} {'docs':>6} {'residue':>8} {'orphans':>8} {'boilerpl':>8}")
    for path in sorted((REAL / "contracts" / "sources").glob("*.yaml")):
        fields = {k: v for k, v in yaml.safe_load(path.read_text()).items() if k in known}
        fields["dumps"] = (fields["dumps"],) if isinstance(fields["dumps"], str) else tuple(fields["dumps"])
        source = SourceContract(**fields)
        damage, docs, error = quality.TextDamage(0, 0, 0), 0, ""
        for dump in discover_dumps(REAL, {source.id: source}):
            with tempfile.TemporaryDirectory() as tmp:
                try:
                    publish_stage(Path(tmp) / "out", partial(ingest_dump, dump, source))
                except Exception as exc:
                    error = type(exc).__name__
                    continue
                texts = pq.read_table(Path(tmp) / "out" / "documents.parquet", columns=["text"]).column("text")
                for text in texts.to_pylist():
                    damage, docs = damage + quality.measure(text), docs + 1
        print(
            f"{source.id:28} {docs:>6} {damage.residue:>8} {damage.orphan_gaps:>8} {damage.boilerplate_lines:>8}"
            f" {error}"
        )


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(Path(sys.argv[1]).resolve())
    else:
        with tempfile.TemporaryDirectory() as tmp:
            worktree = Path(tmp) / "baseline"
            added = subprocess.run(
                ["git", "-C", str(HERE), "worktree", "add", "--detach", str(worktree), BASELINE_COMMIT],
                capture_output=True,
                text=True,
                check=False,
            )
            if added.returncode != 0:
                print(
                    f"baseline {BASELINE_COMMIT} cannot be checked out here (a shallow clone?): "
                    f"{added.stderr.strip()}; pass a checkout folder instead"
                )
                sys.exit(0)
            try:
                main(worktree)
            finally:
                subprocess.run(
                    ["git", "-C", str(HERE), "worktree", "remove", "--force", str(worktree)],
                    capture_output=True,
                    check=False,
                )
