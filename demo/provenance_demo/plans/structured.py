"""Plans of the record-per-line and record-per-row dumps: debates and dispatches (JSONL), forum threads (JSONL.zst),
broadcast transcripts (Parquet). Their text reaches ingest unchanged, so every planted offset is exact."""

from __future__ import annotations

import datetime as dt
import json

import pyarrow as pa

from provenance.ingest.records import QuarantineReason
from provenance_demo import catalogue
from provenance_demo.entry import Entry
from provenance_demo.plans import (
    DumpPlan,
    World,
    at_time,
    day_between,
    entry_from_piece,
    slug,
    weighted,
    with_sentence,
)
from provenance_demo.writers.jsonl import encode_line

# ============================================================================ Assemblée nationale (JSONL.gz)


def _an_record(entry: Entry, uid: str) -> dict:
    record = {
        "uid": uid,
        "seance": {
            "date": entry.published.isoformat(),
            "url": f"https://www.assemblee-nationale.fr/dyn/16/comptes-rendus/seance/{uid}",
        },
        "contenu": {"titre": entry.title, "texte": entry.text},
    }
    if entry.licence is not None:
        record["droits"] = {"licence": entry.licence, "producteur": "Assemblée nationale"}
    entry.url = record["seance"]["url"]
    return record


def plan_an_debats(world: World, count: int) -> DumpPlan:
    source = "an_debats"
    rng = world.rng(source)
    entries: list[Entry] = []

    def debate(key: str, licence: str | None, day: dt.date) -> Entry:
        piece = world.piece("parliament", "fr", f"{source}/{key}", day)
        return entry_from_piece(f"{source}/{key}", source, piece, True, licence=licence, published=day)

    # Licence Ouverte 1.0 was the licence of the 2016 records; 2.0 is written three ways.
    entries.append(debate("lo1", "Licence Ouverte 1.0", dt.date(2016, 3, 8)))
    entries.append(debate("lo1-ref", "LicenseRef-Licence-Ouverte-1.0", dt.date(2016, 11, 22)))
    entries.append(debate("lo2-text", "Licence Ouverte v2.0", dt.date(2023, 10, 17)))
    entries.append(debate("etalab", "etalab-2.0", dt.date(2024, 2, 6)))
    # The provisional and final reports of one sitting: the final one adds a sentence.
    day = dt.date(2023, 11, 14)
    first = world.piece("parliament", "fr", f"{source}/provisoire", day)
    final = with_sentence(first, "Je précise que la commission avait adopté cet amendement à l'unanimité.", rng)
    provisoire = entry_from_piece(f"{source}/provisoire", source, first, True, published=day)
    provisoire.title += " (compte rendu provisoire)"
    definitif = entry_from_piece(
        f"{source}/definitif", source, final, True, published=day, near_duplicate_of=provisoire.key
    )
    definitif.title += " (compte rendu définitif)"
    entries += [provisoire, definitif]
    # A record whose text lost two bytes of its UTF-8 (a latin-1 'é'): kept, with replacement characters.
    damaged = debate("invalid-bytes", None, dt.date(2023, 12, 5))
    damaged.expected_flags = ["invalid_bytes_replaced"]
    # Records ingest must quarantine.
    missing = Entry(
        key=f"{source}/missing-text",
        source_id=source,
        expect="quarantined",
        quarantine_reason=QuarantineReason.MISSING_TEXT.value,
        lang="fr",
        register="parliament",
        title="Questions au Gouvernement",
        published=dt.date(2024, 1, 16),
    )
    empty = Entry(
        key=f"{source}/empty",
        source_id=source,
        expect="quarantined",
        quarantine_reason=QuarantineReason.EMPTY_DOCUMENT.value,
        lang="fr",
        register="parliament",
        text=" \n\n  \n",
        title="Suspension et reprise de la séance",
        published=dt.date(2024, 1, 17),
    )
    whole_day = [
        world.piece("parliament", "fr", f"{source}/oversize/{i}", dt.date(2024, 3, 19), words=900) for i in range(6)
    ]
    oversize = Entry(
        key=f"{source}/oversize",
        source_id=source,
        expect="quarantined",
        quarantine_reason=QuarantineReason.OVERSIZE.value,
        lang="fr",
        register="parliament",
        text="\n\n".join(p.draft.text for p in whole_day),
        title="Séance du 19 mars 2024 (intégrale)",
        published=dt.date(2024, 3, 19),
    )
    while len(oversize.text) <= catalogue.SOURCES[source]["max_document_chars"]:
        oversize.text += "\n\n" + oversize.text
    entries += [damaged, missing, empty, oversize]
    for i in range(max(0, count - len(entries))):
        day = day_between(rng, dt.date(2022, 10, 3), dt.date(2024, 6, 28))
        licence = weighted(rng, [(None, 0.7), ("etalab-2.0", 0.15), ("Licence Ouverte v2.0", 0.15)])
        entries.append(debate(f"seance-{i}", licence, day))
    rng.shuffle(entries)
    for n, entry in enumerate(entries, start=1):
        year = entry.published.year
        uid = f"CRSANR5L{16 if year >= 2022 else 14}S{year}O1N{n:03d}"
        entry.record = _an_record(entry, uid)
        if entry.key.endswith("/missing-text"):
            del entry.record["contenu"]["texte"]
            entry.text = None
    # The damaged line: two 'é' of "séance" in the text written as the single latin-1 byte 0xE9.
    line = encode_line(damaged.record)
    encoded_text = json.dumps(damaged.text, ensure_ascii=False).encode("utf-8")[1:-1]
    at = line.index(encoded_text)
    damaged.raw_line = (
        line[:at] + encoded_text.replace("séance".encode(), b"s\xe9ance", 2) + line[at + len(encoded_text) :]
    )
    damaged.text = damaged.text.replace("séance", "s\ufffdance", 2)
    return DumpPlan(source, catalogue.DUMPS[source], "jsonl", entries)


