"""The summary as a document in the template's section order, and its Markdown rendering.

The sections and their numbers follow the AI Office's template for the public summary of training content
(July 2025): 1 general information, 2 list of data sources (2.1 to 2.6), 3 data processing aspects (3.1
reservations of rights, 3.2 illegal content and personal data). What the lineage cannot know (the provider,
the model) comes from the provider file or is marked for the provider to fill.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

TO_FILL = "to be filled by the provider"
PROVIDER_FIELDS = (
    "provider_name",
    "provider_contact",
    "model_name",
    "model_version",
    "model_dependencies",
    "placed_on_market",
)
#: Word-count bands: the template asks for an estimated size range, not an exact figure.
_BANDS = ((10**9, "less than 1 billion words"), (10**12, "1 billion to 1 trillion words"))
SIZE_UNIT = "words (whitespace-separated runs of the released, redacted text)"


def load_provider(path: Path | None) -> dict[str, str]:
    """The provider's fields from a small YAML file (unknown keys are an error naming the file)."""
    if path is None:
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: the provider file must be a mapping of {', '.join(PROVIDER_FIELDS)}")
    unknown = sorted(set(data) - set(PROVIDER_FIELDS))
    if unknown:
        raise ValueError(f"{path}: unknown field(s) {', '.join(unknown)}; known: {', '.join(PROVIDER_FIELDS)}")
    return {k: str(v) for k, v in data.items()}


def size_band(words: int) -> str:
    for bound, label in _BANDS:
        if words < bound:
            return label
    return "more than 1 trillion words"


def _by_category(sources: list[dict[str, Any]], category: str) -> list[dict[str, Any]]:
    return [s for s in sources if s["category"] == category]


def _crawled(figures: dict[str, Any]) -> dict[str, Any]:
    crawled = _by_category(figures["sources"], "crawled")
    starts = [s["collected_from"] for s in crawled if s["collected_from"]]
    ends = [s["collected_to"] for s in crawled if s["collected_to"]]
    domains = figures["crawled_domains"]
    return {
        "sources": crawled,
        "crawlers": [
            {
                "source_id": s["source_id"],
                "archive": s["provenance_url"],
                "crawler_user_agent": "not recorded in the source contract: " + TO_FILL,
            }
            for s in crawled
        ],
        "collection_period": {"from": min(starts) if starts else None, "to": max(ends) if ends else None},
        "domains_total": domains[0]["domains"] if domains else 0,
        "top_domains_rule": "the top 10% of domains by released words (at least 1, at most 1,000)",
        "top_domains": [{k: d[k] for k in ("domain", "samples", "words")} for d in domains],
    }


def build(figures: dict[str, Any], provider: dict[str, str]) -> dict[str, Any]:
    """The summary's sections, in the template's order, from the figures and the provider's fields."""
    size = figures["size"][0]
    latest = figures["latest_collection"][0]
    release = figures["release"]
    return {
        "release_id": release["release_id"],
        "release_created_at": release["created_at"],
        "1_general_information": {
            **{f: provider.get(f, TO_FILL) for f in PROVIDER_FIELDS},
            "modalities": ["text"],
            "size": {
                "unit": SIZE_UNIT,
                "words": size["words"],
                "samples": size["samples"],
                "band": size_band(size["words"]),
            },
            "latest_collection_date": latest["latest_retrieved_at"],
            "languages": figures["languages"],
        },
        "2_list_of_data_sources": {
            "category_rule": "format warc: crawled (2.3); else a provenance_url: public dataset (2.1); else private (2.2)",
            "2_1_publicly_available_datasets": _by_category(figures["sources"], "public_dataset"),
            "2_2_private_datasets": _by_category(figures["sources"], "private"),
            "2_3_crawled_and_scraped": _crawled(figures),
            "2_4_user_data": "none: the pipeline takes no data from users of the model or of other services",
            "2_5_synthetic_data": "none: the pipeline generates no training data",
            "2_6_other": "none",
        },
        "3_data_processing": {
            "3_1_reservation_of_rights": {
                "policy_versions": {
                    k: release[k]
                    for k in (
                        "licence_policy_version",
                        "optout_registry_version",
                        "crawler_tokens_version",
                        "denylist_version",
                    )
                },
                "documents_excluded_by_protocol": figures["reservations_honoured"],
                "optout_requests_honoured": figures["requests_honoured"][0]["requests"],
                "denylist_domains": figures["denylist"][0]["domains"],
            },
            "3_2_illegal_content_and_personal_data": {
                "denylist": "documents from deny-listed (infringing) sites are excluded before training",
                "person_names_policy_by_source": figures["pii_policies"],
                "redactions_by_entity_type": figures["redactions"],
            },
        },
    }


def _default(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def to_json(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2, default=_default) + "\n"
