"""Never-checked is not "no reservation"; Content-Signal is read per group and path; crawler tokens have purposes."""

import hashlib
import io
import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from provenance.contracts import ContractError, Unverified, load_crawler_tokens, load_source
from provenance.rights.captures import ROBOTS, TDMREP, Capture, SiteCaptures, external_captures
from provenance.rights.policy import LicencePolicy
from provenance.rights.reservations import ReservationSettings
from provenance.rights.signals import (
    content_signal_signal,
    content_usage_signal,
    robots_txt_signal,
    tdmrep_signals,
    x_robots_tag_signal,
)
from provenance.rights.stage import clear_dump

REPO = Path(__file__).resolve().parents[2]
TOKENS = load_crawler_tokens(REPO / "data_contracts")
SETTINGS = ReservationSettings.from_section({}, TOKENS)
URL = "https://www.example.fr/blog/2024/un-article.html"


def robots(body: str, status: int = 200) -> Capture:
    return Capture(
        kind=ROBOTS,
        host="www.example.fr",
        url="https://www.example.fr/robots.txt",
        body=body,
        body_sha256=hashlib.sha256(body.encode()).hexdigest(),
        http_status=status,
        locator="x.warc.gz#1",
    )


# --------------------------------------------------------------------------- Content-Signal

CLOUDFLARE = """\
# As a condition of accessing this website, you agree to abide by the following content signals: ...
User-Agent: *
Content-Signal: search=yes, ai-train=no
Allow: /
"""


def test_cloudflares_managed_robots_txt_reserves_training_with_its_raw_line_as_evidence():
    found = content_signal_signal(robots(CLOUDFLARE), URL, SETTINGS)
    assert found.status == "reserved" and found.reason == "content_signal"
    [star] = [f for f in found.data["findings"] if f["agent"] == "*"]
    assert star["lines"] == ["Content-Signal: search=yes, ai-train=no"]
    assert star["preferences"] == {"search": "yes", "ai-train": "no"}
    assert not robots_txt_signal(robots(CLOUDFLARE), URL, SETTINGS).reserves  # Allow: / is no Disallow


@pytest.mark.parametrize(
    "line, status",
    [
        ("Content-Signal: search=no, ai-input=no", "not_reserved"),  # recorded, but says nothing of training
        ("Content-Signal: ai-train=yes, search=yes", "allowed"),
        ("Content-Signal: AI-Train=No", "reserved"),  # field values read case-blind
        ("Content-Signal: train-ai=no", "not_reserved"),  # aipref's word: not a Content Signal
        ("Content-Signal: ai-train=n", "not_reserved"),  # aipref's value: not yes/no
        ("Content-Signal: ai-train=no, ai-train=yes", "reserved"),  # a repeated label: any no wins
    ],
)
def test_only_content_signals_own_label_and_values_decide_training(line, status):
    found = content_signal_signal(robots(f"User-agent: *\n{line}\n"), URL, SETTINGS)
    assert found.status == status
    if line.endswith(("train-ai=no", "ai-train=n")):
        assert found.data["not_content_signals"] == [line.split(": ", 1)[1]]


def test_aiprefs_header_vocabulary_is_not_content_signals():
    assert content_usage_signal("ai-train=n", SETTINGS).status == "not_reserved"
    assert content_usage_signal("train-ai=n", SETTINGS).status == "reserved"


def test_a_path_scopes_a_content_signal_and_the_longest_path_wins():
    body = "User-agent: *\nContent-Signal: ai-train=yes\nContent-Signal: /blog/ ai-train=no\nAllow: /\n"
    assert content_signal_signal(robots(body), URL, SETTINGS).status == "reserved"
    assert content_signal_signal(robots(body), "https://www.example.fr/about", SETTINGS).status == "allowed"


