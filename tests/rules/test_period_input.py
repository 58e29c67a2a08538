"""Validation and number reading of the ``results compute`` contract input (issue #2 §4)."""

from __future__ import annotations

import copy
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from floorcraft.errors import InvalidInput
from floorcraft.rules.period_input import compute_contract, parse_period

BASE = {
    "method": "rank_points",
    "couples": [
        {"id": "A", "judges": [8, 7, 9], "bonus": 0, "votes": 1200, "immune": False},
        {"id": "B", "judges": [6, 6, 7], "votes": 3000},
        {"id": "C", "judges": [5, 4, 5], "votes": 900},
    ],
}


def _with(change) -> dict:
    data = copy.deepcopy(BASE)
    change(data)
    return data


def _error(data) -> str:
    with pytest.raises(InvalidInput) as caught:
        compute_contract(data)
    return str(caught.value)


def test_the_issue_example():
    out = compute_contract(BASE)
    assert [(s["id"], s["rank"], s["combined"], s["status"]) for s in out["standings"]] == [
        ("B", 1, 5, "safe"),
        ("A", 2, 5, "safe"),
        ("C", 3, 2, "eliminated"),
    ]
    assert out["eliminated"] == ["C"] and out["bottom"] == [] and out["tied_at_cut"] == []


def test_floats_are_read_as_the_decimal_written():
    data = _with(lambda d: d["couples"][0].update(bonus=0.1, judges=[7.5, 8.5, 9.0]))
    entries, _ = parse_period(data)
    assert entries[0].judges_total == Fraction(251, 10)


def test_votes_written_as_integral_floats_count():
    data = _with(lambda d: d["couples"][1].update(votes=3000.0))
    assert parse_period(data)[0][1].votes == 3000


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(method="borda"), "unknown method 'borda' (known: rank_points, percent_share)"),
        (lambda d: d.update(method="public_only"), "unknown method 'public_only'"),
        (lambda d: d.pop("method"), "method is required"),
        (lambda d: d.update(judge_ties="modified"), "unknown judge_ties 'modified'"),
        (lambda d: d.update(method="percent_share", judge_ties=3), "unknown judge_ties 3"),
        (lambda d: d["couples"][1].update(id="A"), "couple 'A': duplicate id (couples[0] and couples[1])"),
        (
            lambda d: d["couples"][0].update(judges=[8, 7, 11]),
            "couple 'A' (couples[0]): judges[2] = 11 must be",
        ),
        (lambda d: d["couples"][0].update(judges=[8, 7, 0.5]), "judges[2] = 0.5 must be from 1 to 10"),
        (
            lambda d: d["couples"][0].update(judges=[8, 7, 7.25]),
            "judges[2] = 7.25 must be from 1 to 10 in steps",
        ),
        (lambda d: d["couples"][0].update(judges=[8, 7, True]), "judges[2] must be a number, got True"),
        (lambda d: d["couples"][0].update(judges=[]), "judges must be a non-empty list"),
        (
            lambda d: d["couples"][0].update(judges=[8, 7]),
            "same number of judges' scores, got lengths [2, 3]",
        ),
        (
            lambda d: d["couples"][1].update(votes=3.5),
            "couple 'B' (couples[1]): votes must be a non-negative",
        ),
        (lambda d: d["couples"][1].update(votes=-1), "votes must be a non-negative integer, got -1"),
        (lambda d: d["couples"][1].update(votes=True), "votes must be a non-negative integer, got True"),
        (lambda d: d["couples"][1].update(votes="3"), "votes must be a non-negative integer, got '3'"),
        (lambda d: d["couples"][1].pop("votes"), "couple 'B' (couples[1]): votes is required"),
        (lambda d: d["couples"][1].update(bonus="2"), "bonus must be a finite number, got '2'"),
        (lambda d: d["couples"][1].update(bonus=float("inf")), "bonus must be a finite number"),
        (lambda d: d["couples"][1].update(bonus=False), "bonus must be a finite number, got False"),
        (lambda d: d["couples"][1].update(immune="yes"), "immune must be true or false"),
        (lambda d: d["couples"][1].pop("id"), "couples[1]: id is required"),
        (lambda d: d["couples"][1].update(id=7), "couples[1]: id must be a string, got 7"),
        (lambda d: d.update(couples=d["couples"][:1]), "a period needs at least 2 couples, got 1"),
        (lambda d: d.update(couples={}), "couples must be a list"),
        (
            lambda d: d.update(eliminate=3),
            "eliminate = 3 must be less than the number of non-immune couples (3)",
        ),
        (lambda d: d.update(eliminate=-1), "eliminate must be a non-negative integer, got -1"),
        (lambda d: d.update(eliminate=1.5), "eliminate must be a non-negative integer, got 1.5"),
        (lambda d: d.update(eliminate=True), "eliminate must be a non-negative integer, got True"),
        (lambda d: d.update(bottom=3, eliminate=0), "bottom = 3 must be less than"),
        (lambda d: d.update(bottom=1, eliminate=5), "eliminate = 5 must be less than"),
        (
            lambda d: [d["couples"][0].update(immune=True), d.update(eliminate=2)],
            "eliminate = 2 must be less than the number of non-immune couples (2)",
        ),
        (
            lambda d: [c.update(votes=0) for c in d["couples"]] and d.update(method="percent_share"),
            "percent_share needs at least one public vote",
        ),
        (
            lambda d: [c.update(bonus=-20) for c in d["couples"]] and d.update(method="percent_share"),
            "percent_share needs a positive sum of judges' totals",
        ),
    ],
)
def test_invalid_inputs_name_what_is_wrong(change, message):
    assert message in _error(_with(change))


