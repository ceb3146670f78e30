"""Publishing a built release: its signed manifest beside the shards, the folder swapped into place, and its
lineage facts published as the ``certified_release`` stage output (:data:`provenance.layout.CERTIFY`)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from provenance.certify.dsse import EnvelopeError, parse_envelope
from provenance.certify.manifest import MANIFEST_FILE
from provenance.layout import CERTIFY, CERTIFY_DECISIONS, RELEASE_SAMPLES
from provenance.stats import ReleaseStats
from provenance.workspace import ParquetSink, Workspace


def existing_content(release_dir: Path) -> dict | None:
    """The content facts of an already published release (unverified: only used to detect a no-op)."""
    try:
        envelope = parse_envelope((release_dir / MANIFEST_FILE).read_bytes())
        statement = json.loads(envelope.payload)
        predicate = statement["predicate"]
        return {
            "merkle_root": predicate["merkle"]["root"],
            "decisions_sha256": predicate["decisions_sha256"],
            "subject": statement["subject"],
            "key_id": predicate["signing_key"]["key_id"],
        }
    except (OSError, EnvelopeError, ValueError, KeyError, TypeError):
        return None


def lineage_published(ws: Workspace, release_id: str) -> bool:
    """Whether the release's lineage facts were published (their stats file is written last)."""
    return (ws.stage_dir(CERTIFY, release_id) / CERTIFY.stats_file).is_file()


def publish_lineage(ws: Workspace, work: Path, stats: ReleaseStats) -> Path:
    """Publish the release's samples (with its id filled in) and certify decisions, from the build's ``work``."""

    def write(folder: Path) -> ReleaseStats:
        column = RELEASE_SAMPLES.schema.get_field_index("release_id")
        with ParquetSink(folder / RELEASE_SAMPLES.name, RELEASE_SAMPLES.schema) as sink:
            for batch in pq.ParquetFile(work / RELEASE_SAMPLES.name).iter_batches(batch_size=65536):
                ids = pa.array([stats.release_id] * batch.num_rows, pa.string())
                sink.write(batch.set_column(column, "release_id", ids))
        shutil.copyfile(work / CERTIFY_DECISIONS.name, folder / CERTIFY_DECISIONS.name)
        return stats

    ws.publish(CERTIFY, stats.release_id, write)
    return ws.stage_dir(CERTIFY, stats.release_id)
