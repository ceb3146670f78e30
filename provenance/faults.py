"""Test-only kill points: a run that kills itself (SIGKILL) at a named point, to prove a killed run recovers.

Inert unless the environment variable ``PROVENANCE_FAULT_POINT`` names one of :class:`FaultPoint`'s values,
e.g. ``PROVENANCE_FAULT_POINT=after_release_rename provenance run``: the process then sends itself SIGKILL
when it reaches that point, as a power cut or the OOM killer would, with no cleanup and no ``finally``.
``tests/orchestration/test_fault_injection.py`` uses it; nothing else sets it.
"""

from __future__ import annotations

import os
import signal
from enum import StrEnum

from provenance.layout import INGEST, REDACTION, RIGHTS

FAULT_POINT_ENV = "PROVENANCE_FAULT_POINT"


class FaultPoint(StrEnum):
    """Where a run can be killed: after a stage's output is published, between the release and the lineage."""

    AFTER_INGEST = "after_ingest"
    AFTER_PII = "after_pii"
    AFTER_RIGHTS = "after_rights"
    #: the release folder renamed into place; the certified_release asset has not returned yet
    AFTER_RELEASE_RENAME = "after_release_rename"
    #: the new lineage database written (not yet swapped in), the writer lock and Dagster's pool slot held
    DURING_LINEAGE_BUILD = "during_lineage_build"


#: the stage output (provenance.layout) after whose publication each stage's point fires
AFTER_STAGE = {
    INGEST.name: FaultPoint.AFTER_INGEST,
    REDACTION.name: FaultPoint.AFTER_PII,
    RIGHTS.name: FaultPoint.AFTER_RIGHTS,
}


def fault_point(point: FaultPoint | None) -> None:
    """Kill this process now if ``PROVENANCE_FAULT_POINT`` names ``point``; otherwise do nothing."""
    if point is not None and os.environ.get(FAULT_POINT_ENV) == point.value:
        os.kill(os.getpid(), signal.SIGKILL)
