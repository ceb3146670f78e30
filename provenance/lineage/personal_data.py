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

#: The SQL functions' names, as the lineage SQL calls them: one for a string, one for a list of strings.
FUNCTION = "pii_identifiers"
LIST_FUNCTION = "pii_identifiers_list"


def register_identifier_redaction(con: duckdb.DuckDBPyConnection, ws: Workspace) -> None:
    """Define ``pii_identifiers(VARCHAR) -> VARCHAR`` and ``pii_identifiers_list(VARCHAR[]) -> VARCHAR[]`` on
    ``con`` under the workspace's PII policy.

    A policy file that does not load gives the packaged default: the lineage is built either way,
    and the default redacts every identifier type."""
    try:
        policy = load_pii_policy(policy_path(ws.contracts))
    except ContractError:
        policy = load_pii_policy()
    redactor = FieldRedactor(policy, None)

    def each(values: list[str | None] | None) -> list[str | None] | None:
        return None if values is None else [redactor.identifiers_only(v) if v else v for v in values]

    # Type names, not duckdb.typing/sqltypes: the module moved between supported versions. A list has a
    # function of its own: lambdas changed syntax between supported versions too.
    con.create_function(FUNCTION, redactor.identifiers_only, ["VARCHAR"], "VARCHAR", side_effects=False)
    con.create_function(LIST_FUNCTION, each, ["VARCHAR[]"], "VARCHAR[]", side_effects=False)
