"""The summary's Markdown: the template's sections as headings, each figure as a line or a table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> list[str]:
    """A Markdown table of ``columns`` of ``rows`` (``none`` when there are no rows)."""
    if not rows:
        return ["none", ""]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_cell(r.get(c)) for c in columns) + " |" for r in rows]
    return [*lines, ""]


_SOURCE_COLUMNS = ("source_id", "title", "licence", "provenance_url", "samples", "words", "share_of_words_pct")


def _general(g: dict[str, Any]) -> list[str]:
    lines = ["## 1. General information", ""]
    lines += [f"- **{k.replace('_', ' ')}**: {_cell(g[k])}" for k in g if k not in {"size", "languages", "modalities"}]
    size = g["size"]
    lines += [
        f"- **modalities**: {', '.join(g['modalities'])}",
        f"- **training data size**: {size['band']} ({size['words']} {size['unit']}; {size['samples']} samples)",
        "",
        "### Languages",
        "",
        *table(g["languages"], ("lang", "samples", "words")),
    ]
    return lines


def _sources(s: dict[str, Any]) -> list[str]:
    crawled = s["2_3_crawled_and_scraped"]
    period = crawled["collection_period"]
    return [
        "## 2. List of data sources",
        "",
        f"Category rule: {s['category_rule']}.",
        "",
        "### 2.1 Publicly available datasets",
        "",
        *table(s["2_1_publicly_available_datasets"], _SOURCE_COLUMNS),
        "### 2.2 Private datasets",
        "",
        *table(s["2_2_private_datasets"], _SOURCE_COLUMNS),
        "### 2.3 Data crawled and scraped from online sources",
        "",
        *table(crawled["sources"], _SOURCE_COLUMNS),
        *table(crawled["crawlers"], ("source_id", "archive", "crawler_user_agent")),
        f"Collection period: {_cell(period['from'])} to {_cell(period['to'])}."
        if period["from"]
        else "Collection period: none (no crawled data in this release).",
        "",
        f"Top domains ({crawled['top_domains_rule']}; {crawled['domains_total']} domains in all):",
        "",
        *table(crawled["top_domains"], ("domain", "samples", "words")),
        "### 2.4 User data",
        "",
        s["2_4_user_data"],
        "",
        "### 2.5 Synthetic data",
        "",
        s["2_5_synthetic_data"],
        "",
        "### 2.6 Other sources of data",
        "",
        s["2_6_other"],
        "",
    ]


def _processing(p: dict[str, Any]) -> list[str]:
    rights = p["3_1_reservation_of_rights"]
    pii = p["3_2_illegal_content_and_personal_data"]
    versions = ", ".join(f"{k} {v}" for k, v in rights["policy_versions"].items())
    return [
        "## 3. Data processing aspects",
        "",
        "### 3.1 Respect of reservation of rights from text and data mining exception or limitation",
        "",
        f"Policies applied: {versions}.",
        "",
        "Documents excluded, by the protocol that reserved them:",
        "",
        *table(rights["documents_excluded_by_protocol"], ("protocol", "documents_excluded")),
        f"Opt-out requests honoured in this release: {rights['optout_requests_honoured']}.",
        f"Deny-list: {rights['denylist_domains']} domains.",
        "",
        "### 3.2 Removal of illegal content",
        "",
        pii["denylist"] + ".",
        "",
        "Personal data: names of persons are handled per source as below; detected personal data is redacted.",
        "",
        *table(pii["person_names_policy_by_source"], ("person_names_policy", "sources")),
        *table(pii["redactions_by_entity_type"], ("entity_type", "spans", "documents")),
    ]


def to_markdown(doc: dict[str, Any]) -> str:
    """The summary as Markdown, in the template's section order."""
    lines = [
        f"# Public summary of training content: release {doc['release_id']}",
        "",
        "Written from the lineage database by `provenance summary` (EU AI Act art. 53(1)(d), the AI Office's template).",
        "Every figure is reproducible with the queries in docs/legal.md.",
        "",
        *_general(doc["1_general_information"]),
        *_sources(doc["2_list_of_data_sources"]),
        *_processing(doc["3_data_processing"]),
    ]
    return "\n".join(lines).rstrip() + "\n"
