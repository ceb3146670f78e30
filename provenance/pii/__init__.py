"""Personal data: detecting and redacting French and English PII with Presidio, auditably.

- ``stage.redact_dump``: the ``redacted_documents`` stage over one dump's Parquet.
- ``detect.PiiDetector``: the fast detection path (spaCy ``pipe``, recognizers called directly).
- ``engine``: the Presidio analyzer of each language, from explicit configuration.
- ``recognizers/``: the recognizers Presidio lacks, one per file, in Presidio's style.
- ``names``, ``segments``, ``chunking``, ``language``: person names, what the NER reads, long
  documents, the language of each document.
- ``redaction``, ``keys``, ``policy``: operators, the HMAC key, the policy contract.
- ``residual``, ``evaluation``, ``baseline``, ``cli``: the residual check, gold-set scoring,
  plain Presidio, and the ``redact`` / ``eval-pii`` commands.

Nothing heavy is imported here: ``provenance --help`` must stay fast.
"""

import os as _os

# Presidio's e-mail recognizer imports tldextract, whose default extractor would fetch the public
# suffix list over the network when first used; with this empty, it uses the snapshot it ships.
# Set before any submodule imports Presidio.
_os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

# PyTorch (the loader's optional extra) is never loaded into a PII process, where it would cost about 1.2 s and
# 230 MB each: Presidio's device detection imports it unless told the device, thinc unless refused it.
_os.environ.setdefault("PRESIDIO_DEVICE", "cpu")
from provenance.pii import torchless as _torchless

_torchless.install()
