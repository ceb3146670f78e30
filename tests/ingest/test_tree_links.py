"""Links in a text tree are members that are never followed: a link to a file or a folder, in a folder, a tar
or a zip, is one skipped row naming it, and nothing it points to is read (above all, nothing outside the tree)."""

from __future__ import annotations

import io
import stat
import tarfile
import zipfile

from provenance.ingest.locators import tree_member
from provenance.ingest.records import SkipReason
from provenance.ingest.text_tree import read_text_tree

SECRET = "Texte hors de l'arbre : il ne doit jamais être lu.\n"


def test_links_in_a_folder_to_a_file_and_a_folder_outside_are_skipped_rows_and_never_read(kit, tmp_dump, tmp_path):
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (outside / "deep" / "more.txt").write_text(SECRET, encoding="utf-8")
    tree = tmp_dump / "notes"
    (tree / "2024").mkdir(parents=True)
    (tree / "2024" / "seance.txt").write_text("La séance est ouverte à dix heures.\n", encoding="utf-8")
    (tree / "lien.txt").symlink_to(outside / "secret.txt")
    (tree / "2024" / "dossier").symlink_to(outside / "deep", target_is_directory=True)
    (tree / "casse.txt").symlink_to(tmp_path / "nowhere.txt")  # a dangling link

    items = kit.by_type(kit.read_all(read_text_tree, tree, kit.make_source("text")))

    assert [d.metadata["member"] for d in items["documents"]] == ["2024/seance.txt"]
    assert not any(SECRET.strip() in d.text for d in items["documents"])
    assert sorted((s.locator, s.reason) for s in items["skipped"]) == [
        (tree_member("landing/src/notes", name), SkipReason.TREE_SYMLINK)
        for name in ("2024/dossier", "casse.txt", "lien.txt")
    ]


def test_link_members_of_a_tar_and_a_zip_are_skipped_rows(kit, tmp_dump):
    body = b"Proces-verbal de la seance du 3 mars.\n"
    tar_path = tmp_dump / "archive.tar.gz"
    with tarfile.open(tar_path, "w:gz") as archive:
        for name, kind, target in (
            ("lien.txt", tarfile.SYMTYPE, "/etc/passwd"),
            ("dur.txt", tarfile.LNKTYPE, "pv.txt"),
        ):
            info = tarfile.TarInfo(name)
            info.type, info.linkname = kind, target
            archive.addfile(info)
        info = tarfile.TarInfo("pv.txt")
        info.size = len(body)
        archive.addfile(info, io.BytesIO(body))
    zip_path = tmp_dump / "archive.zip"
    with zipfile.ZipFile(zip_path, "w") as archive:
        link = zipfile.ZipInfo("lien.txt")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16  # how Info-ZIP stores a link: its target as content
        archive.writestr(link, "/etc/passwd")
        archive.writestr("pv.txt", body)

    for path in (tar_path, zip_path):
        items = kit.by_type(kit.read_all(read_text_tree, path, kit.make_source("text")))
        assert [d.text for d in items["documents"]] == [body.decode()]
        links = ["dur.txt", "lien.txt"] if path == tar_path else ["lien.txt"]
        assert sorted((s.locator, s.reason) for s in items["skipped"]) == [
            (tree_member(f"landing/src/{path.name}", name), SkipReason.TREE_SYMLINK) for name in links
        ]
