"""Rights clearing: licence resolution, rights holders' opt-outs and machine-readable TDM reservations, with evidence.

Entry points: :func:`provenance.rights.stage.clear_dump` (the stage),
:class:`provenance.rights.policy.LicencePolicy` (``load``/``resolve``),
:func:`provenance.rights.config.rights_config_hash` (what the Dagster sensor watches) and
:func:`provenance.rights.verify.verify_cleared` (the ``no_reserved_content`` check).
"""
