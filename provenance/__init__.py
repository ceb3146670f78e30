"""Copyright- and GDPR-aware data-provenance pipeline for LLM training data."""

__version__ = "0.1.0"