def test_zero_is_always_valid_for_eliminate_and_bottom_and_sums_only_matter_for_percentages():
    def change(d):
        d.update(eliminate=0, bottom=0)
        for c in d["couples"]:
            c.update(votes=0, bonus=-30, immune=True)

    out = compute_contract(_with(change))
    assert {s["status"] for s in out["standings"]} == {"immune"}
    assert out["tied_at_cut"] == [] and out["eliminated"] == []


def test_every_problem_is_reported_at_once():
    def change(d):
        d.update(method="x", eliminate=9)
        d["couples"][0].update(judges=[0, 11])
        d["couples"][2].update(votes=-3, id="A")

    problems = _error(_with(change)).split("; ")
    assert len(problems) == 7, problems


def test_unknown_keys_are_ignored_and_non_objects_rejected():
    data = _with(lambda d: [d.update(season=34), d["couples"][0].update(partner="Witney")])
    assert compute_contract(data) == compute_contract(BASE)
    assert "must be a JSON object" in _error([BASE])


def test_with_bottom_nobody_is_eliminated_whatever_eliminate_says():
    out = compute_contract(_with(lambda d: d.update(bottom=2, eliminate=2)))
    assert out["eliminated"] == [] and sorted(out["bottom"]) == ["A", "C"]


def test_tie_between_an_immune_couple_and_the_last_non_immune_couple_is_no_tie_at_the_cut():
    data = {
        "method": "rank_points",
        "couples": [
            {"id": "A", "judges": [9], "votes": 50},
            {"id": "B", "judges": [5], "votes": 10, "immune": True},
            {"id": "C", "judges": [5], "votes": 10},
        ],
    }
    out = compute_contract(data)
    assert out["eliminated"] == ["C"] and out["tied_at_cut"] == []
    assert {s["id"]: s["rank"] for s in out["standings"]} == {"A": 1, "B": 2, "C": 2}


def test_cut_inside_a_genuine_tie_spares_the_tie_and_still_cuts_below():
    data = {
        "method": "rank_points",
        "eliminate": 2,
        "couples": [
            {"id": "A", "judges": [9], "votes": 50},
            {"id": "B", "judges": [6], "votes": 20},
            {"id": "C", "judges": [6], "votes": 20},
            {"id": "D", "judges": [2], "votes": 1},
        ],
    }
    out = compute_contract(data)
    assert out["eliminated"] == ["D"] and sorted(out["tied_at_cut"]) == ["B", "C"]
    assert {s["id"]: s["status"] for s in out["standings"]} == {
        "A": "safe",
        "B": "tied",
        "C": "tied",
        "D": "eliminated",
    }


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False)
    | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=6,
)
FIELDS = st.sampled_from(["method", "judge_ties", "eliminate", "bottom", "couples"])
COUPLE_FIELDS = st.sampled_from(["id", "judges", "bonus", "votes", "immune"])


@given(st.lists(st.tuples(st.booleans(), st.integers(0, 2), FIELDS, COUPLE_FIELDS, JSON), max_size=4))
def test_any_json_gives_a_result_or_invalid_input_never_a_crash(changes):
    data = copy.deepcopy(BASE)
    for top_level, index, field, couple_field, value in changes:
        if top_level:
            data[field] = value
            continue
        couples = data.get("couples")
        if isinstance(couples, list) and index < len(couples) and isinstance(couples[index], dict):
            couples[index][couple_field] = value
    try:
        out = compute_contract(data)
    except InvalidInput as exc:
        assert exc.problems and all(p.strip() for p in exc.problems)
    else:
        assert len(out["standings"]) == len(data["couples"])


def test_shares_too_large_for_a_json_float_are_a_clear_error():
    data = {
        "method": "percent_share",
        "couples": [
            {"id": "A", "judges": [1], "bonus": 1e308, "votes": 1},
            {"id": "B", "judges": [2], "bonus": -1e308, "votes": 1},
        ],
    }
    assert "couple 'A': judges_score is too large to print as a JSON number" in _error(data)
