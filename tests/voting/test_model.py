"""The pure limit rules and presets (no database)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from floorcraft.errors import InvalidInput
from floorcraft.voting.limits import PRESETS, find_preset
from floorcraft.voting.model import (
    CapScope,
    Channel,
    ChannelRules,
    Mode,
    Window,
    cap_keys,
    check_cap,
    is_open,
    validate_allocation,
    votes_for_amount,
)

WEB10 = ChannelRules(channel=Channel.WEB, cap=10)


def test_window_is_half_open_on_server_receipt_time():
    w = Window(1_000, 2_000)
    assert not is_open(w, 999)
    assert is_open(w, 1_000)
    assert is_open(w, 1_999)
    assert not is_open(w, 2_000)
    assert not is_open(Window(None, None), 5)
    assert is_open(Window(1_000, None), 10**12)


def test_cap_per_method_splits_across_couples():
    assert check_cap(WEB10, {"": 6}, {"c1": 2, "c2": 2}).accepted
    refused = check_cap(WEB10, {"": 6}, {"c1": 2, "c2": 3})
    assert not refused.accepted
    assert (refused.used, refused.requested, refused.cap) == (6, 5, 10)
    assert "cap per_method on web" in refused.message()


def test_cap_per_couple_per_method_is_the_named_setting_of_the_dwts_conflict():
    rules = ChannelRules(channel=Channel.SMS, cap=10, cap_scope=CapScope.PER_COUPLE_PER_METHOD)
    assert cap_keys(rules, {"c1": 4, "c2": 10}) == {"c1": 4, "c2": 10}
    assert check_cap(rules, {"c1": 6, "c2": 0}, {"c1": 4, "c2": 10}).accepted
    refused = check_cap(rules, {"c1": 7}, {"c1": 4})
    assert not refused.accepted and refused.scope == "c1"


def test_allocation_mode_checks_the_new_allocation_alone():
    rules = ChannelRules(channel=Channel.WEB, cap=10, mode=Mode.ALLOCATION)
    assert check_cap(rules, {"": 10}, {"c1": 10}).accepted
    assert not check_cap(rules, {"": 0}, {"c1": 6, "c2": 5}).accepted


@given(st.integers(0, 20), st.dictionaries(st.sampled_from(["a", "b", "c"]), st.integers(1, 12), min_size=1))
def test_an_accepted_submission_never_takes_a_voter_over_the_cap(used, allocation):
    decision = check_cap(WEB10, {"": used}, allocation)
    assert decision.accepted == (used + sum(allocation.values()) <= 10)


def test_charity_votes_are_amount_over_price_rounded_down():
    assert votes_for_amount(2_500, 100) == 25
    assert votes_for_amount(1_299, 500) == 2
    assert votes_for_amount(499, 500) == 0


def test_validation_reports_every_problem():
    problems = validate_allocation({"c1": 0, "zz": 2, "c2": True}, {"c1", "c2"})
    assert len(problems.items) == 3
    assert validate_allocation({}, {"c1"}).items == [
        "votes: must map at least one couple id to a number of votes"
    ]


def test_channel_rules_refuse_impossible_settings():
    with pytest.raises(InvalidInput) as exc:
        ChannelRules(channel=Channel.DONATIONS, cap=0)
    assert len(exc.value.problems) == 2


def test_presets_follow_the_rulebook():
    dwts = {r.channel: r for r in find_preset("dwts").build()}
    assert (dwts["web"].cap, dwts["sms"].cap) == (10, 10)
    assert dwts["web"].mode == Mode.ALLOCATION and dwts["sms"].mode == Mode.COUNT
    scoped = find_preset("dwts").build(cap_scope=CapScope.PER_COUPLE_PER_METHOD)
    assert {r.cap_scope for r in scoped} == {CapScope.PER_COUPLE_PER_METHOD}
    assert find_preset("strictly").build()[0].cap == 3
    assert find_preset("strictly-final").build()[0].cap == 1
    (charity,) = find_preset("charity").build(price_cents=500)
    assert (charity.cap, charity.price_cents) == (None, 500)
    assert all(p.source for p in PRESETS.values())
    with pytest.raises(InvalidInput, match="unknown"):
        find_preset("idol")
