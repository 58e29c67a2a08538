"""The MCM 2026 Problem C importer against the real file (known facts from its README and tv-rules.md)."""

import json
from fractions import Fraction
from pathlib import Path

import pytest

from floorcraft.errors import InvalidInput
from floorcraft.imports import mcm

S34_W1 = json.loads((Path(__file__).parents[1] / "data" / "seasons" / "dwts-s34-week1.json").read_text())


def test_all_34_seasons_import(mcm_result):
    assert [s.number for s in mcm_result.seasons] == list(range(1, 35))
    assert sum(len(s.couples) for s in mcm_result.seasons) == 421


def test_season_34_week_1_matches_the_published_leaderboard(mcm_result):
    week = [p for p in mcm_result.season(34).performances if p.week == S34_W1["week"]]
    assert len(week) == len(S34_W1["leaderboard"]) == 14
    assert all(len(p.scores) == S34_W1["judges"] for p in week)
    got = {p.couple: [int(v) for _, v in p.scores] for p in week}
    assert got == S34_W1["leaderboard"]
    totals = mcm_result.season(34).week_totals(1)
    assert totals["Robert Irwin"] == totals["Whitney Leavitt"] == 15
    assert totals["Hilaria Baldwin"] == 14


def test_results_become_eliminations_and_placements(mcm_result):
    s34 = mcm_result.season(34)
    assert s34.eliminated_in(2) == ["Baron Davis", "Corey Feldman"]
    assert s34.couples["Robert Irwin"].placement == 1
    assert mcm_result.season(3).couples["Sara Evans"].withdrew


def test_averaged_weeks_are_reported_not_repaired(mcm_result):
    s5 = mcm_result.season(5)
    jennie = [p for p in s5.performances if p.couple == "Jennie Garth" and p.week == 9]
    assert jennie[0].total == 29  # the per-judge average of two dances (58/60 really)
    kinds = {i.kind for i in mcm_result.issues}
    assert {
        "averaged_multi_dance",
        "spread_bonus",
        "withdrawal",
        "results_mismatch",
        "name_whitespace",
    } <= kinds
    over_ten = [i for i in mcm_result.issues if i.kind == "spread_bonus" and i.season == 34]
    assert over_ten and all(i.location.line > 1 and i.location.column for i in over_ten)
    # season 15 had genuine half points: none of its .5 scores is flagged as averaged
    s15_halves = [i for i in mcm_result.issues if i.kind == "averaged_multi_dance" and i.season == 15]
    assert all(".5 " not in i.message for i in s15_halves)


def test_diana_nyad_mismatch_is_reported_with_its_line(mcm_result):
    (issue,) = [i for i in mcm_result.issues if i.kind == "results_mismatch"]
    assert "Diana Nyad" in issue.message and issue.location.line == 206


def test_summary_counts_and_examples(mcm_result):
    summary = {kind: (count, examples) for kind, count, examples in mcm_result.summary()}
    assert summary["withdrawal"][0] == 10
    assert len(summary["averaged_multi_dance"][1]) == 3


def _write(tmp_path, rows):
    header = ",".join(mcm.REQUIRED)
    path = tmp_path / "mini.csv"
    path.write_text("\n".join([header, *rows]) + "\n")
    return path


def _row(name, season, result, weeks):
    cells = []
    for w in mcm.WEEKS:
        cells += weeks.get(w, ["N/A"] * 4)
    return ",".join([name, "Pro", str(season), result, "1", *cells])


def test_synthetic_file_problems_carry_line_and_column(tmp_path):
    path = _write(
        tmp_path,
        [
            _row("A", 1, "1st Place", {1: ["7", "8", "x", "N/A"], 2: ["9", "9", "9", "N/A"]}),
            _row("B", 1, "Eliminated Week 1", {1: ["6", "6", "10.5", "N/A"]}),
            _row("C", 1, "Something else", {1: ["5", "5", "5", "N/A"]}),
        ],
    )
    result = mcm.load(path)
    where = {(i.kind, i.location.line, i.location.column) for i in result.issues}
    assert ("bad_value", 2, "week1_judge3_score") in where
    assert ("spread_bonus", 3, "week1_judge3_score") in where
    assert ("averaged_multi_dance", 3, "week1_judge3_score") in where
    assert ("bad_value", 4, "results") in where
    season = result.season(1)
    assert season.week_totals(1) == {"A": 15, "B": Fraction(45, 2), "C": 15}


def test_missing_column_is_invalid_input(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("celebrity_name,season\nA,1\n")
    with pytest.raises(InvalidInput) as err:
        mcm.load(path)
    assert "missing column 'results'" in str(err.value)
