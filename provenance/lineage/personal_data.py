"""The ``pii_identifiers`` SQL function: contact details and identifiers redacted from ingest's own strings.

Ingest stores its quarantine, skipped and notice rows and the site files it captured before the
redaction stage runs, and their locators (file and member names), URLs, messages (which quote
locators) and robots.txt bodies are the record's own strings: an e-mail in a file name, a phone
number in a URL. The lineage copies them through this function, which replaces each identifier
the PII policy redacts by its placeholder (:class:`provenance.pii.fields.FieldRedactor` without
a key, so no hash is computed), a URL's host kept. Pattern recognizers only: these strings are
not prose, and a record that never became a document has no text whose names could be looked for.
A document's own URL and locator are read from its redacted row (:mod:`provenance.pii.fields`
redacted them, names included); only a document with no redacted row yet goes through this.
"""

from __future__ import annotations

import duckdb

from provenance.contracts import ContractError
from provenance.pii.fields import FieldRedactor
from provenance.pii.policy import load_pii_policy, policy_path
from provenance.workspace import Workspace

#: The SQL function's name, as the lineage SQL calls it.
FUNCTION = "pii_identifiers"


def register_identifier_redaction(con: duckdb.DuckDBPyConnection, ws: Workspace) -> None:
    """Define ``pii_identifiers(VARCHAR) -> VARCHAR`` on ``con`` under the workspace's PII policy.

    A policy file that does not load gives the packaged default: the lineage is built either way,
    and the default redacts every identifier type."""
    try:
        policy = load_pii_policy(policy_path(ws.contracts))
    except ContractError:
        policy = load_pii_policy()
    redactor = FieldRedactor(policy, None)
    con.create_function(
        FUNCTION,
        redactor.identifiers_only,
        ["VARCHAR"],  # type names, not duckdb.typing/sqltypes: the module moved between supported versions
        "VARCHAR",
        side_effects=False,
    )
