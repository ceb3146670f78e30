"""Gold-set scoring tells the truth: per-type recall under any label and under its own, zero support shown as none,
and plain Presidio measured as Presidio ships it."""

from provenance.pii.evaluation import GoldDoc, format_report, score_all

URL = "https://backup:Winter2023!@files.example.co.uk/nightly"
TEXT = f"The job pulls from {URL} every night; ask Priya Raghunathan."
URL_START = TEXT.index(URL)
NAME_START = TEXT.index("Priya")
DOC = GoldDoc(
    "en-1",
    TEXT,
    "en",
    (
        (URL_START, URL_START + len(URL), "URL_WITH_CREDENTIALS"),
        (NAME_START, NAME_START + len("Priya Raghunathan"), "PERSON"),
    ),
)


def _row(report: str, label: str) -> list[str]:
    return [line for line in report.splitlines() if line.startswith(label)]


def test_a_type_caught_only_under_another_label_shows_a_typed_recall_of_zero():
    # The whole URL redacted, but labelled as an e-mail address: gone from the text, wrongly typed.
    predicted = [(URL_START, URL_START + len(URL), "EMAIL_ADDRESS")]
    scores = score_all([DOC], [predicted])["en"]
    assert scores.recall("URL_WITH_CREDENTIALS") == 1.0
    assert scores.typed_recall("URL_WITH_CREDENTIALS") == 0.0
    assert scores.predicted["URL_WITH_CREDENTIALS"] == 0
    [row] = _row(format_report({"system": {"en": scores}}), "URL_WITH_CREDENTIALS")
    assert row.split()[3:7] == ["1.000", "0.000", "-", "0"]  # recall, typed, precision, predicted


def test_a_type_with_no_gold_span_in_a_language_has_no_recall_rather_than_a_perfect_one():
    french = GoldDoc("fr-1", "M. Dupont a appelé.", "fr", ((3, 9, "PERSON"),))
    by_lang = score_all([DOC, french], [[], [(3, 9, "PERSON")]])
    assert by_lang["fr"].recall("URL_WITH_CREDENTIALS") is None
    assert by_lang["fr"].typed_recall("URL_WITH_CREDENTIALS") is None
    report = format_report({"system": by_lang})
    french_part = report.split("== fr")[1].split("== ")[0]
    assert "URL_WITH_CREDENTIALS" not in french_part
    assert by_lang["all"].gold["URL_WITH_CREDENTIALS"] == 1 and by_lang["all"].recall("URL_WITH_CREDENTIALS") == 0.0


def test_a_partly_redacted_name_does_not_count_as_recalled_and_its_words_are_counted_one_by_one():
    predicted = [(NAME_START, NAME_START + len("Priya"), "PERSON")]
    scores = score_all([DOC], [predicted])["en"]
    assert scores.recall("PERSON") == 0.0
    assert (scores.name_words, scores.name_words_recalled) == (2, 1)
    assert sorted(scores.missed) == sorted(
        [
            ("en-1", NAME_START, NAME_START + len("Priya Raghunathan"), "PERSON"),
            ("en-1", URL_START, URL_START + len(URL), "URL_WITH_CREDENTIALS"),
        ]
    )


def test_the_stage_names_a_url_with_credentials_as_such_not_as_the_email_inside_it(detector):
    spans = detector.detect([TEXT], ["en"])[0]
    url = [s for s in spans if s.start <= URL_START < s.end]
    assert [(s.entity_type, s.start, s.end) for s in url] == [
        ("URL_WITH_CREDENTIALS", URL_START, URL_START + len(URL))
    ]


def test_plain_presidio_runs_its_own_recognizers_even_after_the_stage_loaded_its_own(detector):
    from provenance.pii.baseline import PlainPresidio

    detector.detect(["Carte 4970 1012 3456 7893 réglée."], ["fr"])
    plain = PlainPresidio(dict(detector.policy.models))
    modules = {type(r).__module__.split(".")[0] for r in plain.analyzer.registry.recognizers}
    assert modules == {"presidio_analyzer"}
    # A card number with an English context word: the path that crashed when our class shadowed Presidio's.
    found = plain.analyze("Paid by credit card 4970 1012 3456 7893 on Monday.", "en")
    assert "CREDIT_CARD" in {t for _, _, t in found}