def test_a_crawler_tokens_own_group_is_read_and_a_signal_for_another_crawler_is_not():
    search_only = "User-agent: OAI-SearchBot\nContent-Signal: ai-train=no\n\nUser-agent: *\nAllow: /\n"
    assert content_signal_signal(robots(search_only), URL, SETTINGS).status == "absent"
    gptbot = "User-agent: GPTBot\nContent-Signal: ai-train=no\n\nUser-agent: *\nContent-Signal: ai-train=yes\n"
    found = content_signal_signal(robots(gptbot), URL, SETTINGS)
    assert found.status == "reserved" and found.data["findings"][0]["group"] == "gptbot"


# --------------------------------------------------------------------------- three states


def test_no_robots_capture_no_headers_and_no_html_are_not_checked_and_a_404_is_checked():
    assert robots_txt_signal(None, URL, SETTINGS).status == "not_checked"
    assert content_signal_signal(None, URL, SETTINGS).status == "not_checked"
    assert robots_txt_signal(robots("", status=404), URL, SETTINGS).status == "absent"
    assert content_usage_signal(None, SETTINGS, checked=False).status == "not_checked"
    assert x_robots_tag_signal(None, checked=False).status == "not_checked"
    assert x_robots_tag_signal(None, checked=True).status == "absent"
    found = {
        e.signal: e.status
        for e in tdmrep_signals(
            header_reservation=None,
            header_policy=None,
            meta_reservation=None,
            meta_policy=None,
            tdmrep_capture=None,
            url=URL,
            headers_checked=False,
            html_checked=False,
        )
    }
    assert found == {"tdm_meta": "not_checked", "tdm_header": "not_checked", "tdmrep_json": "not_checked"}


def test_a_tdmrep_json_not_captured_is_superseded_when_the_header_decides():
    found = {
        e.signal: e
        for e in tdmrep_signals(
            header_reservation="0",
            header_policy=None,
            meta_reservation=None,
            meta_policy=None,
            tdmrep_capture=None,
            url=URL,
        )
    }
    assert found["tdmrep_json"].status == "superseded"
    assert found["tdm_header"].status == "not_reserved"


# --------------------------------------------------------------------------- crawler tokens and purposes


def test_the_token_list_is_versioned_hashed_and_gives_each_token_a_purpose():
    assert TOKENS.version and len(TOKENS.sha256) == 64 and not TOKENS.packaged_default
    assert TOKENS.purpose_of("gptbot") == "training" and TOKENS.purpose_of("OAI-SearchBot") == "search"
    assert TOKENS.purpose_of("ChatGPT-User") == "retrieval" and TOKENS.purpose_of("Claude-User") == "retrieval"
    assert "GPTBot" in SETTINGS.ai_crawler_tokens and "OAI-SearchBot" in SETTINGS.recorded_tokens


def test_a_search_bots_disallow_is_recorded_but_reserves_only_when_the_policy_says_search_reserves(tmp_path):
    body = "User-agent: OAI-SearchBot\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    found = robots_txt_signal(robots(body), URL, SETTINGS)
    assert found.status == "not_reserved"
    assert found.data["recorded"] == [
        {"group": "oai-searchbot", "agents": ["OAI-SearchBot"], "purposes": ["search"], "rule": "Disallow: /"}
    ]
    strict = ReservationSettings.from_section({"reserving_purposes": ["training", "search"]}, TOKENS)
    assert robots_txt_signal(robots(body), URL, strict).reserves


def test_a_contracts_folder_without_a_token_list_uses_the_packaged_one_and_says_so(tmp_path):
    shutil.copy(REPO / "data_contracts" / "licence_policy.yaml", tmp_path)
    tokens = LicencePolicy.load(tmp_path).reservations.crawler_tokens
    assert tokens.packaged_default and tokens.sha256 == TOKENS.sha256


