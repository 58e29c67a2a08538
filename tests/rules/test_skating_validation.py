"""Validation of a final (Rule 4, skating-system.md §6, issue #3): reject, never repair, name everything."""

from __future__ import annotations

import pytest

from floorcraft.errors import InvalidInput
from floorcraft.rules.skating import place_dance
from floorcraft.rules.skating_final import place_final, validate_final

GOOD = {"W": {"11": [1, 1, 2], "12": [2, 3, 1], "13": [3, 2, 3]}}


def problems(dances, marks, judges=None) -> list[str]:
    with pytest.raises(InvalidInput) as info:
        validate_final(dances, marks, judges)
    return info.value.problems


def with_marks(couple: str, row: list) -> dict:
    return {"W": {**GOOD["W"], couple: row}}


def test_valid_final_passes_and_places():
    validate_final(["W"], GOOD, ["A", "B", "C"])
    assert place_final(["W"], GOOD).places == {"11": 1, "12": 2, "13": 3}


def test_duplicate_mark_names_dance_judge_couples_and_the_missing_place():
    marks = {"W": {"11": [1, 1, 2], "12": [2, 1, 1], "13": [3, 2, 3]}}
    (message,) = problems(["W"], marks, ["A", "B", "C"])
    expected = "dance W, judge B: marks [1, 1, 2] are not exactly 1..3"
    assert message == f"{expected} (1 given twice (couples 11 and 12), 3 missing)"


@pytest.mark.parametrize(
    ("row", "fragment"),
    [
        ([0, 3, 2], "0 out of range (couple 11)"),
        ([4, 3, 2], "4 out of range (couple 11)"),
        ([1.5, 3, 2], "couple 11 has 1.5, not a whole number"),
        ([1.0, 3, 2], "couple 11 has 1.0, not a whole number"),
        (["1", 3, 2], 'couple 11 has "1", not a whole number'),
        ([None, 3, 2], "couple 11 has null, not a whole number"),
        ([True, 3, 2], "couple 11 has true, not a whole number"),
    ],
)
def test_marks_that_are_not_whole_numbers_1_to_n_are_rejected(row, fragment):
    marks = {"W": {"11": row, "12": [2, 1, 2], "13": [3, 2, 3]}}
    found = problems(["W"], marks)
    assert any(p.startswith("dance W, judge #1: marks") and fragment in p for p in found), found
    assert any("judge #3" in p for p in found)  # judge 3 gave 1 twice as well: every problem is listed


def test_booleans_are_not_marks_even_where_they_would_fit():
    marks = {"W": {"1": [True], "2": [2]}}
    assert "true, not a whole number" in problems(["W"], marks)[0]


@pytest.mark.parametrize("panel", [[1, 2], []])
def test_even_or_empty_panel_is_rejected(panel):
    marks = {"W": {"11": panel, "12": [2, 1][: len(panel)]}}
    found = problems(["W"], marks)
    assert any(("even panel of 2" if panel else "no judges") in p for p in found), found


def test_couples_with_different_numbers_of_marks():
    found = problems(["W"], with_marks("13", [3, 2]))
    assert found == [
        "dance W: couples have different numbers of marks (2 for couple(s) 13; 3 for couple(s) 11, 12)"
    ]


def test_different_couples_and_panel_sizes_between_dances():
    marks = {**GOOD, "T": {"11": [1], "12": [2], "14": [3]}}
    found = problems(["W", "T"], marks)
    assert "dance T: couples differ from dance W (missing couple(s) 13; extra couple(s) 14)" in found
    assert "dances have different panel sizes (W: 3, T: 1)" in found


def test_no_couples():
    assert "dance W: no couples" in problems(["W"], {"W": {}})
    assert "dances is empty: no dances" in problems([], {})


def test_dances_and_mark_tables_must_match():
    found = problems(["W", "T"], {**GOOD, "Q": GOOD["W"]})
    assert "dance Q has marks but is not listed in dances" in found
    assert "dance T is listed in dances but has no marks" in found


def test_judge_labels_of_another_length_than_the_panel():
    assert problems(["W"], GOOD, ["A", "B"]) == ["judges lists 2 labels but the mark lists have 3 marks each"]


@pytest.mark.parametrize(
    ("dances", "marks", "fragment"),
    [
        ("W", GOOD, "dances must be a list"),
        (["W"], [], "marks must be an object"),
        (["W"], {"W": [[1, 2, 3]]}, "dance W: marks must be an object"),
        (["W"], {"W": {"11": 1}}, "dance W, couple 11: marks must be a list, got int"),
        (["W", 3], GOOD, "dances[1] must be a string, got 3"),
        (["W", "W"], GOOD, "dance W is listed twice in dances"),
    ],
)
def test_malformed_shapes_are_named(dances, marks, fragment):
    assert any(fragment in p for p in problems(dances, marks)), problems(dances, marks)


def test_every_problem_is_reported_at_once():
    marks = {"W": {"11": [1, 1, 5], "12": [1, 2, 1], "13": [3, 2, 3]}, "X": {}}
    found = problems(["W", "T"], marks, ["A", "B", "C", "D"])
    assert len(found) >= 6
    assert {"judge A", "judge B", "judge C"} <= {
        w for p in found for w in ("judge A", "judge B", "judge C") if w in p
    }


def test_place_dance_validates_too():
    with pytest.raises(InvalidInput, match="dance W, judge #2"):
        place_dance({"a": [1, 1], "b": [2, 1]}, dance="W")


def test_accepted_edge_cases_single_couple_and_single_judge():
    assert place_final(["W"], {"W": {"7": [1, 1, 1]}}).places == {"7": 1}
    swapped = place_final(["W", "T"], {"W": {"a": [2], "b": [1]}, "T": {"a": [1], "b": [2]}})
    assert swapped.places == {"a": 1.5, "b": 1.5}  # Rule 11 cannot separate them: shared 1st–2nd
