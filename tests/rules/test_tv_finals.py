"""Finals (tv-rules.md §2.5, §3.5, §4, §7 #13) and charity awards (tv-rules.md §5, rules/charity.py)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from floorcraft.errors import InvalidInput
from floorcraft.rules.charity import grand_champion, judges_choice, peoples_choice
from floorcraft.rules.finals import FinalMode, rank_final
from floorcraft.rules.tv import Entry, Status

# Strictly 2022: Hamza Yassin won from the bottom of the leaderboard (tv-rules.md §3.5); numbers illustrative.
FINAL = [
    Entry("Fleur", Fraction(119), 3000),
    Entry("Molly", Fraction(120), 2000),
    Entry("Hamza", Fraction(117), 5000),
    Entry("Helen", Fraction(118), 1000),
]


def _places(result):
    return [(s.rank, s.id) for s in result.standings]


def test_public_only_final_ignores_the_judges():
    result = rank_final(FINAL, mode=FinalMode.PUBLIC_ONLY)
    assert _places(result) == [(1, "Hamza"), (2, "Fleur"), (3, "Molly"), (4, "Helen")]
    assert not result.eliminated


def test_combined_final_ranks_by_combined_points_ties_to_votes():
    result = rank_final(FINAL, mode="combined", method="rank_points")
    # judges' points Molly 4, Fleur 3, Helen 2, Hamza 1; votes Hamza 4, Fleur 3, Molly 2, Helen 1
    assert _places(result) == [(1, "Fleur"), (2, "Molly"), (3, "Hamza"), (4, "Helen")]
    assert result.standing("Fleur").combined == result.standing("Molly").combined == 6


def test_cut_then_public_cuts_the_lowest_combined_then_the_vote_decides():
    result = rank_final(FINAL, mode=FinalMode.CUT_THEN_PUBLIC)
    assert result.eliminated == {"Helen"}
    assert _places(result) == [(1, "Hamza"), (2, "Fleur"), (3, "Molly"), (4, "Helen")]
    assert result.standing("Helen").status == Status.ELIMINATED
    assert result.explanation[0].startswith("first cut on combined points: Helen leaves")


def test_unknown_final_mode():
    with pytest.raises(InvalidInput, match="unknown final mode 'sudden_death'"):
        rank_final(FINAL, mode="sudden_death")


CHARITY = [
    Entry("Mayor", Fraction(27), 5200),
    Entry("Coach", Fraction(27), 800),
    Entry("Chef", Fraction(21), 9000),
]


def test_judges_choice_is_a_genuine_tie_unless_votes_break_it():
    result = judges_choice(CHARITY)
    assert _places(result) == [(1, "Coach"), (1, "Mayor"), (3, "Chef")]
    assert _places(judges_choice(CHARITY, break_ties_by_votes=True))[:2] == [(1, "Mayor"), (2, "Coach")]


def test_peoples_choice_is_most_donation_votes():
    assert _places(peoples_choice(CHARITY))[0] == (1, "Chef")


def test_grand_champion_weights():
    even = grand_champion(CHARITY)
    # shares: judges 27/75, 27/75, 21/75; votes 5200/15000, 800/15000, 9000/15000
    assert even.standing("Chef").combined == Fraction(2100, 75) + 60
    assert _places(even)[0] == (1, "Chef")
    judges_heavy = grand_champion(CHARITY, judges_weight=5, votes_weight=1)
    assert judges_heavy.standing("Mayor").combined == 5 * Fraction(2700, 75) + Fraction(5200, 150)
    assert _places(judges_heavy)[0] == (1, "Mayor")
