"""Results sheets as data, CSV and terminal text: the numbers match the marks and the published examples."""

from __future__ import annotations

import csv
import io
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from sheet_helpers import example

from floorcraft.errors import InvalidInput
from floorcraft.reports.sheets import fmt_number, sheet_from_contract
from floorcraft.reports.sheets_csv import render_csv
from floorcraft.reports.sheets_terminal import render_terminal
from floorcraft.rules.skating_final import place_final


def _cell(marks: list[int], column: int) -> str:
    """count(sum) computed here from the raw marks, independently of the engine."""
    good = [m for m in marks if m <= column]
    return f"{len(good)}({sum(good)})" if good else "–"


def test_example_a_table_is_printed_as_in_the_published_sheet():
    data = example("sheet_tso_a.json")
    sheet = sheet_from_contract(data)
    (table,) = sheet.tables  # one dance: no Rule 9 summary
    first = table.header.index("1")
    for row in table.rows:
        expected = data["expected"]["cells"][row[0]]
        assert list(row[first : first + 5]) == expected, row[0]
        assert row[table.header.index("Place")] == str(data["expected"]["final"][row[0]])


def test_tso_n_dance_tables_follow_the_marks_up_to_the_deciding_column():
    data = example("final_tso_n.json")
    sheet = sheet_from_contract(data)
    result = place_final(data["dances"], data["marks"], data["judges"])
    for dance, table in zip(data["dances"], sheet.tables, strict=False):
        assert table.caption == f"Dance {dance}"
        first = table.header.index("1")
        for i, row in enumerate(table.rows):
            couple, marks = row[0], data["marks"][dance][row[0]]
            assert list(row[1:first]) == [str(m) for m in marks]
            upto = result.dance_results[dance].decided_at[couple]
            cells = row[first : first + len(marks) + 1]
            assert list(cells[:upto]) == [_cell(marks, c) for c in range(1, upto + 1)]
            assert set(cells[upto:]) <= {""}
            assert (i, first + upto - 1) in table.marked


def test_tso_n_summary_rule10_and_rule11_tables():
    data = example("final_tso_n.json")
    expected = data["expected"]
    sheet = sheet_from_contract(data)
    captions = [t.caption for t in sheet.tables]
    assert "Rule 9: totals of dance places" in captions
    assert [c for c in captions if c.startswith("Rule 10")] == [
        f"Rule 10 for place {p}" for p in expected["rule10_places"]
    ]
    assert [c for c in captions if c.startswith("Rule 11")] == [
        f"Rule 11 for place {p}" for p in expected["rule11_places"]
    ]
    places = {row[1]: int(row[0]) for row in sheet.results.rows}
    assert places == {c: int(p) for c, p in expected["final"].items()}
    rules = {row[1]: row[-1] for row in sheet.results.rows}
    assert all(rules[c] == r for c, r in expected["rule"].items())
    r11 = next(t for t in sheet.tables if t.caption.startswith("Rule 11"))
    assert "majority 13" in r11.note  # 5 judges × 5 dances: ⌊25/2⌋ + 1
    assert any("Rule 11" in line for line in sheet.explanation)


def test_recall_sheet_prints_the_cut_and_why_more_couples_go_through():
    data = example("recall_tie.json")
    sheet = sheet_from_contract(data)
    recalled = [row[0] for row in sheet.results.rows]
    assert recalled == ["11", "12", "13", "14", "15"]
    assert "4 couples were requested" in sheet.results.note and "14, 15" in sheet.results.note
    (grid,) = sheet.tables
    row = next(r for r in grid.rows if r[0] == "14")
    assert row[grid.header.index("W A")] == "X" and row[grid.header.index("W C")] == ""
    assert row[grid.header.index("Total")] == "3"
    assert grid.cut == 5 and sheet.compact[0].cut == 5  # the line under the last recalled couple
    tied_rows = {grid.rows[i][0] for i, j in grid.marked if grid.header[j] == "Total"}
    assert tied_rows == {"14", "15"}
    assert "5 recalled: the 'more' option" in sheet.results.note
    fewer = sheet_from_contract(data, policy="fewer")
    assert [row[0] for row in fewer.results.rows] == ["11", "12", "13"]
    asked = sheet_from_contract(data, policy="ask")
    assert asked.results.rows == () and "Chairman" in asked.results.note


def test_csv_sheet_has_every_table_and_the_places():
    data = example("final_tso_n.json")
    rows = list(csv.reader(io.StringIO(render_csv(sheet_from_contract(data)))))
    captions = [r[0] for prev, r in itertools.pairwise(rows) if prev == [] and r]
    assert captions[:5] == [f"Dance {d}" for d in data["dances"]]
    assert "Rule 11 for place 2" in captions and "Final result" in captions
    start = rows.index(["Final result"])
    assert rows[start + 1] == ["Place", "Couple", "Decided by"]
    assert rows[start + 3] == ["2", "2", "R11"]


def test_terminal_sheet_shows_the_rule_11_decision():
    console = Console(file=io.StringIO(), width=200, no_color=True)
    render_terminal(sheet_from_contract(example("final_tso_n.json")), console)
    text = console.file.getvalue()
    assert "Rule 11 for place 2" in text and "15(34)" in text and "R11" in text


def test_invalid_contract_input_names_every_problem():
    data = example("final_tso_n.json")
    data["marks"]["S"]["1"][0] = 2
    with pytest.raises(InvalidInput, match="dance S, judge A"):
        sheet_from_contract(data)


@st.composite
def finals(draw):
    """A random valid final: 2–7 couples, 1/3/5 judges, 1–3 dances, every judge's marks a permutation."""
    n = draw(st.integers(2, 7))
    judges = list("ABCDE"[: draw(st.sampled_from([1, 3, 5]))])
    dances = ["W", "T", "F"][: draw(st.integers(1, 3))]
    couples = [str(c) for c in draw(st.permutations(range(10, 10 + n)))]
    marks = {}
    for d in dances:
        columns = [draw(st.permutations(range(1, n + 1))) for _ in judges]
        marks[d] = {c: [col[i] for col in columns] for i, c in enumerate(couples)}
    return {"dances": dances, "judges": judges, "marks": marks}


@given(finals())
def test_every_sheet_cell_agrees_with_the_marks_and_the_engine(data):
    sheet = sheet_from_contract(data)
    result = place_final(data["dances"], data["marks"], data["judges"])
    n = len(result.couples)
    for dance in data["dances"]:
        table = next(t for t in sheet.tables if t.caption == f"Dance {dance}")
        first = table.header.index("1")
        assert len(table.rows) == n
        for row in table.rows:
            marks = data["marks"][dance][row[0]]
            upto = result.dance_results[dance].decided_at[row[0]]
            assert list(row[first : first + upto]) == [_cell(marks, c) for c in range(1, upto + 1)]
            assert row[table.header.index("Place")] == fmt_number(result.dance_results[dance].places[row[0]])
    shown = {row[1]: row[0] for row in sheet.results.rows}
    assert shown == {c: fmt_number(p) for c, p in result.places.items()}
    assert [r[1] for r in sheet.results.rows] == result.ranking()
