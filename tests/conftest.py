"""Test-wide settings: offline, quiet, and never writing outside tmp paths."""

import os

# Presidio's e-mail recognizer imports tldextract, which otherwise tries to fetch the public suffix list.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
