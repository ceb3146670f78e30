"""The named baseline every PII measurement compares against: Presidio used the obvious way.

Same spaCy models as the stage, loaded whole by Presidio's own ``SpacyNlpEngine``; the
default recognizer registry for French and English; ``AnalyzerEngine.analyze()`` called
once per document; every entity it returns redacted (as ``AnonymizerEngine`` would).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")


class PlainPresidio:
    """``AnalyzerEngine`` with default configuration over the policy's models."""

    name = "plain Presidio"

    def __init__(self, models: dict[str, str]):
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider

        provider = NlpEngineProvider(
            nlp_configuration={
                "nlp_engine_name": "spacy",
                "models": [{"lang_code": lang, "model_name": model} for lang, model in models.items()],
            }
        )
        self.languages = list(models)
        self.analyzer = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=self.languages)
        # Presidio resolves its default recognizers by class name among every recognizer class
        # loaded in the process: a same-named class of ours would be picked instead of its own.
        foreign = sorted(
            {
                f"{type(r).__module__}.{type(r).__name__}"
                for r in self.analyzer.registry.recognizers
                if not type(r).__module__.startswith("presidio_analyzer.")
            }
        )
        if foreign:
            raise RuntimeError(f"the plain Presidio baseline would run non-Presidio recognizers: {', '.join(foreign)}")

    def analyze(self, text: str, lang: str) -> list[tuple[int, int, str]]:
        lang = lang if lang in self.languages else self.languages[0]
        return [(r.start, r.end, r.entity_type) for r in self.analyzer.analyze(text=text, language=lang)]

    def analyze_all(self, texts: Sequence[str], langs: Sequence[str]) -> list[list[tuple[int, int, str]]]:
        return [self.analyze(text, lang) for text, lang in zip(texts, langs, strict=True)]
