"""Rule 1 recalls (skating-system.md §2, §7; issue #3 recall contract)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from floorcraft.errors import InvalidInput
from floorcraft.rules.recall import RecallPolicy, couple_sort_key, rank_couples, recall

CONTRACT_MARKS = {
    "W": {"A": ["11", "12", "14"], "B": ["11", "13", "14"], "C": ["12", "13", "15"]},
    "T": {"A": ["11", "12", "13"], "B": ["11", "12", "15"], "C": ["13", "14", "15"]},
}
COUPLES = ["11", "12", "13", "14", "15", "16"]


def test_contract_example_tie_at_the_cut():
    result = recall(["W", "T"], CONTRACT_MARKS, COUPLES, 4, judges=["A", "B", "C"])
    assert result.totals == {"11": 4, "12": 4, "13": 4, "14": 3, "15": 3, "16": 0}
    assert result.fewer == ("11", "12", "13")
    assert result.more == ("11", "12", "13", "14", "15")
    assert result.recalled == result.more and result.exact is False
    assert "tie of 2 couples on 3 marks" in result.explanation[0]


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("more", ("11", "12", "13", "14", "15")),
        ("fewer", ("11", "12", "13")),
        (RecallPolicy.ASK, None),
    ],
)
def test_policy_picks_the_recalled_side_of_a_tie(policy, expected):
    assert recall(["W", "T"], CONTRACT_MARKS, COUPLES, 4, policy=policy).recalled == expected


def test_exact_cut_is_the_first_requested_whatever_the_policy():
    for policy in RecallPolicy:
        result = recall(["W", "T"], CONTRACT_MARKS, COUPLES, 3, policy=policy)
        assert result.exact and result.fewer == result.more == result.recalled == ("11", "12", "13")


def test_cut_tied_only_with_the_couple_above_is_exact():
    marks = {"W": {"A": ["1", "2", "3"], "B": ["1", "2", "4"]}}
    result = recall(["W"], marks, ["1", "2", "3", "4"], 2)
    assert result.exact and result.more == ("1", "2")


def test_all_digit_labels_numerically_first_then_text():
    assert rank_couples({"b": 1, "10": 1, "9": 1, "A": 1, "100": 2}) == ["100", "9", "10", "A", "b"]
    assert couple_sort_key("007") < couple_sort_key("8") < couple_sort_key("7a")


def test_fewer_can_be_empty_when_everyone_ties():
    result = recall(["W"], {"W": {}}, ["3", "1", "2"], 1)
    assert result.fewer == () and result.more == ("1", "2", "3") and not result.exact


def test_warning_for_a_judge_who_marked_another_number_than_requested():
    marks = {"W": {"A": ["1", "2"], "B": ["1", "2", "3"], "C": ["2", "3"]}}
    result = recall(["W"], marks, ["1", "2", "3", "4"], 2, judges=["A", "B", "C", "D"])
    assert "dance W, judge B marked 3 couples, 2 were asked for" in result.warnings
    assert any("judge D: no marks given" in w for w in result.warnings)
    assert not any("judge A" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"couples": None}, "couples is missing"),
        ({"couples": []}, "couples is empty"),
        ({"couples": ["11", "11", "12", "13", "14", "15"]}, "couple 11 is listed twice"),
        (
            {"couples": [11, "12", "13", "14", "15", "16"]},
            "couples[0] must be a string couple number, got 11",
        ),
        ({"requested": 0}, "recall must be from 1 to the number of couples (6), got 0"),
        ({"requested": 7}, "got 7"),
        ({"requested": 2.0}, "recall must be a whole number"),
        ({"requested": True}, "recall must be a whole number"),
        ({"requested": "3"}, "recall must be a whole number"),
        (
            {"marks": {**CONTRACT_MARKS, "W": {"A": ["11", "99"]}}},
            'dance W, judge A: marked unknown couple "99"',
        ),
        ({"marks": {**CONTRACT_MARKS, "W": {"A": ["11", "11"]}}}, "dance W, judge A: marked couple 11 twice"),
        ({"marks": {**CONTRACT_MARKS, "W": {"A": "11 12"}}}, "dance W, judge A: marks must be a list"),
        ({"marks": {**CONTRACT_MARKS, "Q": {}}}, "dance Q has marks but is not listed in dances"),
        ({"dances": ["W", "T", "S"]}, "dance S is listed in dances but has no marks"),
        ({"policy": "random"}, "policy must be one of more, fewer, ask"),
    ],
)
def test_invalid_inputs_are_rejected_with_their_location(kwargs, fragment):
    args = {"dances": ["W", "T"], "marks": CONTRACT_MARKS, "couples": COUPLES, "requested": 4, **kwargs}
    with pytest.raises(InvalidInput) as info:
        recall(args.pop("dances"), args.pop("marks"), args.pop("couples"), args.pop("requested"), **args)
    assert any(fragment in p for p in info.value.problems), info.value.problems


@given(st.integers(2, 40), st.integers(0, 5), st.randoms(use_true_random=False))
def test_fewer_and_more_bracket_the_request(n, judges, rnd):
    couples = [str(i) for i in range(1, n + 1)]
    requested = rnd.randint(1, n)
    marks = {"W": {f"J{j}": rnd.sample(couples, rnd.randint(0, n)) for j in range(judges)}}
    result = recall(["W"], marks, couples, requested)
    assert len(result.fewer) <= requested <= len(result.more)
    assert result.exact == (len(result.fewer) == len(result.more) == requested)
    assert result.more[: len(result.fewer)] == result.fewer
    low = min((result.totals[c] for c in result.more), default=None)
    assert all(result.totals[c] < low for c in couples if c not in result.more)
    assert sum(result.totals.values()) == sum(len(v) for v in marks["W"].values())


def test_totals_count_every_judge_and_dance():
    rng = random.Random(3)
    couples = [str(i) for i in range(1, 31)]
    marks = {d: {j: rng.sample(couples, 12) for j in "ABCDE"} for d in ("W", "T", "F")}
    result = recall(["W", "T", "F"], marks, couples, 12)
    for c in couples:
        assert result.totals[c] == sum(c in marks[d][j] for d in marks for j in marks[d])
