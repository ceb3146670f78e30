"""The small readers'-letters workspace the orchestration tests and docs/ui_screenshots.py share.

One JSONL source (``courrier``), four well-formed letters, and two dumps: ``courrier.2024-03`` (the
four letters: its quarantine check passes) and ``courrier.2024-04`` (one letter and three unreadable
records: its check fails).
"""

import json
from pathlib import Path

SOURCE = """\
id: courrier
title: Courrier des lecteurs
rights_holder: La Gazette du Cantal
licence: CC-BY-4.0
attribution: La Gazette du Cantal, CC BY 4.0
provenance_url: https://archives.gazette-cantal.example/
format: jsonl
dumps: landing/courrier/*.jsonl
language: fr
fields: {text: body, id: id, date: date}
max_quarantine_rate: 0.25
"""
LETTERS = [
    {"id": "1", "date": "2024-03-02", "body": "Le conseil municipal de Saint-Flour a voté hier le budget primitif."},
    {"id": "2", "date": "2024-03-03", "body": "La foire aux bestiaux reprendra le premier lundi d'avril."},
    {"id": "3", "date": "2024-03-04", "body": "Les travaux de la route de Murat dureront jusqu'à l'été."},
    {"id": "4", "date": "2024-03-05", "body": "Le club de rugby accueille Aurillac dimanche au stade municipal."},
]
#: dump id -> the file's content
DUMPS = {
    "courrier.2024-03": "".join(json.dumps(r) + "\n" for r in LETTERS),
    "courrier.2024-04": json.dumps(LETTERS[0]) + '\nnot json\n[1, 2]\n{"id": "9"}\n',
}


def write_courrier(home: Path, contracts: Path) -> None:
    """The source contract under ``contracts`` and both dumps under ``home``'s landing area."""
    (contracts / "sources").mkdir(parents=True)
    (contracts / "sources" / "courrier.yaml").write_text(SOURCE, encoding="utf-8")
    for dump_id, body in DUMPS.items():
        path = home / "landing" / "courrier" / (dump_id.split(".", 1)[1] + ".jsonl")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
