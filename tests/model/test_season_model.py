"""The pure season model: score scale, exact formatting, totals, rollover chains, who is still in."""

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from floorcraft.model.couple import Couple
from floorcraft.model.decision import CoupleOutcome, Decision, Outcome
from floorcraft.model.judge import Judge, JudgeRole
from floorcraft.model.performance import Performance, PerformanceKind
from floorcraft.model.period import Period, Withdrawal
from floorcraft.model.scores import Bonus, JudgeScore, ScoreScale, format_points
from floorcraft.model.season import Season
from floorcraft.model.totals import couples_in, judges_total, rollover_chain


def test_score_scale():
    whole, halves = ScoreScale(), ScoreScale(step=Fraction(1, 2))
    assert whole.problem(Fraction(7)) is None
    assert "outside 1–10" in whole.problem(Fraction(11))
    assert "not a multiple of 1" in whole.problem(Fraction(15, 2))
    assert halves.problem(Fraction(15, 2)) is None
    assert ScoreScale(minimum=Fraction(-1)).problem(Fraction(-1)) is None  # Llambi's −1


@given(st.fractions(max_denominator=1000))
def test_format_points_is_exact(value):
    assert Fraction(format_points(value)) == value


def season() -> Season:
    return Season(
        id="s",
        title="S",
        show="dwts",
        preset="dwts-current",
        couples=tuple(Couple(c, c.lower(), "pro") for c in "ABC"),
        judges=(Judge("j1", "J1", JudgeRole.HEAD), Judge("j2", "J2"), Judge("g", "Guest", JudgeRole.GUEST)),
        periods=(
            Period(1, panel=("j1", "j2"), eliminate=0),
            Period(2, panel=("j1", "j2", "g"), withdrawals=(Withdrawal("C", "injury"),)),
            Period(3, panel=("j1",)),
        ),
        performances=(
            Performance("1.1", 1, 1, ("A",)),
            Performance("2.1", 2, 1, ("A", "B"), kind=PerformanceKind.TEAM),
            Performance("2.2", 2, 2, ("A", "B"), kind=PerformanceKind.DANCE_OFF),
        ),
        scores=(
            JudgeScore("1.1", "j1", Fraction(7)),
            JudgeScore("1.1", "j2", Fraction(8)),
            JudgeScore("2.1", "j1", Fraction(9)),
            JudgeScore("2.1", "g", Fraction(10)),
            JudgeScore("2.2", "j1", Fraction(1)),
        ),
        bonuses=(Bonus(2, "B", Fraction(3), "marathon"),),
        decisions=(Decision(1, rolled_over=True), Decision(2, (CoupleOutcome("A", Outcome.ELIMINATED),))),
    )


def test_totals_credit_team_dances_and_bonus_but_not_dance_offs():
    s = season()
    assert judges_total(s, 1, "A") == 15
    assert judges_total(s, 2, "A") == 19  # team dance, guest's score counts; the dance-off does not
    assert judges_total(s, 2, "B") == 22  # the same team score + 3 bonus


def test_who_is_still_in_and_rollover_chains():
    s = season()
    assert couples_in(s, 1) == ("A", "B", "C")
    assert couples_in(s, 2) == ("A", "B")  # C withdraws in week 2
    assert couples_in(s, 3) == ("B",)  # A eliminated in week 2
    assert rollover_chain(s, 2) == (1, 2)
    assert rollover_chain(s, 3) == (3,)