def test_a_token_listed_twice_or_without_a_purpose_fails_naming_the_field(tmp_path):
    (tmp_path / "crawler_tokens.yaml").write_text(
        'version: "t"\ntokens:\n  - {name: GPTBot, operator: OpenAI, purpose: training, reference: "https://x.example/"}\n'
        '  - {name: gptbot, operator: OpenAI, purpose: search, reference: "https://x.example/"}\n',
        encoding="utf-8",
    )
    with pytest.raises(ContractError, match=r"crawler_tokens.yaml: tokens.1.name: 'gptbot' is already listed"):
        load_crawler_tokens(tmp_path)
    (tmp_path / "crawler_tokens.yaml").write_text(
        'version: "t"\ntokens:\n  - {name: GPTBot, operator: OpenAI, purpose: scraping, reference: "https://x.example/"}\n',
        encoding="utf-8",
    )
    with pytest.raises(ContractError, match=r"tokens.0.purpose: 'scraping' is not one of"):
        load_crawler_tokens(tmp_path)


# --------------------------------------------------------------------------- the source contract

CONTRACT = """\
id: crawl
title: A crawl
rights_holder: The sites' publishers
licence: CC-BY-4.0
attribution: A crawl
provenance_url: https://crawl.example/
format: {format}
dumps: landing/crawl/*.warc.gz
language: fr
max_quarantine_rate: 0.5
"""


def _contract(tmp_path: Path, extra: str = "", format: str = "warc") -> Path:
    path = tmp_path / "sources" / "crawl.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CONTRACT.format(format=format) + extra, encoding="utf-8")
    return path


def test_allow_needs_a_written_reason_naming_the_file_and_field(tmp_path):
    for extra in ("unverified: allow\n", "unverified: allow\nunverified_reason: '   '\n"):
        with pytest.raises(ContractError, match=r"crawl.yaml: unverified_reason: is required with unverified: allow"):
            load_source(_contract(tmp_path, extra))


def test_web_sources_hold_by_default_and_exports_allow_with_the_default_recorded(tmp_path):
    assert load_source(_contract(tmp_path)).unverified_policy == (Unverified.HOLD, None, True)
    policy, reason, default = load_source(_contract(tmp_path, format="mediawiki")).unverified_policy
    assert (policy, default) == (Unverified.ALLOW, True) and "mediawiki" in reason


# --------------------------------------------------------------------------- the decision


def _clear(tmp_path, make_source, write_redacted, policy, rows, **contract):
    redacted, documents, out = tmp_path / "redacted", tmp_path / "documents", tmp_path / "out"
    write_redacted(redacted, rows)
    documents.mkdir(exist_ok=True)
    out.mkdir()
    source = make_source(**contract)
    stats = clear_dump(
        redacted,
        documents,
        out,
        source=source,
        policy=policy,
        registry=_empty_registry(tmp_path),
        contracts_dir=REPO / "data_contracts",
        home=tmp_path,
    )
    return stats, pq.read_table(out / "decisions.parquet").to_pylist()


def _empty_registry(tmp_path):
    from provenance.contracts import load_optout_registry

    (tmp_path / "registry" / "optouts").mkdir(parents=True, exist_ok=True)
    return load_optout_registry(tmp_path / "registry")


def test_a_page_whose_site_files_were_never_captured_is_held_and_a_reserved_one_still_excluded(
    tmp_path, make_source, write_redacted, policy, at
):
    rows = [
        {"url": URL, "retrieved_at": at(2024, 3, 1), "metadata": '{"http_status": 200}', "content_type": "text/html"},
        {"url": URL, "retrieved_at": at(2024, 3, 1), "metadata": '{"http_status": 200}', "tdm_reservation": "1"},
    ]
    stats, decisions = _clear(
        tmp_path, make_source, write_redacted, policy, rows, unverified=None, unverified_reason=None
    )
    held, reserved = decisions
    assert (held["decision"], held["reason"]) == ("quarantined", "rights_unverified")
    evidence = json.loads(held["evidence"])
    assert evidence["unverified"]["site_files_not_checked"] == ["robots_txt", "tdmrep_json"]
    assert set(evidence["not_checked"]) == {"tdmrep_json", "robots_txt", "robots_content_usage", "content_signal"}
    assert evidence["crawler_tokens"]["sha256"] == TOKENS.sha256
    assert (reserved["decision"], reserved["reason"]) == ("excluded", "tdm_reservation")
    assert stats.unverified == {"held": 1} and stats.as_dict()["crawler_tokens_version"] == TOKENS.version


