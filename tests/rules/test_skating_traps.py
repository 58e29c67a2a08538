"""The interpretation traps of skating-system.md §5, one test each, named for the wrong reading it rules out.

The cases live in tests/data/skating/ (see test_skating_examples.py for the generic checks); here each test
asserts the specific decision the trap is about: the column, the rule, the Rule 10 counts and sums, the
Rule 11 majority and group.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

from floorcraft.rules.skating import Rule, place_dance
from floorcraft.rules.skating_final import place_final

DATA = Path(__file__).resolve().parents[1] / "data" / "skating"


def run(name: str):
    doc = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))["input"]
    return place_final(doc["dances"], doc["marks"], doc.get("judges"))


def test_trap1_next_place_examined_from_next_column_not_from_column_equal_to_place():
    """Wrong reading: "place p is always looked for in column p" (would give couple 5 the 5th place)."""
    dance = run("trap1_column_continuation").dance_results["W"]
    assert [dance.decided_at[c] for c in ("2", "3", "4")] == [3, 4, 4]  # 2nd R7a in 1–3, 3rd/4th R7b in 1–4
    assert dance.places["6"] == 5 and dance.decided_at["6"] == 4  # 5th decided in column 1–4, not 1–5
    assert dance.rule["6"] is Rule.R5 and dance.rule["3"] is Rule.R7B and dance.rule["2"] is Rule.R7A
    assert dance.places["5"] == 6


def test_trap2_rule7b_moves_only_the_tied_couples_to_the_next_column():
    """Wrong reading: "a tie sends every majority-holder of the column to the next column" (couple 2 1st)."""
    dance = run("trap2_rule7b_subgroup").dance_results["W"]
    assert dance.places["5"] == 1 and dance.rule["5"] is Rule.R7B and dance.decided_at["5"] == 3
    assert dance.places["3"] == 2
    assert dance.places["2"] == 3 and dance.rule["2"] is Rule.R7A and dance.decided_at["2"] == 2


def test_trap3_rule10_count_beats_a_lower_sum():
    """Wrong reading: "Rule 10 compares the sums first" (TSO G would give couple 3 the 3rd place)."""
    result = run("tso_g_rule10")
    step = next(s for s in result.rule10 if s.place == 3)
    assert step.counts == {"3": 1, "4": 2} and step.sums == {"3": 2, "4": 5}
    assert step.winners == ("4",)
    assert result.places["4"] == 3 and result.places["3"] == 4 and result.rule["4"] is Rule.R10


def test_trap4_rule10_threshold_moves_to_the_next_place():
    """Wrong reading: "the whole tie is ordered by the counts at the first place under review"."""
    result = run("trap4_rule10_one_place_at_a_time")
    assert [(s.place, s.winners) for s in result.rule10] == [(2, ("5",)), (3, ("4",))]
    assert result.rule10[1].counts == {"2": 1, "4": 2}
    assert result.places == {"1": 5, "2": 4, "3": 1, "4": 3, "5": 2}


def test_trap5_shared_dance_place_is_not_the_place_below_it_and_adds_its_value():
    """Wrong reading: "a shared 4.5 counts as 4th (or is rounded)" (would give couple 6 the 4th place)."""
    result = run("trap5_fractional_places_in_rule10")
    step = next(s for s in result.rule10 if s.place == 4)
    assert step.counts == {"1": 2, "6": 2}
    assert step.sums == {"1": 3, "6": Fraction(9, 2)}  # 2.5 + 2: the 4.5 is not "4th or better"
    assert result.places["1"] == 4 and result.places["6"] == 5


def test_trap6_rule11_only_for_couples_still_tied_after_rule10():
    """Wrong reading: "all couples tied on the total go to Rule 11" (TSO N: couple 4 would be 2nd)."""
    result = run("tso_n_rule11")
    (r11,) = result.rule11
    assert r11.place == 2 and r11.couples == ("2", "3") and r11.column == 3
    assert r11.cells["2"][2].count == 15 and r11.cells["2"][2].total == 34 and r11.cells["3"][2].count == 12
    assert result.places["2"] == 2 and result.rule["2"] is Rule.R11


def test_trap7_two_couple_leftover_takes_the_next_place_before_rule10_losers():
    """Wrong reading: "the Rule 11 loser goes back to Rule 10 with everyone" (TSO N: 4 would be 3rd)."""
    result = run("tso_n_rule11")
    assert result.places["3"] == 3 and result.rule["3"] is Rule.R11
    assert result.places["4"] == 4


def test_trap7_three_way_leftovers_go_back_to_rule10_among_themselves():
    """Wrong readings: "rank the whole Rule 11 group by Rule 11" (5 would be 2nd) and "leftovers back to
    Rule 10 with everyone" (6 would be 2nd)."""
    result = run("trap7_three_way_leftover_tso_p_like")
    (r11,) = result.rule11
    assert r11.couples == ("1", "3", "5") and r11.winners == ("3",)
    after = [s for s in result.rule10 if s.place == 2]
    assert after and after[0].couples == ("1", "5")  # only the leftovers, not the Rule 10 losers 2 and 6
    assert [result.places[c] for c in ("3", "1", "5", "2", "6")] == [1, 2, 3, 4, 5]


