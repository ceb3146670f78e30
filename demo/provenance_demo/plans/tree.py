"""Plan of the legal documentation centre's text tree: decisions as .txt and .html, a press review in Markdown with
per-file licences, an encyclopedia copy, a Windows-1252 file from an old system, an empty file and scans."""

from __future__ import annotations

import datetime as dt

from provenance.ingest.records import QuarantineReason
from provenance_demo import catalogue
from provenance_demo.entry import Entry, HtmlPage
from provenance_demo.plans import DumpPlan, World, entry_from_piece, slug
from provenance_demo.writers.warc import png_pixel

ROOT = "cdj-export-2024"
SITE_NAME = "Centre de documentation juridique du Rhône"


def _latin1_safe(text: str) -> bool:
    """Characters that read back the same whichever of Windows-1252 or Latin-1 a detector guesses."""
    try:
        return not any(0x80 <= b <= 0x9F for b in text.encode("cp1252"))
    except UnicodeEncodeError:
        return False


def plan_tree(world: World, count: int) -> DumpPlan:
    source = "cdj_decisions"
    rng = world.rng(source)
    entries: list[Entry] = []
    names: set[str] = set()

    def member(folder: str, stem: str, ext: str) -> str:
        name = f"{ROOT}/{folder}/{stem}{ext}"
        n = 2
        while name in names:
            name = f"{ROOT}/{folder}/{stem}-{n}{ext}"
            n += 1
        names.add(name)
        return name

    def decision(key: str, lang: str, ext: str = ".txt", topic: str | None = None) -> Entry:
        day = dt.date(2019, 1, 7) + dt.timedelta(days=rng.randint(0, 1900))
        piece = world.piece("court", lang, f"{source}/{key}", day, topic=topic)
        entry = entry_from_piece(f"{source}/{key}", source, piece, ext in (".txt", ".md"))
        folder = "fr/cour-appel" if lang == "fr" else "en/county-court"
        entry.member = member(folder, f"{day:%Y-%m-%d}-{slug(piece.title, 40)}", ext)
        # A .txt file's title is its name; an HTML page's, its <title>.
        if ext == ".txt":
            entry.title = entry.member.rsplit("/", 1)[1].removesuffix(ext)
        else:
            entry.html = HtmlPage(chrome=False)
        return entry

    # One decision of each kind, so every kind of personal data the decisions carry is present.
    for topic in ("fraude", "accident", "vice_cache", "licenciement", "bail"):
        entries.append(decision(f"topic-{topic}", "fr", topic=topic))
    for topic in ("fraud", "deposit", "rta", "dismissal"):
        entries.append(decision(f"topic-{topic}", "en", topic=topic))
    # Decisions in HTML, as the old publication system exported them (text extracted, offsets not exact).
    for i in range(2):
        entries.append(decision(f"html-{i}", "fr", ".html"))
    # A decision saved by a 1990s system in Windows-1252: kept, with the encoding guessed.
    for attempt in range(50):
        old = decision(f"cp1252-{attempt}", "fr")
        if _latin1_safe(old.text):
            break
    old.member = member("fr/archives-1998", old.member.rsplit("/", 1)[1].removesuffix(".txt"), ".txt")
    old.title = old.member.rsplit("/", 1)[1].removesuffix(".txt")
    old.encoding = "cp1252"
    old.expected_flags = ["encoding_guessed"]
    entries.append(old)
    # The press review: Markdown with front matter stating each article's licence and date.
    shared = world.shared_piece("dup-news-fr", "local_news", "fr", dt.date(2024, 3, 2))
    press = entry_from_piece(
        f"{source}/press-syndicated",
        source,
        shared,
        True,
        duplicate_group="dup-news-fr",
        licence="CC BY 4.0",
        published=dt.date(2024, 3, 4),
    )
    press.member = member("revue-de-presse", f"2024-03-04-{slug(shared.title, 40)}", ".md")
    press.front_matter = {
        "title": shared.title,
        "author": press.author,
        "date": "2024-03-04",
        "licence": "CC BY 4.0",
        "source": "La Gazette de l'Ouest",
    }
    entries.append(press)
    for i, licence in enumerate(("CC BY-ND 4.0", None)):
        day = dt.date(2024, 2, 1) + dt.timedelta(days=rng.randint(0, 60))
        piece = world.piece("local_news", "fr", f"{source}/press-{i}", day)
        item = entry_from_piece(f"{source}/press-{i}", source, piece, True, licence=licence, published=day)
        item.member = member("revue-de-presse", f"{day:%Y-%m-%d}-{slug(piece.title, 40)}", ".md")
        item.front_matter = {"title": piece.title, "author": item.author, "date": day.isoformat()}
        if licence:
            item.front_matter["licence"] = licence
        entries.append(item)
    # An encyclopedia article copied from the wiki, saved as plain text.
    wiki = world.shared_piece("dup-wiki-fr", "encyclopedia", "fr", dt.date(2023, 9, 1))
    copy = entry_from_piece(f"{source}/wiki-copy", source, wiki, True, duplicate_group="dup-wiki-fr")
    copy.member = member("encyclopedie", slug(wiki.title), ".txt")
    copy.title = copy.member.rsplit("/", 1)[1].removesuffix(".txt")
    entries.append(copy)
    # An empty file: nothing to ingest.
    empty = Entry(
        key=f"{source}/empty",
        source_id=source,
        expect="quarantined",
        quarantine_reason=QuarantineReason.EMPTY_DOCUMENT.value,
        lang="fr",
        register="court",
        text="",
        member=member("fr/cour-appel", "2023-02-14-decision-a-completer", ".txt"),
    )
    empty.title = empty.member.rsplit("/", 1)[1].removesuffix(".txt")
    entries.append(empty)
    for i in range(max(0, count - len(entries))):
        entries.append(decision(f"decision-{i}", "fr" if rng.random() < 0.65 else "en"))
    entries.sort(key=lambda e: e.member)
    others = {f"{ROOT}/scans/registre-1998-p{n:03d}.png": png_pixel() for n in (1, 2)}
    others[f"{ROOT}/scans/bordereau-de-versement.pdf"] = (
        b"%PDF-1.4\n% demo placeholder: a scanned transfer slip\n%%EOF\n"
    )
    return DumpPlan(source, catalogue.DUMPS[source], "text", entries, extra={"others": others, "site_name": SITE_NAME})
