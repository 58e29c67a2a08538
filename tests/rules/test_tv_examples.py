"""The worked examples of tv-rules.md §6, kept as data in tests/data/tv/ (one file per example).

Each case runs through the contract (``compute_contract``: validation, engine, output shape). Expected
values are exact (``"1000/39"`` is a Fraction); ``*_1dp`` / ``*_2dp`` fields are the rounded figures the
source prints. ``every_vote_order`` cases run every order of the given vote counts.
"""

from __future__ import annotations

import copy
import json
from fractions import Fraction
from itertools import permutations
from pathlib import Path

import pytest

from floorcraft.rules.period_input import compute_contract, parse_period
from floorcraft.rules.tv import compute_period

DATA = Path(__file__).resolve().parents[1] / "data" / "tv"
EXACT = ("judges_total", "judges_score", "vote_score", "combined")
CASES = [
    pytest.param(path.name, case, id=f"{path.stem}: {case['name']}")
    for path in sorted(DATA.glob("*.json"))
    for case in json.loads(path.read_text(encoding="utf-8"))["cases"]
]


def _table(standings) -> str:
    return "\n".join(
        f"  {s['rank']:>2} {s['id']:<20} judges {float(s['judges_score']):8.3f} "
        f"votes {float(s['vote_score']):8.3f} "
        f"= {float(s['combined']):8.3f} {s['status']}"
        for s in standings
    )


def _by_rank(standings) -> list[tuple[int, str]]:
    return sorted((s["rank"], s["id"]) for s in standings)


def test_every_section_6_example_is_present():
    sections = {path.name.split("-")[0] for path in DATA.glob("*.json")}
    assert sections == {"6.1", "6.2", "6.3", "6.4", "6.5", "6.6"}


@pytest.mark.parametrize(("source", "case"), CASES)
def test_worked_example(source, case):
    if "every_vote_order" in case:
        _check_every_vote_order(case)
        return
    out = compute_contract(case["input"])
    expected = case["expected"]
    got = {s["id"]: s for s in out["standings"]}
    table = _table(out["standings"])
    ranks = [s["rank"] for s in out["standings"]]
    assert ranks == sorted(ranks), f"standings not in rank order:\n{table}"
    assert _by_rank(out["standings"]) == _by_rank(expected["standings"]), table
    n = len(expected["standings"])
    for want in expected["standings"]:
        line = got[want["id"]]
        for field in EXACT:
            assert line[field] == Fraction(str(want[field])), f"{want['id']} {field}:\n{table}"
        assert line["status"] == want["status"], table
        for field in ("judges_score", "combined"):
            for places in (1, 2):
                if f"{field}_{places}dp" in want:
                    assert round(float(line[field]), places) == want[f"{field}_{places}dp"]
        if "rank_sum" in want:
            assert 2 * (n + 1) - line["combined"] == want["rank_sum"]
    for key in ("eliminated", "bottom", "tied_at_cut"):
        assert set(out[key]) == set(expected[key]), f"{key}:\n{table}"
    if "summary" in case:
        entries, kwargs = parse_period(case["input"])
        assert compute_period(entries, **kwargs).summary == case["summary"]


def _check_every_vote_order(case):
    spec = case["every_vote_order"]
    names = [c["id"] for c in case["input"]["couples"]]
    orders = list(permutations(spec["counts"]))
    assert len(orders) == 6
    for counts in orders:
        data = copy.deepcopy(case["input"])
        for couple, votes in zip(data["couples"], counts, strict=True):
            couple["votes"] = votes
        out = compute_contract(data)
        scores = {s["id"]: s["judges_score"] for s in out["standings"]}
        assert scores == spec["judges_scores"]
        for name in spec["in_bottom_every_time"]:
            assert name in out["bottom"], (
                f"{dict(zip(names, counts, strict=True))}:\n{_table(out['standings'])}"
            )


def _explained(couples, **kwargs):
    from floorcraft.rules.tv import Entry

    entries = [Entry(c[0], Fraction(c[1]), c[2], *c[3:]) for c in couples]
    return compute_period(entries, method=kwargs.pop("method", "rank_points"), **kwargs).explanation


def test_explanation_of_a_tie_at_the_cut_and_of_immunity():
    clauses = _explained(
        [("A", 30, 50, True), ("B", 20, 20), ("C", 20, 20), ("D", 10, 1)], eliminate=2, judge_ties="standard"
    )
    assert clauses == (
        "D leaves: 1 judges' point + 1 public point = 2, lowest",
        "B and C tied at the cut on 6 with equal public votes (20): none of them leaves; "
        "a tie at the cut is for the producer to decide",
        "A is immune: ranked 1 on 8, skipped at the cut",
    )


def test_explanation_of_a_bottom_group_and_a_double_elimination():
    couples = [("A", 30, 50), ("B", 25, 40), ("C", 20, 30), ("D", 10, 20)]
    assert _explained(couples, bottom=2) == (
        "D is in the bottom group: 1 judges' point + 1 public point = 2, lowest",
        "C is in the bottom group: 2 judges' points + 2 public points = 4, 2nd lowest",
    )
    assert (
        _explained(couples, eliminate=2)[1] == "C leaves: 2 judges' points + 2 public points = 4, 2nd lowest"
    )
