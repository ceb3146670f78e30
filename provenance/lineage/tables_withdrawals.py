"""The lineage table and view of withdrawals after release: the signed withdrawal lists, and each withdrawn sample."""

from __future__ import annotations

from provenance.lineage.relation import Relation, relation

WITHDRAWAL_RELATIONS: tuple[Relation, ...] = (
    relation(
        "withdrawals",
        "table",
        "One row per sample and request of every release's signed withdrawal lists "
        "(releases/<release_id>/withdrawals/NNNN.dsse.json), verified with the key the release ships; a list "
        "that fails is left out and named in gaps.",
        ("release_id", "the release"),
        ("sample_id", "the withdrawn sample"),
        ("request_id", "a request that withdraws it (data_contracts/requests/<id>.yaml)"),
        ("sequence", "the list's number (0001 is 1); a sample's withdrawal is the union over the lists"),
        ("created", "when the list was signed"),
        ("file", "the list, relative to the release folder"),
    ),
    relation(
        "samples_withdrawn",
        "view",
        "Every published sample a signed withdrawal list withdraws, with the requests that withdraw it.",
        ("sample_id", "the sample"),
        ("release_id", "its release"),
        ("shard", "its shard"),
        ("row", "its row"),
        ("doc_id", "the document"),
        ("source_id", "the source"),
        ("request_ids", "the requests that withdraw it"),
        ("withdrawn_at", "when the first list withdrawing it was signed"),
        ("files", "the withdrawal lists naming it"),
    ),
)
