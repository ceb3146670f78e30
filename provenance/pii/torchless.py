"""Keep PyTorch out of the PII stage: spaCy's thinc and Presidio import torch whenever it is installed, and the
pipelines here (spaCy CNN models, no transformers) never use it.

With the ``torch`` extra installed (the loader's), those imports cost every process that loads spaCy or Presidio
(each PII worker, each test process) about 1.2 s and 230 MB. :func:`install` adds an import hook that refuses
``torch`` to the modules below while each is being imported (all take ImportError as "no torch"), and only to
them: torch stays importable for everything else, before and after. Presidio's device detection, the last
importer, is told the device through ``PRESIDIO_DEVICE`` in ``provenance/pii/__init__.py``.
"""

from __future__ import annotations

import importlib.abc
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

#: module that tries ``import torch`` at import time -> a name it defines only after that attempt
_IMPORTERS = {
    "thinc.compat": "has_torch",
    "presidio_analyzer.predefined_recognizers.ner.huggingface_ner_recognizer": "HuggingFaceNerRecognizer",
}


class _NoTorchForTheseImporters(importlib.abc.MetaPathFinder):
    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname == "torch" and any(_half_imported(name, defined) for name, defined in _IMPORTERS.items()):
            raise ModuleNotFoundError("torch is not loaded for spaCy's CNN pipelines", name=fullname)
        return None


def _half_imported(name: str, defined_after: str) -> bool:
    module = sys.modules.get(name)
    return module is not None and not hasattr(module, defined_after)


def install() -> None:
    """Add the hook once (idempotent)."""
    if not any(isinstance(finder, _NoTorchForTheseImporters) for finder in sys.meta_path):
        sys.meta_path.insert(0, _NoTorchForTheseImporters())
