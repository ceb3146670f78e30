"""A site's robots.txt and tdmrep.json count as of the page's capture date, not retroactively."""

import pytest

from provenance.contracts import ContractError
from provenance.rights.captures import ROBOTS, TDMREP, SiteCaptures


@pytest.fixture
def captures(tmp_path, write_site_signals, at):
    write_site_signals(
        tmp_path,
        [
            (ROBOTS, "https://www.example.fr/robots.txt", "User-agent: *\nAllow: /\n", at(2023, 1, 10)),
            (ROBOTS, "https://www.example.fr/robots.txt", "User-agent: GPTBot\nDisallow: /\n", at(2024, 6, 1)),
            (ROBOTS, "https://www.example.fr/robots.txt", "oops", at(2024, 7, 1), 503),
            (
                TDMREP,
                "https://later.example.fr/.well-known/tdmrep.json",
                '[{"location": "/", "tdm-reservation": 1}]',
                at(2024, 6, 1),
            ),
        ],
    )
    return SiteCaptures.load(tmp_path / "site_signals.parquet")


def test_the_robots_txt_captured_before_the_page_applies(captures, at):
    chosen = captures.select(ROBOTS, "www.example.fr", at(2024, 3, 1))
    assert chosen.retrieved_at == at(2023, 1, 10) and not chosen.captured_after_record


def test_a_robots_txt_captured_after_the_page_is_not_applied_when_an_earlier_one_exists(captures, at):
    assert "GPTBot" not in captures.select(ROBOTS, "www.example.fr", at(2024, 5, 31)).body
    assert "GPTBot" in captures.select(ROBOTS, "www.example.fr", at(2024, 6, 1)).body  # same instant counts


def test_server_errors_are_not_evidence(captures, at):
    assert captures.select(ROBOTS, "www.example.fr", at(2024, 8, 1)).retrieved_at == at(2024, 6, 1)


def test_when_only_a_later_capture_exists_it_is_used_and_marked(captures, at):
    chosen = captures.select(TDMREP, "later.example.fr", at(2024, 1, 1))
    assert chosen is not None and chosen.captured_after_record


def test_a_record_without_a_date_is_checked_against_the_latest_capture(captures, at):
    assert captures.select(ROBOTS, "www.example.fr", None).retrieved_at == at(2024, 6, 1)


def test_other_hosts_get_nothing(captures, at):
    assert captures.select(ROBOTS, "example.fr", at(2024, 1, 1)) is None
    assert captures.select(ROBOTS, None, at(2024, 1, 1)) is None


def test_a_missing_site_signals_file_means_no_captures(tmp_path, at):
    assert SiteCaptures.load(tmp_path / "nothing.parquet").select(ROBOTS, "www.example.fr", at(2024, 1, 1)) is None


def test_a_contract_supplied_robots_txt_covers_the_domain_and_its_subdomains(tmp_path, make_source, at):
    (tmp_path / "robots").mkdir()
    (tmp_path / "robots" / "gazette.txt").write_text("User-agent: CCBot\nDisallow: /\n", encoding="utf-8")
    source = make_source(robots_txt={"gazette.example.org": "robots/gazette.txt"})
    captures = SiteCaptures.load(tmp_path / "none.parquet", source, tmp_path)
    chosen = captures.select(ROBOTS, "www.gazette.example.org", at(2024, 1, 1))
    assert chosen.origin == "contract" and chosen.locator == "robots/gazette.txt"
    assert captures.select(ROBOTS, "notgazette.example.org", at(2024, 1, 1)) is None


def test_a_contract_pointing_to_a_missing_robots_file_names_the_contract_and_domain(tmp_path, make_source):
    source = make_source(robots_txt={"gazette.example.org": "robots/absent.txt"})
    with pytest.raises(ContractError, match=r"robots_txt\.gazette\.example\.org: robots/absent.txt cannot be read"):
        SiteCaptures.load(tmp_path / "none.parquet", source, tmp_path)
