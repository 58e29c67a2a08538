"""The event model: built from plain data with every problem reported, and card entry checks."""

from __future__ import annotations

import datetime as dt

import pytest

from floorcraft.errors import InvalidInput, Problems
from floorcraft.model.dancesport import (
    Card,
    RoundKind,
    TiePolicy,
    check_cards,
    event_from_dict,
    event_to_dict,
)


def test_example_event_round_trips(event_data):
    event = event_from_dict(event_data)
    assert event.date == dt.date(2026, 11, 28)
    assert [r.kind for r in event.rounds] == [RoundKind.HEAT, RoundKind.FINAL]
    assert event.rounds[0].tie_policy is TiePolicy.ASK and event.rounds[0].recall == 6
    assert event_from_dict(event_to_dict(event)) == event


def test_defaults_one_final_and_policy_more():
    event = event_from_dict(
        {
            "name": "Solo",
            "dances": ["W"],
            "judges": [{"letter": "A"}],
            "couples": [{"number": 1}, {"number": 2}],
        }
    )
    assert [r.kind for r in event.rounds] == [RoundKind.FINAL]
    assert event.couples[0].number == "1"  # TOML integers become couple numbers
    assert TiePolicy("more") is TiePolicy.MORE


def test_every_problem_is_reported_at_once():
    data = {
        "name": "",
        "date": "28/11/2026",
        "dances": ["W", "W", "bad code"],
        "judges": [{"letter": "A"}, {"letter": "A"}],
        "couples": [{"number": "1"}, {"name": "no number"}],
        "rounds": [{"kind": "heat", "recall": 0, "tie_policy": "coin"}, {"kind": "quarter"}],
        "colour": "red",
    }
    with pytest.raises(InvalidInput) as err:
        event_from_dict(data)
    problems = err.value.problems
    expected = [
        "event: unknown keys colour",
        "name: must be a non-empty string",
        "date: '28/11/2026' is not an ISO date",
        "dances: 'W' appears more than once",
        "dances[3]: 'bad code' may hold only",
        "judges: 'A' appears more than once",
        "judges: the panel must have an odd number of judges, got 2",
        "couples[2].number: must be a non-empty string",
        "rounds[1].recall: must be a whole number",
        "rounds[1].tie_policy: must be one of more, fewer, ask",
        "rounds[2].kind: must be one of heat, semi, final",
    ]
    for text in expected:
        assert any(text in p for p in problems), (text, problems)


def test_only_the_last_round_is_the_final_and_a_heat_recalls_fewer_than_dance():
    base = {"name": "E", "dances": ["W"], "judges": [{"letter": "A"}], "couples": [{"number": "1"}]}
    with pytest.raises(InvalidInput, match="the last round, and only the last, must be the final"):
        event_from_dict({**base, "rounds": [{"kind": "final"}, {"kind": "heat", "recall": 1}]})
    with pytest.raises(InvalidInput, match="asks for 1 of 1 couples"):
        event_from_dict({**base, "rounds": [{"kind": "heat", "recall": 1}, {"kind": "final"}]})
    with pytest.raises(InvalidInput, match="a final recalls nobody"):
        event_from_dict({**base, "rounds": [{"kind": "final", "recall": 3}]})


def test_card_checks_name_dance_judge_and_couple(event_data):
    event = event_from_dict(event_data)
    heat, final = event.rounds
    problems = Problems()
    good = check_cards(
        [Card("S", "A", {"1": 1, "2": 1}), Card("S", "A", {}), Card("S", "B", {"1": 2})],
        event=event,
        rnd=heat,
        couples=[c.number for c in event.couples],
        problems=problems,
    )
    assert [c.judge for c in good] == ["A"]
    assert good[0].values == {"1": 1, "2": 1, **{str(i): 0 for i in range(3, 9)}}  # unmarked couples are 0
    assert any("dance S, judge A: the card is given more than once" in p for p in problems.items)
    assert any("dance S, judge B, couple 1: a recall mark is X or nothing" in p for p in problems.items)
    problems = Problems()
    check_cards([Card("S", "A", {"1": 1})], event=event, rnd=final, couples=["1", "2"], problems=problems)
    assert problems.items == ["dance S, judge A, couple 2: no mark (a final card places every couple)"]
