"""CSV and JSON mark files: read and written in the documented formats, problems located, nothing repaired."""

from __future__ import annotations

import json

import pytest
from ds_helpers import DATA
from hypothesis import given
from hypothesis import strategies as st

from floorcraft.errors import InvalidInput
from floorcraft.imports.dancesport_marks import read_csv, read_json, write_csv, write_json


def _as_final_input(cards, dances, judges):
    table = {(c.dance, c.judge): c.values for c in cards}
    couples = list(table[dances[0], judges[0]])
    marks = {d: {c: [table[d, j][c] for j in judges] for c in couples} for d in dances}
    return {"dances": dances, "judges": judges, "marks": marks}


def test_final_csv_and_json_agree():
    csv_cards = read_csv((DATA / "final_tso_n.csv").read_text(), final=True)
    data = json.loads((DATA / "final_tso_n.json").read_text())
    json_cards = read_json(json.dumps(data), final=True, panel=list("ABCDE"))
    key = lambda cards: sorted((c.dance, c.judge, sorted(c.values.items())) for c in cards)  # noqa: E731
    assert key(csv_cards) == key(json_cards)
    assert len(csv_cards) == 25


def test_csv_problems_carry_file_line_judge_and_couple():
    text = "dance,couple,A,B,C\nW,1,1,x,\nW,2,2\nW,1,3,3,3\n"
    with pytest.raises(InvalidInput) as err:
        read_csv(text, final=True, source="w.csv")
    problems = err.value.problems
    assert "w.csv line 2, judge B, couple 1: a final mark is a whole number 1..N, got 'x'" in problems
    assert "w.csv line 2, judge C, couple 1: no mark" in problems
    assert "w.csv line 3: 3 fields, the header has 5" in problems
    assert "w.csv line 4: couple 1 appears twice in dance W" in problems
    with pytest.raises(InvalidInput, match="line 1: the header must be dance,couple"):
        read_csv("couple,dance,A\n", final=False)


def test_json_problems_are_located():
    with pytest.raises(InvalidInput) as err:
        read_json('{"marks": {"W": {"A": ["1", "1", 2]}}}', final=False, panel=["A"], source="r.json")
    assert err.value.problems == ["r.json: marks.W.A: must be a list of couple numbers (strings)"]
    with pytest.raises(InvalidInput, match=r"marks.W.1: must be a list of 3 marks"):
        read_json('{"marks": {"W": {"1": [1, 2]}}}', final=True, panel=list("ABC"))
    with pytest.raises(InvalidInput, match="couple 1 marked twice"):
        read_json('{"marks": {"W": {"A": ["1", "1"]}}}', final=False, panel=["A"])


panels = st.lists(st.sampled_from("ABCDEFGHI"), min_size=1, max_size=5, unique=True)


@given(
    judges=panels,
    couples=st.integers(min_value=1, max_value=8),
    dances=st.lists(st.sampled_from(["W", "T", "V", "F", "Q"]), min_size=1, max_size=3, unique=True),
    data=st.data(),
)
def test_written_final_marks_read_back_identically(judges, couples, dances, data):
    numbers = [str(n) for n in range(1, couples + 1)]
    marks = {
        d: dict(
            zip(
                numbers,
                zip(*[data.draw(st.permutations(range(1, couples + 1))) for _ in judges], strict=False),
                strict=True,
            )
        )
        for d in dances
    }
    original = {
        "dances": dances,
        "judges": judges,
        "marks": {d: {c: list(m) for c, m in t.items()} for d, t in marks.items()},
    }
    assert _as_final_input(read_csv(write_csv(original), final=True), dances, judges) == original
    assert (
        _as_final_input(read_json(write_json(original), final=True, panel=judges), dances, judges) == original
    )


@given(judges=panels, data=st.data())
def test_written_recall_marks_read_back_identically(judges, data):
    couples = ["3", "11", "12", "40"]
    marks = {"W": {j: sorted(data.draw(st.sets(st.sampled_from(couples)))) for j in judges}}
    original = {"dances": ["W"], "judges": judges, "recall": 2, "couples": couples, "marks": marks}
    for cards in (
        read_csv(write_csv(original), final=False),
        read_json(write_json(original), final=False, panel=judges),
    ):
        got = {c.judge: sorted(k for k, v in c.values.items() if v) for c in cards}
        assert got == marks["W"]
