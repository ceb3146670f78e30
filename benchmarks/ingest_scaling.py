"""Ingest scaling: records/second and peak memory per format at size N and 10N, against the bare library loop.

For each format a realistic dump is generated at N records and at FACTOR x N (default 10),
then ingested in a fresh subprocess by ``provenance.ingest.run.ingest_dump`` (the whole
``documents`` stage: reader, checks, ids, fingerprints, Parquet). Peak RSS is the child's
own high-water mark (``VmHWM``; ``ru_maxrss`` would also count the launcher's memory, which
Linux carries across exec); flat memory shows as a large/small ratio near 1.

Baseline, measured in the same run on the same files, each in its own subprocess: the
library loop alone, doing nothing with what it reads:
- warc: ``warcio.ArchiveIterator`` reading every record's content stream;
- jsonl: ``zstandard`` stream reader, ``json.loads`` per line;
- json: ``zstandard`` stream reader, ``ijson.items`` over the records' array (one JSON object, ``{"results": [...]}``,
  read by the jsonl format's JSON-document reader);
- mediawiki: ``mwxml.Dump`` iterating every page's revisions' text;
- parquet: ``ParquetFile.iter_batches`` over every column, converted to Python lists;
- text: ``tarfile`` reading every member.
"reader cost" is baseline rate / reader rate: how many times slower the full stage is than
merely reading the bytes (it also extracts HTML, parses wikitext, fingerprints and writes).

Usage: ``.venv/bin/python benchmarks/ingest_scaling.py [--formats warc,jsonl,json,mediawiki,parquet,text]
[--scale 1.0] [--factor 10] [--keep DIR]``
"""

from __future__ import annotations

import argparse
import bz2
import io
import json
import random
import resource
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: Records in the small dump per format; chosen so the small ingest takes a few seconds on one core.
DEFAULT_N = {"warc": 6000, "jsonl": 50000, "json": 50000, "mediawiki": 3000, "parquet": 50000, "text": 10000}
FILE_NAMES = {
    "warc": "crawl.warc.gz",
    "jsonl": "corpus.jsonl.zst",
    "json": "export.json.zst",
    "mediawiki": "frwiki.xml.bz2",
    "parquet": "corpus.parquet",
    "text": "archive.tar.gz",
}
#: the contract format that reads each benchmark format (a .json file is read by a jsonl source)
CONTRACT_FORMAT = {"json": "jsonl"}

SENTENCES = [
    "M. le président. La parole est à Mme Sophie Bernard, pour présenter l'amendement n° {n}.",
    "Cet amendement vise à garantir que les collectivités territoriales disposent des moyens nécessaires.",
    "Le Gouvernement est favorable à cet amendement, sous réserve de la rédaction proposée par la commission.",
    "Le conseil municipal a adopté, mardi soir, le budget primitif pour l'année {n}.",
    "L'adjointe aux finances a rappelé que l'endettement de la ville reste maîtrisé depuis {n}.",
    "The Committee met at 10.30 am and the Chair welcomed the witnesses to session {n}.",
    "Members were reminded that the session was being broadcast live on the parliamentary channel.",
    "Storm Ciarán brought gusts of over 200 km/h to the Breton coast overnight.",
    "Le tribunal administratif a annulé l'arrêté préfectoral n° {n}, faute de consultation du public.",
    "Paris is the capital and largest city of France, at the centre of the Île-de-France region.",
    "Les débats reprennent à quinze heures ; l'ordre du jour appelle la suite de l'examen du projet de loi.",
    "Has anyone else had trouble renewing a passport online? Mine has been pending for {n} days.",
]


def paragraphs(rng: random.Random) -> list[str]:
    return [
        " ".join(rng.choice(SENTENCES).format(n=rng.randint(1, 9999)) for _ in range(rng.randint(3, 7)))
        for _ in range(rng.randint(3, 7))
    ]