def test_trap8_rule11_majority_is_over_judges_times_dances():
    """Wrong reading: "Rule 11 majority over the judges only" (3 of 5, not 6 of 10: 2 would be 2nd)."""
    result = run("trap6_7_8_rule11_scope_leftover_majority")
    (r11,) = result.rule11
    assert r11.majority == 6  # 5 judges x 2 dances = 10 marks
    assert run("tso_n_rule11").rule11[0].majority == 13  # 5 x 5 = 25 marks
    assert result.places == {"1": 1, "2": 3, "3": 4, "4": 2}


def test_trap9_shared_places_use_up_the_places():
    """Wrong reading: "a shared place does not consume the next place" (couple 1 would be 5th)."""
    dance = run("trap9_shared_places_used_up").dance_results["W"]
    assert dance.places["2"] == dance.places["3"] == Fraction(9, 2)
    assert dance.rule["2"] is Rule.SHARED and dance.places["1"] == 6
    assert sum(dance.places.values()) == 21


def test_three_couples_equal_in_every_column_share_the_mean_of_three_places():
    """TSO N, dance D3: couples 2, 3, 4 share 3rd–5th, 4 each, and the next couple is 6th."""
    dance = run("tso_n_rule11").dance_results["D3"]
    assert [dance.places[c] for c in ("2", "3", "4")] == [4, 4, 4]
    assert dance.places["6"] == 6


def test_rule11_tie_in_every_column_shares_the_final_place():
    result = run("rule11_shared_final_place")
    assert result.places["3"] == result.places["4"] == Fraction(5, 2)
    assert result.rule["3"] is Rule.SHARED and result.places["2"] == 4


def test_rule8_names_a_place_found_after_empty_columns():
    # 3 judges: nobody has two 1st places, so 1st is found in column 1–2 (Rule 8), where b is alone
    dance = place_dance({"a": [1, 3, 4], "b": [2, 1, 2], "c": [3, 2, 3], "d": [4, 4, 1]})
    assert dance.places["b"] == 1 and dance.rule["b"] is Rule.R8 and dance.decided_at["b"] == 2
    assert dance.places["c"] == 2 and dance.rule["c"] is Rule.R6  # 3 marks against 2 in column 1–3
    assert dance.places["a"] == 3 and dance.places["d"] == 4 and dance.rule["d"] is Rule.R5


def test_every_decision_is_explained_with_rule_and_column():
    result = run("tso_n_rule11")
    d1 = result.dance_results["D1"].explanation
    assert any("Couple 1 is 1st" in row and "column 1–2" in row and "(R7a)" in row for row in d1)
    assert any(
        "Couple 2 is 2nd" in row and "Rule 11" in row and "majority 13" in row for row in result.explanation
    )
    assert len(result.explanation) == 6


def test_trap10_descriptions_in_circulation_are_not_what_the_engine_does():
    """Wrong readings: Rule 11 as "most firsts" (TSO N: 3 would be 2nd), Rule 11 as head-to-head
    comparisons (2 and 4 would share 2nd–3rd), Rule 10 as a pairwise majority of dances (TSO N: 4 2nd)."""
    n = run("tso_n_rule11")
    assert n.rule11[0].cells["3"][0].count > n.rule11[0].cells["2"][0].count  # 3 has more firsts, 2 wins
    assert n.places["2"] == 2 and n.places["3"] == 3 and n.places["4"] == 4
    case = run("trap6_7_8_rule11_scope_leftover_majority")
    assert case.places["4"] == 2 and case.places["2"] == 3 and case.rule["4"] is Rule.R11
