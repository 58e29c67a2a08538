"""The judges' vote on the bottom two (tv-rules.md §2.2 DWTS S28–31, §3.3 Strictly dance-off)."""

from __future__ import annotations

import pytest

from floorcraft.errors import InvalidInput
from floorcraft.rules.judges_vote import SaveRule, decide_save

DWTS = SaveRule.MAJORITY_HEAD_BREAKS_TIE
STRICTLY = SaveRule.HEAD_DECIDES_SPLIT
THREE = ["Inaba", "Goodman", "Tonioli"]
FOUR = ["Inaba", "Tonioli", "Hough", "Goodman"]
STRICTLY_FOUR = ["Revel Horwood", "Mabuse", "Du Beke", "Ballas"]


def test_three_judges_two_agree_head_not_needed():
    result = decide_save(
        ["A", "B"], {"Inaba": "A", "Tonioli": "A"}, judges=THREE, head_judge="Goodman", rule=DWTS
    )
    assert (result.saved, result.eliminated, result.head_vote_used) == ("A", "B", False)
    assert result.tally == {"A": 2, "B": 0}
    assert "Goodman (head judge) did not vote: 2–0 already decides" in result.explanation


def test_three_judges_split_head_decides():
    votes = {"Inaba": "A", "Tonioli": "B", "Goodman": "B"}
    result = decide_save(["A", "B"], votes, judges=THREE, head_judge="Goodman", rule=DWTS)
    assert (result.saved, result.eliminated, result.head_vote_used) == ("B", "A", True)
    assert result.tally == {"A": 1, "B": 2}


def test_head_vote_given_when_not_needed_is_recorded_not_counted():
    votes = {"Inaba": "A", "Tonioli": "A", "Goodman": "B"}
    result = decide_save(["A", "B"], votes, judges=THREE, head_judge="Goodman", rule=DWTS)
    assert result.saved == "A" and result.tally == {"A": 2, "B": 0} and not result.head_vote_used
    assert any("would have voted to save B" in clause for clause in result.explanation)


@pytest.mark.parametrize(
    ("judges", "head", "rule", "reason"),
    [
        (FOUR, "Goodman", DWTS, "2–2 tie broken by head judge Goodman"),
        (STRICTLY_FOUR, "Ballas", STRICTLY, "split, head judge Ballas decides"),
    ],
)
def test_four_judges_split_two_one_the_head_judge_decides_two_two(judges, head, rule, reason):
    votes = dict(zip(judges, ["A", "A", "B", "B"], strict=True))
    result = decide_save(["A", "B"], votes, judges=judges, head_judge=head, rule=rule)
    assert (result.saved, result.eliminated, result.head_vote_used) == ("B", "A", True)
    assert result.tally == {"A": 2, "B": 2}
    assert any(reason in clause for clause in result.explanation)


def test_four_judges_three_one_majority():
    votes = {"Inaba": "A", "Tonioli": "A", "Hough": "B", "Goodman": "A"}
    result = decide_save(["A", "B"], votes, judges=FOUR, head_judge="Goodman", rule=DWTS)
    assert result.saved == "A" and result.tally == {"A": 3, "B": 1} and result.head_vote_used


def test_strictly_three_agree_head_vote_not_counted():
    votes = {"Revel Horwood": "A", "Mabuse": "A", "Du Beke": "A", "Ballas": "B"}
    result = decide_save(["A", "B"], votes, judges=STRICTLY_FOUR, head_judge="Ballas", rule=STRICTLY)
    assert (result.saved, result.head_vote_used) == ("A", False)
    assert result.tally == {"A": 3, "B": 0}
    assert any("did not vote, but would have voted to save B" in clause for clause in result.explanation)


def test_the_rules_differ_on_a_five_judge_panel():
    judges = ["J1", "J2", "J3", "J4", "Head"]
    votes = {"J1": "A", "J2": "A", "J3": "A", "J4": "B", "Head": "B"}
    dwts = decide_save(["A", "B"], votes, judges=judges, head_judge="Head", rule=DWTS)
    strictly = decide_save(["A", "B"], votes, judges=judges, head_judge="Head", rule=STRICTLY)
    assert (dwts.saved, dwts.head_vote_used) == ("A", False)
    assert (strictly.saved, strictly.head_vote_used) == ("B", True)


@pytest.mark.parametrize(
    ("votes", "message"),
    [
        ({"Inaba": "C", "Tonioli": "A"}, "judge 'Inaba' voted to save 'C', who is not in the bottom two"),
        ({"Inaba": "A", "Tonioli": "A", "Bublé": "A"}, "judge 'Bublé' voted but is not on the panel"),
        ({"Inaba": "A"}, "judge 'Tonioli' has not voted"),
        ({"Inaba": "A", "Tonioli": "B"}, "head judge 'Goodman' must vote: the other judges are split 1–1"),
    ],
)
def test_bad_votes_are_invalid_input(votes, message):
    with pytest.raises(InvalidInput, match=message):
        decide_save(["A", "B"], votes, judges=THREE, head_judge="Goodman", rule=DWTS)


def test_every_problem_is_reported_at_once():
    with pytest.raises(InvalidInput) as caught:
        decide_save(["A", "A"], {"X": "C"}, judges=THREE, head_judge="Len", rule="coin_toss")
    # two couples, head on panel, rule, X on panel, X's couple, and the three judges without a vote
    assert len(caught.value.problems) == 8