def test_under_allow_the_page_goes_on_with_the_written_reason_in_its_evidence(
    tmp_path, make_source, write_redacted, policy, at
):
    rows = [{"url": URL, "retrieved_at": at(2024, 3, 1)}]
    stats, [row] = _clear(
        tmp_path,
        make_source,
        write_redacted,
        policy,
        rows,
        unverified=Unverified.ALLOW,
        unverified_reason="the publisher delivered this export itself",
    )
    assert row["decision"] == "include_with_attribution"
    assert json.loads(row["evidence"])["unverified"]["reason"] == "the publisher delivered this export itself"
    assert stats.unverified == {"allowed": 1}


# --------------------------------------------------------------------------- signal_captures


def _folder(root: Path, host: str, kind: str, body: str, sidecar: dict | str | None = None) -> None:
    name = "robots.txt" if kind == ROBOTS else ".well-known/tdmrep.json"
    path = root / host / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    if sidecar is not None:
        text = sidecar if isinstance(sidecar, str) else json.dumps(sidecar)
        path.with_name(path.name + ".capture.json").write_text(text, encoding="utf-8")


def test_captures_kept_in_a_folder_by_host_are_matched_by_host_and_capture_date(tmp_path, make_source, at):
    root = tmp_path / "site-files"
    _folder(
        root,
        "www.example.fr",
        ROBOTS,
        "User-agent: GPTBot\nDisallow: /blog/\n",
        {"retrieved_at": "2024-06-01T00:00:00Z"},
    )
    _folder(
        root, "www.example.fr", TDMREP, '[{"location": "/*", "tdm-reservation": 0}]', {"retrieved_at": "2024-01-01"}
    )
    source = make_source(signal_captures=("site-files",))
    captures = SiteCaptures.load(tmp_path / "none.parquet", source, home=tmp_path)
    robots_capture = captures.select(ROBOTS, "www.example.fr", at(2024, 3, 1))
    assert robots_capture.captured_after_record and robots_capture.origin == "signal_captures"
    assert robots_capture.locator == "site-files/www.example.fr/robots.txt"
    assert not captures.select(TDMREP, "www.example.fr", at(2024, 3, 1)).captured_after_record
    assert captures.select(ROBOTS, "other.example.org", at(2024, 3, 1)) is None


def test_bad_signal_captures_fail_naming_the_contract_field(tmp_path, make_source):
    with pytest.raises(ContractError, match=r"signal_captures: 'nowhere/\*' matches nothing"):
        external_captures(make_source(signal_captures=("nowhere/*",)), tmp_path)
    _folder(tmp_path / "site-files", "www.example.fr", ROBOTS, "User-agent: *\n", {"http_status": "ok"})
    with pytest.raises(ContractError, match=r"signal_captures: .*robots.txt.capture.json: http_status 'ok'"):
        external_captures(make_source(signal_captures=("site-files",)), tmp_path)


def test_captures_kept_in_a_separate_warc_are_read_like_the_dumps(tmp_path, make_source, at):
    path = tmp_path / "signals" / "robots-2024.warc.gz"
    path.parent.mkdir()
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        body = b"User-agent: *\nContent-Signal: ai-train=no\nAllow: /\n"
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/plain")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://www.example.fr/robots.txt",
                "response",
                payload=io.BytesIO(body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": "2024-02-01T00:00:00Z"},
            )
        )
    source = make_source(signal_captures=(str(tmp_path / "signals" / "*.warc.gz"),))  # an absolute glob
    capture = SiteCaptures.load(tmp_path / "none.parquet", source, home=tmp_path).select(
        ROBOTS, "www.example.fr", at(2024, 3, 1)
    )
    assert capture.locator.startswith("signals/robots-2024.warc.gz") and not capture.captured_after_record
    assert content_signal_signal(capture, URL, SETTINGS).reserves
