"""Questions about a party: a rights holder, found by name, and a data subject, found by the keyed hash of theirs.

Nothing here returns a personal value: a person is found by the keyed hash of their name (the
redactions' ``value_hmac``), never by a stored name. The SQL is in ``parties.sql``.
"""

from __future__ import annotations

import re

import pyarrow as pa

from provenance.lineage.answers import LineageQueryError, Question, Story
from provenance.lineage.sql import render


def _sql(block: str) -> str:
    return render("parties", block)


def rights_holder(db, name: str) -> Story:
    """Everything of one rights holder (case and accents ignored, part of the name is enough): the sources whose
    contract names it, the documents credited to it (``credited_documents``: a crawled site's pages, a wiki's),
    what of those and of its sources was included and excluded and why, the opt-outs that name it, and its
    samples per release."""
    pattern = name.strip()
    if not pattern:
        raise LineageQueryError("give a rights holder's name (or part of it)")
    with Question(db) as q:
        holders = q.table(_sql("holder_sources"), [pattern])
        entries = q.table(_sql("holder_optout_entries"), [pattern])
        ids = holders.column("source_id").to_pylist()
        # Its documents: those credited to it (a crawled site's pages), and those of the archives it publishes.
        docs = [pattern, ids]
        credited = q.table(_sql("holder_credited"), [pattern])
        if holders.num_rows == 0 and entries.num_rows == 0 and credited.num_rows == 0:
            known = q.table(_sql("rights_holders_known")).column(0).to_pylist()
            shown = "; ".join(known[:20]) + (f"; and {len(known) - 20} more" if len(known) > 20 else "")
            raise LineageQueryError(
                f"no source, document or opt-out names a rights holder like {pattern!r} "
                f"(rights holders: {shown or 'none'})"
            )
        counts = q.table(_sql("holder_accounting"), [ids])
        exclusions = q.table(_sql("holder_exclusions"), docs)
        optouts = q.table(_sql("holder_optouts"), [*docs, pattern])
        per_release = q.table(_sql("holder_samples_per_release"), docs)
        outcomes = q.row(_sql("holder_outcomes"), docs) or {}
        named = set(holders.column("rights_holder").to_pylist()) | set(credited.column("rights_holder").to_pylist())
        facts = {
            "query": pattern,
            "rights_holders": sorted(named),
            "sources": sorted(set(ids) | set(credited.column("source_id").to_pylist())),
        }
        facts.update({k: int(v or 0) for k, v in outcomes.items()})
        return Story(
            f"rights holder {pattern!r}",
            facts,
            {
                "sources": holders,
                "credited_documents": credited,
                "accounting": counts,
                "exclusions": exclusions,
                "optouts": optouts,
                "samples_per_release": per_release,
            },
        )


def name_variants(name: str) -> list[tuple[str, str]]:
    """(match kind, form) for a person's name: the full name and, with two or more words, the name in
    surname-first order (as registers write it), the surname part and its last word alone.

    The PII stage redacts every mention it finds: "Jean Dupont", and "Dupont" or "M. Dupont" alone
    once the full name is known. A surname alone also matches other people of that name, so those
    matches are reported as ``surname`` for a person to confirm.
    """
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    if not words:
        return []
    out = [("full_name", " ".join(words))]
    if len(words) >= 2:
        surname = " ".join(words[1:])
        out.append(("full_name", f"{surname} {words[0]}"))
        out.append(("surname", surname))
        if words[-1] != surname and len(words[-1]) >= 2:
            out.append(("surname", words[-1]))
    seen, unique = set(), []
    for kind, form in out:
        if form.casefold() not in seen:
            seen.add(form.casefold())
            unique.append((kind, form))
    return unique


def person(db, name: str, key: bytes) -> pa.Table:
    """Documents whose redactions match the keyed hash of ``name`` (``value_hmac`` under the PII key): for
    access and erasure requests. The name is hashed in memory and never stored, logged or returned."""
    from provenance.pii.keys import value_hmac

    variants = name_variants(name)
    if not variants:
        raise LineageQueryError("give the person's name")
    hashes = pa.table(
        {"value_hmac": [value_hmac(key, form) for _, form in variants], "match": [kind for kind, _ in variants]}
    )
    with Question(db) as q:
        q.con.register("person_hashes", hashes)
        try:
            return q.table(_sql("person_documents"))
        finally:
            q.con.unregister("person_hashes")
