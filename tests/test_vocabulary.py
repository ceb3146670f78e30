"""The shared vocabularies: the stored strings they stand for, and the orders that are part of the record."""

from provenance.rights.evidence import REASONS, SIGNALS
from provenance.rights.licence_verdict import DECISIONS
from provenance.vocabulary import CLEARING, RECORDED_AS, Decision, LicenceDecision, Signal


def test_members_are_the_strings_that_are_stored():
    assert Decision.EXCLUDED == "excluded" and f"{Decision.QUARANTINED}" == "quarantined"
    assert {LicenceDecision(d) for d in CLEARING} == {d for d in LicenceDecision if d.allows}
    assert RECORDED_AS == {"exclude": "excluded", "quarantine": "quarantined"}


def test_policy_decisions_keep_their_rank_best_first():
    assert DECISIONS == ("include", "include_with_attribution", "include_with_share_alike", "quarantine", "exclude")


def test_signals_keep_the_rank_a_deciding_signal_is_taken_in():
    """The order is stored (evidence rows, lineage ordering): a request of the ledger first, then the deny-list,
    the registry, TDMRep..."""
    assert SIGNALS == (
        "request",
        "denylist",
        "optout_registry",
        "tdm_meta",
        "tdm_header",
        "tdmrep_json",
        "robots_txt",
        "content_usage",
        "robots_content_usage",
        "content_signal",
        "x_robots_tag",
        "meta_robots",
    )
    assert REASONS[Signal.TDM_HEADER] == "tdm_reservation" and REASONS["meta_robots"] == "meta_robots_noai"
    assert all(signal.reason for signal in Signal)
    assert REASONS[Signal.REQUEST] == "request"
