"""The text-tree reader: folders, tar and zip archives of .txt/.md/.html files, one document per file."""

from __future__ import annotations

import io
import tarfile
import zipfile

import pytest

from provenance.ingest.locators import tree_member
from provenance.ingest.records import QuarantineReason
from provenance.ingest.text_tree import read_text_tree

DECISION = (
    "TRIBUNAL ADMINISTRATIF DE RENNES\n\nN° 2301457\n\nVu la procédure suivante : par une requête enregistrée "
    "le 3 avril 2023, l'association Bretagne Vivante demande au tribunal d'annuler l'arrêté préfectoral.\n"
)
MINUTES = """---
title: Compte rendu du conseil communautaire du 5 octobre 2023
author: Service des assemblées
date: 2023-10-05
licence: etalab-2.0
lang: fr
---
# Conseil communautaire

La séance est ouverte à 18 h 30 sous la présidence de Mme Hélène Robert.

## Délibérations

1. Approbation du procès-verbal de la séance précédente : adopté à l'unanimité.
"""
README = """Forum archive, winter 2019
==========================

Posts from the *Cyclists of Leeds* message board, exported by the moderators.
"""


def tree_files(kit) -> dict[str, bytes]:
    return {
        "decisions/2023/ta-rennes-2301457.txt": DECISION.encode("utf-8"),
        "decisions/2023/ancien-latin1.txt": "Arrêt rendu à Besançon le 12 décembre 1998.".encode("latin-1"),
        "conseil/2023-10-05.md": MINUTES.encode("utf-8"),
        "forum/README.md": README.encode("utf-8"),
        "presse/budget-2024.html": kit.FRENCH_ARTICLE.encode("utf-8"),
        "presse/logo.png": b"\x89PNG\r\n\x1a\n" + bytes(64),
        "presse/rapport.docx": b"PK\x03\x04 not really a docx",
        "scans/page-001.txt": b"\x00\x01\x02OCR\x00garbage\x00" * 20,
    }


EXPECTED_DOCS = [
    "conseil/2023-10-05.md",
    "decisions/2023/ancien-latin1.txt",
    "decisions/2023/ta-rennes-2301457.txt",
    "forum/README.md",
    "presse/budget-2024.html",
]


