"""Machine-readable reservations are read the way their specifications say, edge cases included."""

import hashlib
import json
from pathlib import Path

import pytest

from provenance.contracts import load_crawler_tokens
from provenance.rights.captures import Capture
from provenance.rights.reservations import ReservationSettings
from provenance.rights.signals import (
    content_usage_signal,
    meta_robots_signal,
    robots_content_usage_signal,
    robots_txt_signal,
    tdmrep_signals,
    x_robots_tag_signal,
)

CRAWLER_TOKENS = load_crawler_tokens(Path(__file__).resolve().parents[2] / "data_contracts")
SETTINGS = ReservationSettings(
    ai_crawler_tokens=("GPTBot", "CCBot", "Google-Extended", "ClaudeBot"), crawler_tokens=CRAWLER_TOKENS
)


def capture(kind: str, body: str, status: int = 200, host: str = "www.example.fr") -> Capture:
    return Capture(
        kind=kind,
        host=host,
        url=f"https://{host}/{'robots.txt' if kind == 'robots.txt' else '.well-known/tdmrep.json'}",
        body=body,
        body_sha256=hashlib.sha256(body.encode()).hexdigest(),
        http_status=status,
        locator="landing/x.warc.gz#<urn:uuid:1>",
    )


def tdm(url="https://www.example.fr/articles/2024/un.html", header=None, meta=None, rules=None, status=200):
    file = (
        capture("tdmrep.json", rules if isinstance(rules, str) else json.dumps(rules), status)
        if rules is not None
        else None
    )
    found = tdmrep_signals(
        header_reservation=header,
        header_policy=None,
        meta_reservation=meta,
        meta_policy=None,
        tdmrep_capture=file,
        url=url,
    )
    return {e.signal: e for e in found}


# --------------------------------------------------------------------------- TDMRep


@pytest.mark.parametrize("header", ["1", " 1 ", "1\t", "1, 1", '"1"'])
def test_tdm_reservation_header_1_reserves_whatever_the_whitespace(header):
    assert tdm(header=header)["tdm_header"].status == "reserved"


@pytest.mark.parametrize(
    "header, status",
    [
        ("0", "not_reserved"),
        ("2", "invalid"),
        ("yes", "invalid"),
        ("1, 0", "invalid"),
        ("", "absent"),
        (None, "absent"),
    ],
)
def test_other_tdm_reservation_values_do_not_reserve(header, status):
    assert tdm(header=header)["tdm_header"].status == status
    assert not tdm(header=header)["tdm_header"].reserves


def test_html_meta_supersedes_the_header_which_supersedes_the_file():
    found = tdm(header="1", meta="0", rules=[{"location": "/", "tdm-reservation": 1}])
    assert found["tdm_meta"].status == "not_reserved"
    assert found["tdm_header"].status == "superseded" and not found["tdm_header"].reserves
    assert found["tdmrep_json"].status == "superseded"
    assert tdm(header="0", rules=[{"location": "/", "tdm-reservation": 1}])["tdm_header"].status == "not_reserved"
    assert tdm(meta="1", header="0")["tdm_meta"].reserves


@pytest.mark.parametrize(
    "location, path, reserved",
    [
        ("/", "/anything", True),
        ("/articles/", "/articles/2024/un.html", True),
        ("/articles/", "/Articles/2024/un.html", False),  # case-sensitive
        ("/articles/*.html", "/articles/2024/un.html", True),  # * spans path segments
        ("/articles/*.html", "/articles/2024/un.pdf", False),
        ("/*/un.html$", "/articles/un.html", True),
        ("/*/un.html$", "/articles/un.html?page=2", False),  # $ anchors the end
        ("/articles/un.html$", "/articles/un.html", True),
        ("/images/", "/articles/un.html", False),
        ("/articles/%7Eold/", "/articles/~old/x", True),  # escaped unreserved characters match
    ],
)
def test_tdmrep_json_locations_match_like_robots_patterns(location, path, reserved):
    found = tdm(url=f"https://www.example.fr{path}", rules=[{"location": location, "tdm-reservation": 1}])
    assert found["tdmrep_json"].reserves is reserved


def test_the_first_matching_tdmrep_rule_wins():
    rules = [
        {"location": "/directory-b/images/*.jpg", "tdm-reservation": 0},
        {"location": "/directory-b/", "tdm-reservation": 1, "tdm-policy": "https://provider.example/policy.json"},
    ]
    assert (
        tdm(url="https://www.example.fr/directory-b/images/a.jpg", rules=rules)["tdmrep_json"].status == "not_reserved"
    )
    found = tdm(url="https://www.example.fr/directory-b/html/a.html", rules=rules)["tdmrep_json"]
    assert found.status == "reserved"
    assert found.data["rule_index"] == 1 and found.data["tdm-policy"] == "https://provider.example/policy.json"
    assert found.data["file"]["body_sha256"] == hashlib.sha256(json.dumps(rules).encode()).hexdigest()


