"""The season table: real S34 (week-1 leaderboard, exits) and a small synthetic season for the marks."""

import csv
import io
import json
from fractions import Fraction
from pathlib import Path

import pytest

from floorcraft.analysis.records import CoupleRecord, Performance, SeasonRecord
from floorcraft.imports import mcm
from floorcraft.imports.datasets import dataset_for_tests
from floorcraft.reports.season_table import number, season_table, to_csv, to_html, to_rich

S34_W1 = json.loads((Path(__file__).parents[1] / "data" / "seasons" / "dwts-s34-week1.json").read_text())


def small_season():
    season = SeasonRecord("dwts", 99, "test")
    rows = {"A": [20, 27], "B": [20, 24], "C": [15, 24], "D": [18]}
    for couple, totals in rows.items():
        for week, total in enumerate(totals, 1):
            season.performances.append(Performance(couple, week, (("j1", Fraction(total)),)))
    season.couples = {
        "A": CoupleRecord("A", "A", "pa", placement=1),
        "B": CoupleRecord("B", "B", "pb", placement=2),
        "C": CoupleRecord("C", "C", "pc", placement=3),
        "D": CoupleRecord("D", "D", "pd", eliminated_week=1),
    }
    return season


def test_marks_highs_lows_ties_and_exits():
    table = season_table(small_season())
    assert [r.couple for r in table.rows] == ["A", "B", "C", "D"]
    a, b, c, d = table.rows
    assert a.cells[0].high and b.cells[0].high and not c.cells[0].high  # tie on 20 marks both
    assert c.cells[0].low and b.cells[1].low and c.cells[1].low
    assert d.cells[0].left == "eliminated" and d.cells[1].total is None
    assert a.total == 47 and a.result == "1st Place" and d.result == "Out week 1"


def test_csv_and_html_and_terminal():
    table = season_table(small_season())
    rows = list(csv.reader(io.StringIO(to_csv(table))))
    assert rows[0] == ["couple", "professional", "week 1", "week 2", "total", "result"]
    assert rows[1] == ["A", "pa", "20*", "27*", "47", "1st Place"]
    assert rows[3][2:4] == ["15_", "24_"]
    html = to_html(table)
    assert html.startswith("<!doctype html>") and "<script" not in html and "http" not in html
    assert html.count('class="high') >= 3 and "eliminated" in html
    assert to_rich(table).row_count == 4


def test_number_format():
    assert [number(Fraction(29)), number(Fraction(17, 2)), number(Fraction(28, 3)), number(None)] == [
        "29",
        "8.5",
        "9.33",
        "",
    ]


@pytest.fixture(scope="module")
def s34():
    return mcm.load(dataset_for_tests("mcm")).season(34)


def test_season_34_table_matches_the_published_week_1_leaderboard(s34):
    table = season_table(s34)
    expected = {name: sum(scores) for name, scores in S34_W1["leaderboard"].items()}
    assert {row.couple: row.cells[0].total for row in table.rows} == expected
    assert {r.couple for r in table.rows if r.cells[0].high} == {"Robert Irwin", "Whitney Leavitt"}
    assert {r.couple for r in table.rows if r.cells[0].low} == {"Corey Feldman", "Andy Richter"}
    assert table.rows[0].couple == "Robert Irwin"
    assert {r.couple for r in table.rows if r.cells[1].left == "eliminated"} == {
        "Baron Davis",
        "Corey Feldman",
    }
