"""Building the Presidio analyzer of one language from explicit configuration: NER-only spaCy pipeline, recognizer registry.

Nothing here is implicit: the spaCy model is the policy's package name for the language,
loaded with only the components its NER needs; the registry lists every recognizer by
hand (no ``load_predefined_recognizers``), with French context words for French.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# Presidio's e-mail recognizer imports tldextract, which would otherwise fetch the public suffix list.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import spacy
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, PatternRecognizer, RecognizerRegistry
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import SpacyRecognizer
from spacy.language import Language
from spacy.tokens import Doc

from provenance.pii.context import WindowContextEnhancer
from provenance.pii.recognizers import (
    AppositionPersonRecognizer,
    CaseCitationPersonRecognizer,
    DateOfBirthRecognizer,
    FormFieldPersonRecognizer,
    FrIdCardRecognizer,
    FrNirRecognizer,
    FrPassportRecognizer,
    FrPhoneRecognizer,
    FrSirenRecognizer,
    FrSiretRecognizer,
    FrVehiclePlateRecognizer,
    GivenNamePersonRecognizer,
    HonorificPersonRecognizer,
    InternationalPhoneRecognizer,
    LetterPseudonymRecognizer,
    PaymentCardRecognizer,
    RareNamePersonRecognizer,
    StreetAddressRecognizer,
    TranscriptSpeakerRecognizer,
    UrlWithCredentialsRecognizer,
)
from provenance.pii.recognizers.predefined import (
    BilingualEmailRecognizer,
    BilingualIbanRecognizer,
    BilingualIpRecognizer,
)

#: spaCy NER labels -> entity types. Labels not listed (MISC, NORP, DATE, MONEY ...) are not personal data.
NER_LABELS = {
    "PER": "PERSON",
    "PERSON": "PERSON",
    "ORG": "ORGANIZATION",
    "LOC": "LOCATION",
    "GPE": "LOCATION",
    "FAC": "LOCATION",
}
NER_SCORE = 0.85

#: Recognizers of person names beyond the NER.
PERSON_RECOGNIZERS = (
    HonorificPersonRecognizer,
    GivenNamePersonRecognizer,
    TranscriptSpeakerRecognizer,
    AppositionPersonRecognizer,
    FormFieldPersonRecognizer,
    CaseCitationPersonRecognizer,
    RareNamePersonRecognizer,
    LetterPseudonymRecognizer,
)


def ner_exclusions(model: str) -> list[str]:
    """Components of ``model`` the NER does not need (it has its own tok2vec unless it listens to a shared one)."""
    config = _package_config(model)
    pipeline = list(config["nlp"]["pipeline"])
    keep = {"ner"}
    ner_tok2vec = config["components"].get("ner", {}).get("model", {}).get("tok2vec", {})
    if str(ner_tok2vec.get("@architectures", "")).startswith("spacy.Tok2VecListener"):
        upstream = ner_tok2vec.get("upstream", "*")
        keep |= {
            name
            for name in pipeline
            if upstream in ("*", name) and config["components"][name].get("factory") in ("tok2vec", "transformer")
        }
    return [name for name in pipeline if name not in keep]


def _package_config(model: str):
    path = Path(spacy.util.get_package_path(model))
    configs = sorted(path.glob("*/config.cfg")) or sorted(path.glob("config.cfg"))
    if not configs:
        raise RuntimeError(f"spaCy package {model} has no config.cfg under {path}")
    return spacy.util.load_config(configs[0], interpolate=False)


@cache
def load_ner_pipeline(model: str) -> Language:
    """The installed spaCy package ``model`` with only what its NER needs (one per process).

    Never downloads: a model that is not installed is an error saying which package to install.
    """
    if not spacy.util.is_package(model) and not Path(model).exists():
        raise RuntimeError(
            f"spaCy model {model!r} is not installed; install its package (pip install {model}) "
            "or change the model in pii_policy.yaml. Models are never downloaded at run time."
        )
    return spacy.load(model, exclude=ner_exclusions(model))


class NerOnlySpacyNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine over NER-only pipelines: no parser, tagger or lemmatizer run.

    Lemmas are not computed; artefacts carry lower-cased token text in their place, which is
    what context matching compares anyway.
    """

    def load(self) -> None:
        # Presidio's __init__ sets nlp = None, so mypy infers its type as None; load() fills it as Presidio's does.
        self.nlp = {m["lang_code"]: load_ner_pipeline(m["model_name"]) for m in self.models}  # type: ignore[assignment]

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        entities, scores = self._get_updated_entities(list(doc.ents), self._get_scores_for_entities(doc))
        return NlpArtifacts(
            entities=entities,
            tokens=doc,
            tokens_indices=[t.idx for t in doc],
            lemmas=[t.lower_ for t in doc],
            nlp_engine=self,
            language=language,
            scores=scores,
        )