@pytest.mark.parametrize(
    "rules, status",
    [
        ("{not json", "invalid"),
        ({"location": "/", "tdm-reservation": 1}, "invalid"),  # not an array
        ([{"location": "/", "tdm-reservation": 3}], "invalid"),  # protocol error: unset
        ([{"location": "/", "tdm-reservation": "1"}], "reserved"),  # a string "1" is read as 1
        ([{"location": "/other/", "tdm-reservation": 1}], "absent"),
        ([], "absent"),
    ],
)
def test_broken_or_unmatched_tdmrep_files_never_reserve_by_accident(rules, status):
    assert tdm(rules=rules)["tdmrep_json"].status == status


def test_a_tdmrep_file_the_site_does_not_have_reserves_nothing():
    assert tdm(rules=[{"location": "/", "tdm-reservation": 1}], status=404)["tdmrep_json"].status == "absent"


# --------------------------------------------------------------------------- robots.txt

ROBOTS = """\
User-agent: *
Disallow: /private/
Allow: /private/public/

User-agent: GPTBot
Disallow: /
Allow: /open/

User-agent: CCBot
Disallow: /*.pdf$
Disallow: /archives/*/full
"""


def robots(url, body=ROBOTS, settings=SETTINGS, status=200):
    return robots_txt_signal(capture("robots.txt", body, status), url, settings)


def test_a_disallow_for_an_ai_crawler_reserves_and_names_the_rule_and_the_file_digest():
    found = robots("https://www.example.fr/articles/un.html")
    assert found.status == "reserved"
    assert found.data["disallowed"] == [
        {"group": "gptbot", "agents": ["GPTBot"], "purposes": ["training"], "rule": "Disallow: /"}
    ]
    assert found.data["robots"]["body_sha256"] == hashlib.sha256(ROBOTS.encode()).hexdigest()
    assert found.data["robots"]["locator"] == "landing/x.warc.gz#<urn:uuid:1>"


def test_the_longest_matching_rule_wins_allow_over_a_shorter_disallow():
    found = robots("https://www.example.fr/open/page.html")
    assert found.status == "not_reserved"


def test_wildcards_and_end_anchors_in_robots_rules():
    body = "User-agent: CCBot\nDisallow: /*.pdf$\nDisallow: /archives/*/full\n"
    assert robots("https://www.example.fr/docs/rapport.pdf", body).reserves
    assert not robots("https://www.example.fr/docs/rapport.pdf?v=2", body).reserves
    assert robots("https://www.example.fr/archives/2020/full/text", body).reserves
    assert not robots("https://www.example.fr/archives/2020/summary", body).reserves


def test_an_equal_length_allow_beats_a_disallow():
    body = "User-agent: GPTBot\nDisallow: /page\nAllow: /page\n"
    assert not robots("https://www.example.fr/page", body).reserves


def test_a_star_disallow_reserves_even_when_ai_crawlers_have_their_own_allowing_group():
    body = "User-agent: *\nDisallow: /\n\nUser-agent: GPTBot\nUser-agent: CCBot\nUser-agent: Google-Extended\nUser-agent: ClaudeBot\nAllow: /\n"
    found = robots("https://www.example.fr/x", body)
    assert found.status == "reserved"
    assert found.data["disallowed"] == [{"group": "*", "agents": ["*"], "rule": "Disallow: /"}]
    lenient = ReservationSettings(ai_crawler_tokens=SETTINGS.ai_crawler_tokens, robots_star_reserves=False)
    assert not robots("https://www.example.fr/x", body, lenient).reserves


def test_ai_crawlers_without_their_own_group_obey_the_star_group():
    found = robots("https://www.example.fr/private/notes", "User-agent: *\nDisallow: /private/\n")
    assert found.reserves
    assert found.data["disallowed"][0]["group"] == "*"
    assert "GPTBot" in found.data["disallowed"][0]["agents"]


def test_a_disallow_for_a_crawler_we_do_not_list_does_not_reserve():
    assert not robots("https://www.example.fr/x", "User-agent: Googlebot\nDisallow: /\n").reserves


def test_user_agent_lines_match_case_insensitively():
    assert robots("https://www.example.fr/x", "user-agent: gptbot\ndisallow: /x\n").reserves


