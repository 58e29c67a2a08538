"""Inference on small hand-made seasons: flagged weeks, ties, withdrawals, rollovers, judges' saves."""

from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from floorcraft.analysis.inference import EXPLAINED, NOT_ANALYSABLE, TIE_ONLY, UNEXPLAINABLE, infer_season
from floorcraft.analysis.periods import vote_periods


def test_top_judges_couple_out_only_when_last_in_the_vote(small_season):
    # Season 33 (rank points, lowest out): judges' points A 3, B 2, C 1; A went. With vote points A 1, B 2,
    # C 3 all three have 4 and A has the fewest votes; with A on 2 or 3 vote points C (1 + 3 at most) or B is
    # lower. So A must have been last in the vote.
    season = small_season(
        33, {1: {"A": 30, "B": 20, "C": 10}, 2: {"B": 20, "C": 10}}, {"A": 1}, placements={"B": 1, "C": 2}
    )
    week = infer_season(season)[0]
    assert week.status == EXPLAINED and week.couple("A").ranks == (3,) and week.verified


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # the fixture is a pure function
@given(st.lists(st.integers(min_value=5, max_value=30), min_size=3, max_size=8), st.data())
def test_rank_points_always_explain_a_single_elimination(small_season, totals, data):
    """Equal weight for the vote: the couple with k-th most judges' points among the others can always take
    vote points k + 1, reaching at least n + 1, which ties or beats any eliminated couple's n + 1 at most."""
    names = [f"c{i}" for i in range(len(totals))]
    out = data.draw(st.sampled_from(names))
    week1 = dict(zip(names, totals, strict=True))
    week2 = {c: t for c, t in week1.items() if c != out}
    season = small_season(33, {1: week1, 2: week2}, {out: 1})
    assert infer_season(season)[0].status == EXPLAINED


def test_unexplainable_percent_week_is_flagged(small_season):
    # Season 10 (percentages): D has 97 of 100 judges' points. With no votes D has 0.97; each of A, B, C needs
    # more than 0.96 of the votes to pass it, 2.88 in all: no vote split makes D the lowest.
    season = small_season(10, {1: {"D": 97, "A": 1, "B": 1, "C": 1}, 2: {"A": 1, "B": 1, "C": 1}}, {"D": 1})
    week = infer_season(season)[0]
    assert week.status == UNEXPLAINABLE and not week.explainable and week.witness is None
    assert all(line.low is None for line in week.couples)
    assert week.couple("D").needed == 0  # safe on judges' points alone


def test_percent_week_explainable_only_by_a_tie(small_season):
    # Season 10 (percentages): A has every judges' point, B none. B can at best draw level with A.
    season = small_season(10, {1: {"A": 30, "B": Fraction(0)}, 2: {"B": 5}}, {"A": 1}, placements={"B": 1})
    week = infer_season(season)[0]
    assert week.status == TIE_ONLY and week.explainable


def test_withdrawal_is_left_out_and_no_elimination_rolls_over(small_season):
    weeks = {
        1: {"A": 30, "B": 25, "C": 20, "W": 28},  # W withdraws after week 1: no elimination
        2: {"A": 30, "B": 25, "C": 20},  # C goes on weeks 1 + 2
        3: {"A": 30, "B": 25},
    }
    season = small_season(5, weeks, {"C": 2}, placements={"A": 1, "B": 2}, withdrew={"W"})
    first = vote_periods(season)[0]
    assert first.weeks == (1, 2) and first.withdrawn == ("W",) and "W" not in first.totals
    assert first.totals == {"A": 60, "B": 50, "C": 40}
    week = infer_season(season)[0]
    assert week.status == EXPLAINED and week.verified


def test_judges_save_lets_a_top_couple_go(small_season):
    # Season 29 (bottom two + judges' save): B, second on the judges' table, can be in the bottom two.
    season = small_season(
        29,
        {1: {"A": 30, "B": 25, "C": 20, "D": 10}, 2: {"A": 30, "C": 20, "D": 10}},
        {"B": 1},
        placements={"A": 1, "C": 2, "D": 3},
    )
    week = infer_season(season)[0]
    assert week.bottom == 2 and week.status == EXPLAINED and week.verified
    same_under_current = infer_season(season, rank_era_start=28)[0]
    assert same_under_current.rules.preset == "dwts-judges-save"


def test_missing_scores_make_a_week_not_analysable(small_season):
    season = small_season(
        5, {1: {"A": 30, "B": 25, "C": 20}, 2: {"A": 30, "B": 25}}, {"C": 2}, placements={"A": 1, "B": 2}
    )
    week = infer_season(season)[0]
    assert week.status == NOT_ANALYSABLE and "C was eliminated in week 2" in week.notes[0]