def html_page(rng: random.Random, i: int) -> bytes:
    body = "".join(f"<p>{escape(p)}</p>\n" for p in paragraphs(rng))
    return (
        f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Article {i}</title>
<meta name="robots" content="index, follow"><meta name="tdm-reservation" content="{i % 2}">
<meta property="article:published_time" content="2024-03-{1 + i % 28:02d}T08:00:00+01:00">
<link rel="license" href="https://creativecommons.org/licenses/by/4.0/"></head><body>
<header><nav><a href="/">Accueil</a> | <a href="/politique">Politique</a> | <a href="/sport">Sport</a></nav></header>
<main><article><h1>Article {i}</h1>{body}</article></main>
<footer><p>Sauf mention contraire, le contenu est publié sous licence CC BY 4.0.</p></footer></body></html>
"""
    ).encode()


# --------------------------------------------------------------------------- generators


def make_warc(path: Path, n: int, rng: random.Random) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i in range(n):
            url = f"https://www.progres-local.fr/article/{i}"
            if i % 10 == 9:  # the crawl's request records and assets: read, not documents
                record = writer.create_warc_record(
                    url,
                    "request",
                    payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"),
                    warc_content_type="application/http; msgtype=request",
                )
            else:
                http = StatusAndHeaders(
                    "200 OK",
                    [("Content-Type", "text/html; charset=utf-8"), ("TDM-Reservation", str(i % 2))],
                    protocol="HTTP/1.1",
                )
                record = writer.create_warc_record(
                    url, "response", payload=io.BytesIO(html_page(rng, i)), http_headers=http
                )
            writer.write_record(record)


def make_jsonl(path: Path, n: int, rng: random.Random) -> None:
    import zstandard

    with open(path, "wb") as raw, zstandard.ZstdCompressor(level=3).stream_writer(raw) as fh:
        for i in range(n):
            record = {
                "id": f"doc-{i}",
                "text": "\n\n".join(paragraphs(rng)),
                "url": f"https://example.fr/{i}",
                "title": f"Document {i}",
                "licence": "etalab-2.0",
                "date": "2024-01-15",
                "lang": "fr",
                "section": "débats",
            }
            fh.write(json.dumps(record, ensure_ascii=False).encode() + b"\n")


def make_json(path: Path, n: int, rng: random.Random) -> None:
    """One JSON object holding the records' array, as an open-data portal's API export."""
    import zstandard

    with open(path, "wb") as raw, zstandard.ZstdCompressor(level=3).stream_writer(raw) as fh:
        fh.write(b'{"total": %d, "page": 1, "results": [\n' % n)
        for i in range(n):
            record = {
                "id": f"doc-{i}",
                "text": "\n\n".join(paragraphs(rng)),
                "url": f"https://example.fr/{i}",
                "title": f"<i>Document</i> {i}",
                "licence": "etalab-2.0",
                "date": "2024-01-15",
                "lang": "fr",
                "section": "débats",
            }
            fh.write((b",\n" if i else b"") + json.dumps(record, ensure_ascii=False).encode())
        fh.write(b"\n]}\n")


def make_mediawiki(path: Path, n: int, rng: random.Random) -> None:
    compressor = bz2.BZ2Compressor(6)
    with open(path, "wb") as fh:
        fh.write(
            compressor.compress(
                b'<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="fr">\n'
                b"<siteinfo><sitename>Wikip\xc3\xa9dia</sitename><dbname>frwiki</dbname>"
                b"<base>https://fr.wikipedia.org/wiki/Accueil</base><generator>MediaWiki 1.42</generator>"
                b'<case>first-letter</case><namespaces><namespace key="0" case="first-letter" />'
                b'<namespace key="14" case="first-letter">Cat\xc3\xa9gorie</namespace></namespaces></siteinfo>\n'
            )
        )
        for i in range(n):
            revisions = []
            for r in range(2):
                text = (
                    f"{{{{Infobox Commune|nom=Commune {i}}}}}\n'''Commune {i}''' est une [[commune française]].<ref>Insee</ref>\n\n"
                    + "\n\n== Histoire ==\n".join(paragraphs(rng))
                    + "\n[[Catégorie:Commune]]"
                )
                revisions.append(
                    f"<revision><id>{i * 10 + r}</id><timestamp>202{r}-01-01T00:00:00Z</timestamp>"
                    f"<contributor><username>Contributeur{r}</username><id>{r + 1}</id></contributor>"
                    f"<model>wikitext</model><format>text/x-wiki</format>"
                    f'<text xml:space="preserve">{escape(text)}</text></revision>'
                )
            page = f"<page><title>Commune {i}</title><ns>0</ns><id>{i + 1}</id>{''.join(revisions)}</page>\n"
            fh.write(compressor.compress(page.encode()))
        fh.write(compressor.compress(b"</mediawiki>\n"))
        fh.write(compressor.flush())


def make_parquet(path: Path, n: int, rng: random.Random) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    with pq.ParquetWriter(
        path,
        pa.schema([("id", pa.string()), ("text", pa.string()), ("licence", pa.string()), ("pages", pa.int32())]),
        compression="zstd",
    ) as writer:
        for start in range(0, n, 5000):
            count = min(5000, n - start)
            writer.write_table(
                pa.table(
                    {
                        "id": [f"doc-{i}" for i in range(start, start + count)],
                        "text": ["\n\n".join(paragraphs(rng)) for _ in range(count)],
                        "licence": ["CC-BY-4.0"] * count,
                        "pages": pa.array([rng.randint(1, 40) for _ in range(count)], pa.int32()),
                    }
                )
            )


def make_text(path: Path, n: int, rng: random.Random) -> None:
    with tarfile.open(path, "w:gz") as archive:
        for i in range(n):
            kind = ("txt", "md", "html")[i % 3]
            if kind == "html":
                data = html_page(rng, i)
            else:
                data = ((f"# Procès-verbal {i}\n\n" if kind == "md" else "") + "\n\n".join(paragraphs(rng))).encode()
            info = tarfile.TarInfo(f"pv/{i // 1000:03d}/pv-{i:06d}.{kind}")
            info.size = len(data)
            info.mtime = 1700000000
            archive.addfile(info, io.BytesIO(data))


MAKERS = {
    "warc": make_warc,
    "jsonl": make_jsonl,
    "json": make_json,
    "mediawiki": make_mediawiki,
    "parquet": make_parquet,
    "text": make_text,
}

# --------------------------------------------------------------------------- children


def run_reader(fmt: str, path: Path, work: Path) -> int:
    from functools import partial

    from provenance.contracts import SourceContract
    from provenance.dumps import Dump
    from provenance.ingest.run import ingest_dump
    from provenance.workspace import publish_stage

    contract_format = CONTRACT_FORMAT.get(fmt, fmt)
    source = SourceContract(
        id="bench",
        title="Benchmark",
        rights_holder="Benchmark",
        licence="CC-BY-4.0",
        attribution="Benchmark",
        provenance_url="https://example.org",
        format=contract_format,
        dumps=("landing/*",),
        language="auto",
        max_quarantine_rate=0.1,
        fields={
            "text": "text",
            "id": "id",
            "url": "url",
            "title": "title",
            "licence": "licence",
            "date": "date",
            "lang": "lang",
        },
    )
    dump = Dump(f"bench.{fmt}", "bench", path, f"landing/{path.name}", contract_format)
    stats = publish_stage(work / "staging" / dump.dump_id, partial(ingest_dump, dump, source))
    assert stats.records_seen == stats.documents + stats.quarantined + stats.skipped_records
    return stats.records_seen + stats.site_signals


def run_baseline(fmt: str, path: Path, work: Path) -> int:
    count = 0
    if fmt == "warc":
        from warcio.archiveiterator import ArchiveIterator

        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                record.content_stream().read()
                count += 1
    elif fmt == "jsonl":
        import zstandard

        with open(path, "rb") as raw, zstandard.ZstdDecompressor().stream_reader(raw) as fh:
            for line in io.BufferedReader(fh):
                json.loads(line)
                count += 1
    elif fmt == "json":
        import ijson
        import zstandard

        with open(path, "rb") as raw, zstandard.ZstdDecompressor().stream_reader(raw) as fh:
            for _ in ijson.items(fh, "results.item", use_float=True):
                count += 1
    elif fmt == "mediawiki":
        import mwxml

        with bz2.open(path, "rb") as fh:
            for page in mwxml.Dump.from_file(fh):
                for revision in page:
                    _ = revision.text  # reading the text is what is measured
                count += 1
    elif fmt == "parquet":
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(path).iter_batches(batch_size=1024):
            [column.to_pylist() for column in batch.columns]  # the values as Python objects, as a reader needs
            count += batch.num_rows
    else:
        with tarfile.open(path, "r|gz") as archive:
            for member in archive:
                if member.isfile():
                    archive.extractfile(member).read()
                    count += 1
    return count


def peak_rss_kib() -> int:
    """This process's own peak resident set size in KiB.

    ``ru_maxrss`` survives ``execve`` on Linux, so a child's value includes whatever its
    launcher had resident when it forked; ``VmHWM`` in /proc is the new image's own peak.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


_BASELINE_MODULES = {
    "warc": "warcio.archiveiterator",
    "jsonl": "zstandard",
    "json": "ijson",
    "mediawiki": "mwxml",
    "parquet": "pyarrow.parquet",
    "text": "tarfile",
}


def child(kind: str, fmt: str, path: Path, work: Path) -> None:
    # Imports happen before the clock starts: only reading is timed.
    if kind == "reader":
        from provenance.ingest.run import reader_for

        reader_for(CONTRACT_FORMAT.get(fmt, fmt))
    else:
        __import__(_BASELINE_MODULES[fmt])
    started = time.perf_counter()
    records = (run_reader if kind == "reader" else run_baseline)(fmt, path, work)
    seconds = time.perf_counter() - started
    print(json.dumps({"records": records, "seconds": seconds, "peak_mib": peak_rss_kib() / 1024}))


def measure(kind: str, fmt: str, path: Path, work: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, fmt, str(path), str(work)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--formats", default="warc,jsonl,json,mediawiki,parquet,text")
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every format's default N")
    parser.add_argument("--factor", type=int, default=10, help="the large dump is FACTOR x N records")
    parser.add_argument("--keep", type=Path, help="generate into (and keep) this folder")
    parser.add_argument("--child", nargs=4, metavar=("KIND", "FORMAT", "PATH", "WORK"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, fmt, path, work = args.child
        child(kind, fmt, Path(path), Path(work))
        return

    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    root = args.keep or Path(tempfile.mkdtemp(prefix="ingest-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        for fmt in formats:
            n = max(1, int(DEFAULT_N[fmt] * args.scale))
            results = {}
            for label, size in (("N", n), (f"{args.factor}N", n * args.factor)):
                folder = root / f"{fmt}-{size}"
                (folder / "landing").mkdir(parents=True, exist_ok=True)
                path = folder / "landing" / FILE_NAMES[fmt]
                if not path.exists():
                    MAKERS[fmt](path, size, random.Random(size))
                reader = measure("reader", fmt, path, folder)
                baseline = measure("baseline", fmt, path, folder)
                results[label] = (size, path.stat().st_size, reader, baseline)
                shutil.rmtree(folder / "staging", ignore_errors=True)
                print(f"  measured {fmt} at {label} ({size} records)", file=sys.stderr)
            rows.append((fmt, results))
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)

    header = (
        f"{'format':<10} {'size':>4} {'records':>8} {'MiB':>6} | {'reader rec/s':>12} {'peak MiB':>9} | "
        f"{'baseline rec/s':>14} {'peak MiB':>9} | {'reader cost':>11}"
    )
    print("\nIngest scaling: full `documents` stage (reader) vs bare library loop (baseline), fresh process each")
    print(header)
    print("-" * len(header))
    summary = []
    for fmt, results in rows:
        for label, (_size, nbytes, reader, baseline) in results.items():
            r_rate = reader["records"] / reader["seconds"]
            b_rate = baseline["records"] / baseline["seconds"]
            print(
                f"{fmt:<10} {label:>4} {reader['records']:>8} {nbytes / 2**20:>6.1f} | {r_rate:>12.0f} "
                f"{reader['peak_mib']:>9.1f} | {b_rate:>14.0f} {baseline['peak_mib']:>9.1f} | {b_rate / r_rate:>10.1f}x"
            )
        (_, _, small, small_b), (_, _, large, large_b) = results.values()
        summary.append(
            (
                fmt,
                large["peak_mib"] / small["peak_mib"],
                large_b["peak_mib"] / small_b["peak_mib"],
                (large["records"] / large["seconds"]) / (small["records"] / small["seconds"]),
            )
        )
    print(
        f"\n{'format':<10} | {'reader peak RSS large/small':>27} | {'baseline peak RSS large/small':>29} | "
        f"{'reader rec/s large/small':>24}"
    )
    for fmt, rss, rss_b, rate in summary:
        print(f"{fmt:<10} | {rss:>27.2f} | {rss_b:>29.2f} | {rate:>24.2f}")
    print(
        "\nA peak-RSS ratio near 1.00 means memory does not grow with the dump; "
        "'reader cost' is baseline rec/s divided by reader rec/s."
    )


if __name__ == "__main__":
    main()