def make_tree(kit, root, kind: str):
    files = tree_files(kit)
    if kind == "folder":
        target = root / "archive"
        for name, data in files.items():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).write_bytes(data)
        (target / ".git").mkdir()
        (target / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
        return target
    if kind == "zip":
        target = root / "archive.zip"
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, data in sorted(files.items()):
                archive.writestr(name, data)
        return target
    target = root / {"tar": "archive.tar", "tar.gz": "archive.tar.gz", "tgz": "archive.tgz"}[kind]
    mode = "w" if kind == "tar" else "w:gz"
    with tarfile.open(target, mode) as archive:
        for name, data in sorted(files.items()):
            info = tarfile.TarInfo(f"./{name}")
            info.size = len(data)
            info.mtime = 1700000000
            archive.addfile(info, io.BytesIO(data))
    return target


@pytest.mark.parametrize("kind", ["folder", "tar", "tar.gz", "tgz", "zip"])
def test_each_text_file_becomes_a_document_named_by_its_path_in_the_tree(kit, tmp_dump, kind):
    path = make_tree(kit, tmp_dump, kind)
    source = kit.make_source("text", encoding="cp1252")
    items = kit.by_type(kit.read_all(read_text_tree, path, source))
    docs = {d.metadata["member"]: d for d in items["documents"]}
    assert sorted(docs) == EXPECTED_DOCS
    for name, doc in docs.items():
        assert doc.locator == tree_member(f"landing/src/{path.name}", name)
    assert [(q.locator.split("!")[1], q.reason) for q in items["quarantined"]] == [
        ("scans/page-001.txt", QuarantineReason.UNSUPPORTED_CONTENT)
    ]
    # the png and the docx are counted as skipped; the folder's hidden .git is not part of the tree
    assert sorted(s.reason for s in items["skipped"]) == ["tree_other_file", "tree_other_file"]

    decision = docs["decisions/2023/ta-rennes-2301457.txt"]
    assert decision.text == DECISION and decision.title is None  # a file name is not a title
    assert decision.content_type == "text/plain"
    assert docs["decisions/2023/ancien-latin1.txt"].text == "Arrêt rendu à Besançon le 12 décembre 1998."

    minutes = docs["conseil/2023-10-05.md"]
    assert minutes.title == "Compte rendu du conseil communautaire du 5 octobre 2023"
    assert (minutes.author, str(minutes.published_at), minutes.licence, minutes.lang) == (
        "Service des assemblées",
        "2023-10-05",
        "etalab-2.0",
        "fr",
    )
    assert minutes.text.startswith("# Conseil communautaire") and "title:" not in minutes.text
    assert docs["forum/README.md"].title == "Forum archive, winter 2019"

    page = docs["presse/budget-2024.html"]
    assert "le budget primitif de l'exercice 2024" in page.text and "Accueil" not in page.text
    assert page.meta_tdm_reservation == "1" and page.meta_robots == "index, follow, noai"
    assert "https://creativecommons.org/licenses/by-nc/4.0/" in page.licence_hints
    assert page.content_type == "text/html"


def test_a_truncated_tar_gz_keeps_the_members_before_the_cut(kit, tmp_dump):
    path = tmp_dump / "big.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        for i in range(60):
            # incompressible-enough text so the cut lands among members
            data = (f"Procès-verbal n° {i}. " + " ".join(f"mot{i * 7919 % (j + 13)}x{j}" for j in range(900))).encode()
            info = tarfile.TarInfo(f"pv/pv-{i:03d}.txt")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    items = kit.by_type(kit.read_all(read_text_tree, path, kit.make_source("text")))
    kept = [d.metadata["member"] for d in items["documents"]]
    assert 5 < len(kept) < 60 and kept == [f"pv/pv-{i:03d}.txt" for i in range(len(kept))]
    (cut,) = items["quarantined"]
    assert cut.reason == QuarantineReason.TRUNCATED_STREAM
    # the member being read when the data ran out, or the offset where the next header was due
    assert cut.locator in (
        tree_member("landing/src/big.tar.gz", f"pv/pv-{len(kept):03d}.txt"),
        f"landing/src/big.tar.gz@{cut.locator.rsplit('@', 1)[-1]}",
    )


def test_a_corrupt_zip_member_costs_only_itself(kit, tmp_dump):
    path = tmp_dump / "minutes.zip"
    texts = {f"pv-{i}.txt": f"Séance {i} : le conseil adopte la délibération {i}.".encode() for i in range(3)}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in texts.items():
            archive.writestr(name, data)
    data = bytearray(path.read_bytes())
    offset = data.index(texts["pv-1.txt"])
    data[offset + 3] ^= 0x20  # flips a letter: the stored CRC no longer matches
    path.write_bytes(bytes(data))
    items = kit.by_type(kit.read_all(read_text_tree, path, kit.make_source("text")))
    assert [d.metadata["member"] for d in items["documents"]] == ["pv-0.txt", "pv-2.txt"]
    assert [(q.locator, q.reason) for q in items["quarantined"]] == [
        (tree_member("landing/src/minutes.zip", "pv-1.txt"), QuarantineReason.INVALID_RECORD)
    ]


def test_a_truncated_zip_is_one_quarantine_row_naming_the_file(kit, tmp_dump):
    path = make_tree(kit, tmp_dump, "zip")
    path.write_bytes(path.read_bytes()[:-60])  # the central directory is gone
    (item,) = kit.read_all(read_text_tree, path, kit.make_source("text"))
    assert item.reason == QuarantineReason.TRUNCATED_STREAM and "archive.zip" in item.message


def test_a_tar_with_a_garbage_header_says_where_reading_stopped(kit, tmp_dump):
    path = make_tree(kit, tmp_dump, "tar")
    data = bytearray(path.read_bytes())
    second = data.index(b"./decisions/2023/ancien-latin1.txt")  # members are sorted: the second header
    data[second : second + 512] = b"\xde\xad\xbe\xef" * 128
    path.write_bytes(bytes(data))
    items = kit.by_type(kit.read_all(read_text_tree, path, kit.make_source("text")))
    assert [d.metadata["member"] for d in items["documents"]] == ["conseil/2023-10-05.md"]
    assert [q.reason for q in items["quarantined"]] == [QuarantineReason.INVALID_RECORD]


def test_a_lone_compressed_text_file_is_a_tree_of_one(kit, tmp_dump):
    import gzip

    path = tmp_dump / "discours.txt.gz"
    path.write_bytes(gzip.compress("Mesdames et messieurs les députés, ...".encode(), mtime=0))
    (doc,) = kit.read_all(read_text_tree, path, kit.make_source("text"))
    assert doc.locator == tree_member("landing/src/discours.txt.gz", "discours.txt") and doc.title is None


def test_a_file_that_is_no_archive_is_one_invalid_record(kit, tmp_dump):
    path = tmp_dump / "export.tar"
    path.write_text("Ceci n'est pas une archive tar, mais un export mal nommé.\n" * 20)
    (item,) = kit.read_all(read_text_tree, path, kit.make_source("text"))
    assert item.reason == QuarantineReason.INVALID_RECORD