def ner_model_configuration() -> NerModelConfiguration:
    return NerModelConfiguration(
        model_to_presidio_entity_mapping=dict(NER_LABELS),
        labels_to_ignore=[
            "MISC",
            "NORP",
            "DATE",
            "TIME",
            "CARDINAL",
            "EVENT",
            "LANGUAGE",
            "LAW",
            "MONEY",
            "ORDINAL",
            "PERCENT",
            "PRODUCT",
            "QUANTITY",
            "WORK_OF_ART",
        ],
        default_score=NER_SCORE,
    )


def structured_recognizers(lang: str) -> list[PatternRecognizer]:
    """Pattern-and-checksum recognizers of one language: identifiers, contact details, dates of birth, addresses."""
    recognizers: list[PatternRecognizer] = [
        BilingualEmailRecognizer(supported_language=lang),
        BilingualIbanRecognizer(supported_language=lang),
        BilingualIpRecognizer(supported_language=lang),
        FrPhoneRecognizer(supported_language=lang),
        InternationalPhoneRecognizer(supported_language=lang),
        FrNirRecognizer(supported_language=lang),
        FrSirenRecognizer(supported_language=lang),
        FrSiretRecognizer(supported_language=lang),
        PaymentCardRecognizer(supported_language=lang),
        FrPassportRecognizer(supported_language=lang),
        FrIdCardRecognizer(supported_language=lang),
        FrVehiclePlateRecognizer(supported_language=lang),
        UrlWithCredentialsRecognizer(supported_language=lang),
        DateOfBirthRecognizer(supported_language=lang),
        StreetAddressRecognizer(supported_language=lang),
    ]
    return recognizers


def person_recognizers(lang: str) -> list[EntityRecognizer]:
    return [cls(supported_language=lang) for cls in PERSON_RECOGNIZERS]


def build_registry(lang: str) -> RecognizerRegistry:
    """The explicit recognizer registry of one language: structured, person-name and NER recognizers."""
    recognizers: list[EntityRecognizer] = [
        *structured_recognizers(lang),
        *person_recognizers(lang),
        SpacyRecognizer(
            supported_language=lang, supported_entities=["PERSON", "ORGANIZATION", "LOCATION"], ner_strength=NER_SCORE
        ),
    ]
    return RecognizerRegistry(recognizers=recognizers, supported_languages=[lang])


@dataclass
class LanguageAnalyzer:
    """Everything that reads one language: the Presidio analyzer and, for the fast path, its parts."""

    lang: str
    model: str
    analyzer: AnalyzerEngine
    nlp: Language
    structured: list[PatternRecognizer]
    persons: list[EntityRecognizer]
    enhancer: WindowContextEnhancer


def build_language_analyzer(lang: str, model: str) -> LanguageAnalyzer:
    """A Presidio ``AnalyzerEngine`` for ``lang`` from explicit configuration, and its parts."""
    nlp_engine = NerOnlySpacyNlpEngine(
        models=[{"lang_code": lang, "model_name": model}],
        ner_model_configuration=ner_model_configuration(),
    )
    nlp_engine.load()
    registry = build_registry(lang)
    enhancer = WindowContextEnhancer()
    analyzer = AnalyzerEngine(
        registry=registry,
        nlp_engine=nlp_engine,
        supported_languages=[lang],
        context_aware_enhancer=enhancer,
    )
    structured = [
        r for r in registry.recognizers if isinstance(r, PatternRecognizer) and not isinstance(r, PERSON_RECOGNIZERS)
    ]
    persons: list[EntityRecognizer] = [r for r in registry.recognizers if isinstance(r, PERSON_RECOGNIZERS)]
    return LanguageAnalyzer(
        lang=lang,
        model=model,
        analyzer=analyzer,
        nlp=nlp_engine.get_nlp(lang),
        structured=structured,
        persons=persons,
        enhancer=enhancer,
    )
