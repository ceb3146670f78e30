"""A page's JSON-LD: its objects (nested ones and ``@graph`` members included), their types, ids and licences."""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import urlsplit

from resiliparse.parse.html import HTMLTree

MAX_JSONLD_CHARS = 1 << 16
#: types of a page's own main entity (lower case, without their vocabulary's prefix)
PAGE_TYPES = frozenset(
    {
        "webpage",
        "article",
        "newsarticle",
        "blogposting",
        "creativework",
        "scholarlyarticle",
        "report",
        "techarticle",
        "aboutpage",
        "itempage",
        "collectionpage",
        "faqpage",
        "qapage",
        "profilepage",
        "website",
        "book",
        "chapter",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "liveblogposting",
        "socialmediaposting",
        "discussionforumposting",
        "medicalwebpage",
        "searchresultspage",
        "dataset",
        "course",
        "howto",
        "recipe",
        "review",
        "legislation",
        "periodical",
        "publicationissue",
        "thesis",
        "manuscript",
    }
)


def jsonld_objects(tree: HTMLTree) -> Iterator[tuple[dict, bool]]:
    """(object, top_level) for every JSON-LD object of the page; top-level ones are direct or in @graph."""
    document = tree.document
    scripts = document.query_selector_all('script[type="application/ld+json"]') if document else ()
    for script in scripts:
        raw = script.text or ""
        if not raw.strip() or len(raw) > MAX_JSONLD_CHARS:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        stack: list[tuple[object, bool]] = [(data, True)]
        count = 0
        while stack and count < 500:
            item, top = stack.pop()
            count += 1
            if isinstance(item, list):
                stack.extend((x, top) for x in item[:50])
            elif isinstance(item, dict):
                yield item, top
                for key, value in item.items():
                    if key == "@graph":
                        stack.extend((x, True) for x in (value if isinstance(value, list) else [value])[:50])
                    elif isinstance(value, (dict, list)) and key not in ("@context",):
                        stack.append((value, False))


def jsonld_types(item: dict) -> set[str]:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1].lower() for k in kinds if isinstance(k, str)}


def same_page(a: str, b: str) -> bool:
    def key(url: str) -> str:
        parts = urlsplit(url.strip())
        return (
            (parts.hostname or "").removeprefix("www.")
            + parts.path.rstrip("/")
            + (f"?{parts.query}" if parts.query else "")
        )

    return key(a) == key(b)


def jsonld_ids(item: dict) -> list[str]:
    ids = []
    for key in ("url", "@id", "mainEntityOfPage"):
        value = item.get(key)
        if isinstance(value, dict):
            value = value.get("@id") or value.get("url")
        if isinstance(value, str) and value.strip():
            ids.append(value)
    return ids


def jsonld_licences(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        found = value.get("url") or value.get("@id") or value.get("name")
        return [found] if isinstance(found, str) else []
    if isinstance(value, list):
        return [x for v in value[:10] for x in jsonld_licences(v)]
    return []
