"""PII accuracy: this stage against plain Presidio on the hand-written gold sets, dev, held-out and test, in one run.

Baseline, named "plain Presidio": the same spaCy models loaded whole, Presidio's default
recognizers, ``AnalyzerEngine.analyze()`` per document, every entity it returns counted as
redacted (provenance/pii/baseline.py). Gold: benchmarks/gold/{dev,heldout,test}.jsonl (see the
README there: the recognizers were tuned on dev and, in a second round, on heldout too; test is the
larger independent split, never tuned on, and the only honest measure).

    .venv/bin/python benchmarks/pii_accuracy.py [--errors]

Prints, per language and overall: recall and precision per entity type, person-name word
recall, the share of non-PII words redacted, structured-identifier recall, against the targets.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    import typer
    from typer.testing import CliRunner

    from provenance.pii.cli import eval_pii

    app = typer.Typer()
    app.command()(eval_pii)
    extra = ["--errors"] if "--errors" in sys.argv else []
    for split in ("dev", "heldout", "test"):
        result = CliRunner().invoke(app, [str(ROOT / "benchmarks" / "gold" / f"{split}.jsonl"), *extra])
        print(f"\n######## {split} ########")
        print(result.stdout)
        if result.exit_code != 0:
            print(result.stderr, file=sys.stderr)
            return result.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
