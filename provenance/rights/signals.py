"""Machine-readable TDM reservations, read offline from what the dump holds; one function per signal family.

Each function returns :class:`~provenance.rights.evidence.SignalEvidence` whether or not the
signal reserves the document, so the evidence shows every check that ran. The families live in
their own modules (:mod:`~provenance.rights.tdmrep`, :mod:`~provenance.rights.robots`,
:mod:`~provenance.rights.aipref`); this one reads the ``noai`` directives and gathers them all for the rights stage.

Every signal has three states: it reserves, it does not (``absent`` when checked and silent), or it
was ``not_checked``: no robots.txt or tdmrep.json covering the host at the capture date, no HTTP
response kept with the record (JSONL, Parquet, MediaWiki and text records), or no HTML to read metas
from. Not checked never reads as "no reservation": the rights stage holds or allows such pages as
the source contract says (``unverified``).

``noai`` in X-Robots-Tag or meta robots reserves, whoever it is addressed to (``GPTBot: noai``
included); ``noimageai`` concerns images only and does not reserve text. A crawler-specific meta
(``<meta name="GPTBot" content="noindex">``, kept by ingest in ``metadata["meta_robots_bots"]``)
addressed to a configured AI crawler token reserves with ``noindex`` or ``none`` as well.
"""

from __future__ import annotations

import re

from provenance.rights.aipref import content_signal_signal, content_usage_signal, robots_content_usage_signal
from provenance.rights.evidence import SignalEvidence
from provenance.rights.reservations import ReservationSettings
from provenance.rights.robots import robots_txt_signal
from provenance.rights.tdmrep import tdmrep_signals
from provenance.vocabulary import Signal, SignalStatus

__all__ = [
    "content_signal_signal",
    "content_usage_signal",
    "meta_robots_signal",
    "robots_content_usage_signal",
    "robots_txt_signal",
    "tdmrep_signals",
    "x_robots_tag_signal",
]

#: X-Robots-Tag directives that take a value after a colon: not a user-agent scope.
_VALUED_DIRECTIVES = {"unavailable_after", "max-snippet", "max-image-preview", "max-video-preview"}


# --------------------------------------------------------------------------- noai directives


def _noai(signal: str, label: str, value: str | None, checked: bool = True, unseen: str = "") -> SignalEvidence:
    if not value or not value.strip():
        if not checked:
            return SignalEvidence(signal, SignalStatus.NOT_CHECKED, f"{label} not checked: {unseen}")
        return SignalEvidence(signal, SignalStatus.ABSENT, f"no {label}")
    found: list[str] = []
    image_only: list[str] = []
    for segment in value.split(","):
        directives = segment.strip()
        scope = None
        name, sep, rest = directives.partition(":")
        if sep and name.strip().lower() not in _VALUED_DIRECTIVES and " " not in name.strip():
            scope, directives = name.strip(), rest.strip()
        # a scoped header lists several directives after one "agent:" prefix, e.g. "GPTBot: noindex noai"
        for directive in directives.lower().split():
            if directive == "noai":
                found.append(f"{scope}: noai" if scope else "noai")
            elif directive == "noimageai":
                image_only.append(f"{scope}: noimageai" if scope else "noimageai")
    data = {"value": value}
    if found:
        return SignalEvidence(
            signal, SignalStatus.RESERVED, f"{label} {', '.join(found)}", {**data, "directives": found}
        )
    if image_only:
        return SignalEvidence(
            signal,
            SignalStatus.NOT_APPLICABLE,
            f"{label} {', '.join(image_only)} concerns images, not text",
            {**data, "directives": image_only},
        )
    return SignalEvidence(signal, SignalStatus.NOT_RESERVED, f"{label} has no noai directive", data)


def x_robots_tag_signal(value: str | None, checked: bool = True) -> SignalEvidence:
    """HTTP X-Robots-Tag: ``noai`` reserves (``noimageai`` concerns images only); ``checked``: an HTTP response was kept."""
    return _noai(Signal.X_ROBOTS_TAG, "X-Robots-Tag", value, checked, "the record kept no HTTP response")


def meta_robots_signal(
    value: str | None,
    bot_metas: dict[str, str] | None = None,
    settings: ReservationSettings | None = None,
    checked: bool = True,
) -> SignalEvidence:
    """<meta name="robots"> and crawler-specific metas (<meta name="GPTBot" content="noindex">).

    ``noai`` reserves wherever it appears. A crawler-specific meta addressed to a configured AI
    crawler token reserves with ``noindex`` or ``none`` too: for a crawler that only collects
    training data, being told not to index the page can only mean not to use it.
    """
    general = _noai(Signal.META_ROBOTS, "meta robots", value, checked or bool(bot_metas), "the record kept no HTML")
    if general.reserves or not bot_metas:
        return general
    tokens = {t.lower() for t in (settings.ai_crawler_tokens if settings else ())}
    refused: list[str] = []
    read: list[str] = []
    for name, content in sorted(bot_metas.items()):
        directives = {d.strip().lower() for d in re.split(r"[,\s]+", content or "") if d.strip()}
        read.append(f"{name}: {content}")
        if "noai" in directives or (name.lower() in tokens and directives & {"noindex", "none"}):
            refused.append(f'<meta name="{name}" content="{content}">')
    data = {**general.data, "value": value, "bot_metas": dict(sorted(bot_metas.items()))}
    if refused:
        return SignalEvidence(Signal.META_ROBOTS, SignalStatus.RESERVED, "crawler meta " + ", ".join(refused), data)
    if general.status == "absent":
        return SignalEvidence(
            Signal.META_ROBOTS,
            SignalStatus.NOT_RESERVED,
            "crawler metas without a refusal: " + "; ".join(read),
            data,
        )
    return SignalEvidence(general.signal, general.status, general.detail, data)