# ============================================================================ Riverside forum (JSONL.zst)


def plan_forum(world: World, count: int) -> DumpPlan:
    source = "forum_riverside"
    rng = world.rng(source)
    entries: list[Entry] = []

    def thread(key: str, licence: str | None, day: dt.date, topic: str | None = None) -> Entry:
        piece = world.piece("forum", "en", f"{source}/{key}", day, topic=topic)
        return entry_from_piece(f"{source}/{key}", source, piece, True, licence=licence, published=at_time(day, rng))

    for i, licence in enumerate(
        ("CC BY-SA 4.0", "CC0-1.0", "CC-BY-4.0 AND CC-BY-SA-4.0", "CC-BY-SA-4.0 AND CC-BY-NC-4.0", "CC-BY-NC-4.0")
    ):
        entries.append(thread(f"licence-{i}", licence, day_between(rng, dt.date(2023, 1, 5), dt.date(2024, 5, 30))))
    for topic in ("broadband", "bank", "car", "selling"):
        entries.append(
            thread(f"topic-{topic}", None, day_between(rng, dt.date(2023, 1, 5), dt.date(2024, 5, 30)), topic)
        )
    # A short story posted whole by a member; its author has opted out by fingerprint.
    work = Entry(
        key=f"{source}/work",
        source_id=source,
        register="forum",
        lang="en",
        text=catalogue.PLANTED_WORK,
        blocks=[("p", p) for p in catalogue.PLANTED_WORK.split("\n\n")],
        offsets_exact=True,
        title=f"{catalogue.PLANTED_WORK_TITLE} (short story, not mine, too good not to share)",
        author="saltmarsh_reader",
        published=dt.datetime(2024, 1, 20, 21, 4, tzinfo=dt.UTC),
    )
    edited = Entry(
        key=f"{source}/work-edited",
        source_id=source,
        register="forum",
        lang="en",
        text=catalogue.PLANTED_WORK_EDITED,
        blocks=[("p", p) for p in catalogue.PLANTED_WORK_EDITED.split("\n\n")],
        offsets_exact=True,
        title=f"Re: {catalogue.PLANTED_WORK_TITLE}",
        author="quayside_lit",
        published=dt.datetime(2024, 2, 2, 9, 30, tzinfo=dt.UTC),
        near_duplicate_of=work.key,
    )
    entries += [work, edited]
    # Copies of texts published elsewhere (exact duplicates across sources).
    news = world.shared_piece("dup-bulletin-en", "local_news", "en", dt.date(2023, 5, 1))
    entries.append(
        entry_from_piece(
            f"{source}/copy-bulletin",
            source,
            news,
            True,
            duplicate_group="dup-bulletin-en",
            author="riverside_newshound",
            published=dt.datetime(2023, 5, 2, 8, 12, tzinfo=dt.UTC),
        )
    )
    entries[-1].title = f"FYI: {news.title}"
    wiki = world.shared_piece("dup-wiki-en", "encyclopedia", "en", dt.date(2023, 9, 1))
    entries.append(
        entry_from_piece(
            f"{source}/copy-wiki",
            source,
            wiki,
            True,
            duplicate_group="dup-wiki-en",
            author="history_buff_73",
            published=dt.datetime(2023, 10, 8, 17, 45, tzinfo=dt.UTC),
        )
    )
    entries[-1].title = f"Some history of {wiki.title} (copied from the local history wiki)"
    for i in range(max(0, count - len(entries) - 2)):
        day = day_between(rng, dt.date(2022, 6, 1), dt.date(2024, 5, 30))
        entries.append(
            thread(f"thread-{i}", weighted(rng, [(None, 0.8), ("CC BY-SA 4.0", 0.1), ("CC0-1.0", 0.1)]), day)
        )
    rng.shuffle(entries)
    for n, entry in enumerate(entries):
        post_id = 48000 + 37 * n + rng.randint(0, 30)
        permalink = f"https://forums.riverside-community.org.uk/t/{slug(entry.title)}/{post_id}"
        entry.url = permalink
        entry.record = {
            "post": {
                "id": post_id,
                "thread": entry.title,
                "body": entry.text,
                "created": entry.published.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "author": {"username": entry.author, "posts": rng.randint(1, 4000)},
            },
            "permalink": permalink,
        }
        if entry.licence is not None:
            entry.record["license"] = entry.licence
    # Two broken lines: an object cut mid-string, and an array of two posts on one line.
    cut = Entry(
        key=f"{source}/malformed",
        source_id=source,
        expect="quarantined",
        quarantine_reason=QuarantineReason.MALFORMED_JSON.value,
        lang="en",
        register="forum",
        raw_line=b'{"post": {"id": 47210, "thread": "Allotment waiting list", "body": "Does anyone know how long '
        b"the wait is at the Mill Lane site? I put my name down in",
    )
    array = Entry(
        key=f"{source}/array",
        source_id=source,
        expect="quarantined",
        quarantine_reason=QuarantineReason.NOT_AN_OBJECT.value,
        lang="en",
        register="forum",
        raw_line=encode_line(
            [
                {
                    "post": {
                        "id": 47301,
                        "thread": "Bin collection changes",
                        "body": "Anyone else's green bin not emptied this week?",
                    }
                },
                {"post": {"id": 47302, "thread": "Bin collection changes", "body": "Same on Church Lane."}},
            ]
        ),
    )
    entries.insert(len(entries) // 3, cut)
    entries.insert(2 * len(entries) // 3, array)
    return DumpPlan(source, catalogue.DUMPS[source], "jsonl", entries)


# ============================================================================ Presse Rhodanienne (plain JSONL)


def plan_presse(world: World, count: int) -> DumpPlan:
    source = "presse_rhodanienne"
    rng = world.rng(source)
    entries = []
    shared = world.shared_piece("dup-news-fr", "local_news", "fr", dt.date(2024, 3, 2))
    copy = entry_from_piece(
        f"{source}/copy-news",
        source,
        shared,
        True,
        duplicate_group="dup-news-fr",
        published=dt.date(2024, 3, 2),
        author="Rédaction Presse Rhodanienne",
    )
    entries.append(copy)
    for i in range(max(5, count - 1)):
        day = day_between(rng, dt.date(2023, 1, 9), dt.date(2024, 6, 14))
        piece = world.piece("local_news", "fr", f"{source}/depeche-{i}", day)
        entries.append(entry_from_piece(f"{source}/depeche-{i}", source, piece, True, published=day))
    rng.shuffle(entries)
    for n, entry in enumerate(entries, start=1):
        entry.url = f"https://www.presse-rhodanienne.fr/depeches/{entry.published.year}/{slug(entry.title)}-{n}"
        entry.record = {
            "id": f"PR-{entry.published.year}-{n:04d}",
            "titre": entry.title,
            "texte": entry.text,
            "date": entry.published.isoformat(),
            "auteur": entry.author,
            "url": entry.url,
            "rubrique": rng.choice(("Faits divers", "Vie locale", "Économie", "Sport")),
        }
    return DumpPlan(source, catalogue.DUMPS[source], "jsonl", entries)


# ============================================================================ Albion Public Radio (Parquet)

ALBION_SCHEMA = pa.schema(
    [
        pa.field("transcript_id", pa.string(), nullable=False),
        pa.field("programme", pa.struct([pa.field("title", pa.string()), pa.field("series", pa.string())])),
        pa.field("broadcast_at", pa.timestamp("s", tz="UTC")),
        pa.field("presenter", pa.string()),
        pa.field("url", pa.string()),
        pa.field("licence", pa.string()),
        pa.field("duration_s", pa.int32()),
        pa.field("transcript", pa.string()),
    ]
)


def plan_albion(world: World, count: int) -> DumpPlan:
    source = "radio_albion"
    rng = world.rng(source)
    entries: list[Entry] = []

    def transcript(
        key: str, licence: str | None, day: dt.date, register: str | None = None, topic: str | None = None
    ) -> Entry:
        register = register or weighted(rng, [("local_news", 0.6), ("parliament", 0.4)])
        piece = world.piece(register, "en", f"{source}/{key}", day, topic=topic)
        return entry_from_piece(f"{source}/{key}", source, piece, True, licence=licence, published=at_time(day, rng))

    for i, licence in enumerate(
        (
            "CC BY 4.0",
            "https://creativecommons.org/licenses/by/4.0/",
            "CC-BY-NC-4.0",
            "CC-BY-ND-4.0",
            "CC-BY-4.0 OR CC-BY-NC-4.0",
            "All rights reserved",
        )
    ):
        entries.append(
            transcript(f"licence-{i}", licence, day_between(rng, dt.date(2023, 1, 9), dt.date(2023, 12, 15)))
        )
    for topic in ("court", "strike", "council"):
        entries.append(
            transcript(
                f"topic-{topic}",
                None,
                day_between(rng, dt.date(2023, 1, 9), dt.date(2023, 12, 15)),
                "local_news",
                topic,
            )
        )
    # One bulletin broadcast, then republished six weeks later: same text, same licence, later date.
    shared = world.shared_piece("dup-bulletin-en", "local_news", "en", dt.date(2023, 5, 1))
    entries.append(
        entry_from_piece(
            f"{source}/bulletin",
            source,
            shared,
            True,
            duplicate_group="dup-bulletin-en",
            published=dt.datetime(2023, 5, 1, 7, 0, tzinfo=dt.UTC),
        )
    )
    entries.append(
        entry_from_piece(
            f"{source}/bulletin-repeat",
            source,
            shared,
            True,
            duplicate_group="dup-bulletin-en",
            licence="CC BY 4.0",
            published=dt.datetime(2023, 6, 15, 7, 0, tzinfo=dt.UTC),
        )
    )
    entries[-1].title = f"{shared.title} (repeat)"
    missing = Entry(
        key=f"{source}/missing-text",
        source_id=source,
        expect="quarantined",
        quarantine_reason=QuarantineReason.MISSING_TEXT.value,
        lang="en",
        register="local_news",
        title="Morning bulletin",
        published=dt.datetime(2023, 8, 2, 7, 0, tzinfo=dt.UTC),
    )
    empty = Entry(
        key=f"{source}/empty",
        source_id=source,
        expect="quarantined",
        quarantine_reason=QuarantineReason.EMPTY_DOCUMENT.value,
        lang="en",
        register="local_news",
        text="",
        title="Evening bulletin",
        published=dt.datetime(2023, 8, 2, 18, 0, tzinfo=dt.UTC),
    )
    entries += [missing, empty]
    for i in range(max(0, count - len(entries))):
        day = day_between(rng, dt.date(2023, 1, 2), dt.date(2023, 12, 22))
        entries.append(transcript(f"programme-{i}", weighted(rng, [(None, 0.85), ("CC BY 4.0", 0.15)]), day))
    rng.shuffle(entries)
    for n, entry in enumerate(entries):
        series = "Today in Parliament" if entry.register == "parliament" else "Albion Local News"
        if entry.author is None:
            presenter = world.people.person(world.rng(source, "presenter", n), "en")
            entry.author = f"{presenter.first} {presenter.last}"
        tid = f"APR-{entry.published:%Y%m%d}-{n:04d}"
        entry.url = f"https://www.albionradio.example/programmes/{slug(series)}/{tid.lower()}"
        entry.record = {
            "transcript_id": tid,
            "programme": {"title": entry.title, "series": series},
            "broadcast_at": entry.published,
            "presenter": entry.author,
            "url": entry.url,
            "licence": entry.licence,
            "duration_s": rng.randint(180, 1800),
            "transcript": None if entry.key.endswith("/missing-text") else entry.text,
        }
        if entry.key.endswith("/missing-text"):
            entry.text = None
    return DumpPlan(source, catalogue.DUMPS[source], "parquet", entries, extra={"schema": ALBION_SCHEMA})