def test_robots_answers_404_means_no_rules_and_no_capture_means_nothing_checked():
    assert robots("https://www.example.fr/x", "User-agent: *\nDisallow: /\n", status=404).status == "absent"
    assert robots_txt_signal(None, "https://www.example.fr/x", SETTINGS).status == "not_checked"
    assert robots_txt_signal(capture("robots.txt", ROBOTS), None, SETTINGS).status == "not_checked"


# --------------------------------------------------------------------------- IETF aipref Content-Usage


@pytest.mark.parametrize(
    "header, status",
    [
        ("train-ai=n", "reserved"),
        ("train-ai=n, search=y", "reserved"),
        ('search=y, train-ai=n;note="x"', "reserved"),
        ("train-genai=n", "reserved"),
        ('train-ai="n"', "not_reserved"),  # a String, not a Token: no preference
        ("train-ai=y", "allowed"),
        ("train-ai=y, train-ai=n", "reserved"),  # the last value of a repeated key applies
        ("train-ai=n, train-ai=y", "allowed"),
        ("search=n", "not_reserved"),
        ("Train-AI=n", "invalid"),  # keys are lower-case: the field does not parse
        ("train-ai=n;;", "invalid"),
        ("", "absent"),
        (None, "absent"),
    ],
)
def test_content_usage_reserves_only_for_the_token_n(header, status):
    found = content_usage_signal(header, SETTINGS)
    assert found.status == status
    assert found.reserves is (status == "reserved")


AIPREF_ROBOTS = """\
User-Agent: *
Allow: /
Disallow: /never/
Content-Usage: / train-ai=n
Content-Usage: /ai-ok/ train-ai=y

User-Agent: ExampleBot
Allow: /
Content-Usage: / train-ai=y
"""


@pytest.mark.parametrize("path, status", [("/test", "reserved"), ("/ai-ok/test", "allowed")])
def test_robots_content_usage_rules_use_the_longest_matching_path(path, status):
    found = robots_content_usage_signal(
        capture("robots.txt", AIPREF_ROBOTS), f"https://www.example.fr{path}", SETTINGS
    )
    assert found.status == status


def test_robots_content_usage_with_a_quoted_n_states_nothing():
    body = 'User-Agent: *\nContent-Usage: / train-ai="n"\n'
    assert (
        robots_content_usage_signal(capture("robots.txt", body), "https://www.example.fr/x", SETTINGS).status
        == "not_reserved"
    )


def test_conflicting_content_usage_rules_for_one_path_combine_to_the_refusal():
    body = "User-Agent: GPTBot\nContent-Usage: /a/ train-ai=y\nContent-Usage: /a/ train-ai=n\n"
    assert robots_content_usage_signal(capture("robots.txt", body), "https://www.example.fr/a/b", SETTINGS).reserves


def test_robots_without_content_usage_rules_is_recorded_as_absent():
    assert (
        robots_content_usage_signal(capture("robots.txt", ROBOTS), "https://www.example.fr/x", SETTINGS).status
        == "absent"
    )


# --------------------------------------------------------------------------- noai


@pytest.mark.parametrize(
    "value, status",
    [
        ("noai", "reserved"),
        ("NoAI", "reserved"),
        ("noindex, noai, noimageai", "reserved"),
        ("GPTBot: noai", "reserved"),
        ("otherbot: noindex noai", "reserved"),
        ("noimageai", "not_applicable"),  # images only: text is not reserved
        ("noindex, nofollow", "not_reserved"),
        ("unavailable_after: 25 Jun 2030 15:00:00 PST", "not_reserved"),
        ("noaI-ish", "not_reserved"),
        (None, "absent"),
    ],
)
def test_noai_in_x_robots_tag_and_meta_robots(value, status):
    assert x_robots_tag_signal(value).status == status
    assert meta_robots_signal(value).status == status
    assert x_robots_tag_signal(value).reserves is (status == "reserved")


def test_a_crawler_specific_meta_refusing_an_ai_crawler_reserves():
    found = meta_robots_signal(None, {"gptbot": "noindex, nofollow"}, SETTINGS)
    assert found.status == "reserved" and 'name="gptbot"' in found.detail
    assert meta_robots_signal("index", {"somebot": "noai"}, SETTINGS).reserves
    # noindex addressed to a search crawler is not a TDM reservation
    assert meta_robots_signal(None, {"googlebot": "noindex"}, SETTINGS).status == "not_reserved"


def test_paths_match_whether_written_raw_or_percent_encoded():
    assert tdm(url="https://www.example.fr/caf%c3%a9/menu", rules=[{"location": "/café/", "tdm-reservation": 1}])[
        "tdmrep_json"
    ].reserves
    assert robots("https://www.example.fr/café/menu", "User-agent: GPTBot\nDisallow: /caf%C3%A9/\n").reserves
