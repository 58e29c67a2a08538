"""Properties of a computed week, on pure Season values (no database): rollovers sum raw totals and votes,
``normalise_per_week`` rescales each week to the last week's maximum, and team scores go to every member."""

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from floorcraft.model.couple import Couple
from floorcraft.model.decision import Decision
from floorcraft.model.judge import Judge, JudgeRole
from floorcraft.model.performance import Performance, PerformanceKind
from floorcraft.model.period import Period
from floorcraft.model.scores import JudgeScore, VoteCount
from floorcraft.model.season import Season
from floorcraft.show.compute import compute

JUDGES = ("h", "j2", "j3", "j4")


@st.composite
def two_weeks(draw):
    n = draw(st.integers(3, 6))
    couples = tuple(f"c{i}" for i in range(n))
    panels = (draw(st.integers(2, 4)), draw(st.integers(2, 4)))
    marks = st.integers(1, 10)
    scores, performances, votes = [], [], []
    for week, size in enumerate(panels, start=1):
        for order, couple in enumerate(couples, start=1):
            pid = f"{week}.{order}"
            performances.append(Performance(pid, week, order, (couple,)))
            scores += [JudgeScore(pid, j, Fraction(draw(marks))) for j in JUDGES[:size]]
            votes.append(VoteCount(week, couple, draw(st.integers(0, 10_000))))
    if draw(st.booleans()):  # a team dance in week 2 for the first two couples
        pid = f"2.{n + 1}"
        performances.append(Performance(pid, 2, n + 1, couples[:2], kind=PerformanceKind.TEAM))
        scores += [JudgeScore(pid, j, Fraction(draw(marks))) for j in JUDGES[: panels[1]]]
    merge = draw(st.sampled_from(["raw_sum", "normalise_per_week"]))
    season = Season(
        id="p",
        title="p",
        show="dwts",
        preset="dwts-current",
        settings={"rollover_merge": merge},
        couples=tuple(Couple(c, c, "pro") for c in couples),
        judges=tuple(Judge(j, j, JudgeRole.HEAD if j == "h" else JudgeRole.REGULAR) for j in JUDGES),
        periods=(Period(1, panel=JUDGES[: panels[0]], eliminate=0), Period(2, panel=JUDGES[: panels[1]])),
        performances=tuple(performances),
        scores=tuple(scores),
        votes=tuple(votes),
        decisions=(Decision(1, rolled_over=True),),
    )
    return season, merge, panels


def week_total(season: Season, week: int, couple: str) -> Fraction:
    ids = {p.id for p in season.performances if p.period == week and couple in p.couples}
    return sum((s.value for s in season.scores if s.performance in ids), Fraction(0))


@given(two_weeks())
def test_a_rollover_merges_both_weeks(case):
    season, merge, panels = case
    comp = compute(season, 2)
    assert comp.chain == (1, 2)
    team = any(p.kind is PerformanceKind.TEAM for p in season.performances)
    for entry in comp.entries:
        first, second = week_total(season, 1, entry.id), week_total(season, 2, entry.id)
        if merge == "raw_sum":
            assert entry.judges_total == first + second
        else:  # each week rescaled to the last week's maximum (10 × judges × dances of the busiest couple)
            maxima = [10 * panels[0], 10 * panels[1] * (2 if team else 1)]
            assert entry.judges_total == first * Fraction(maxima[1], maxima[0]) + second
        assert entry.votes == sum(v.votes for v in season.votes if v.couple == entry.id)
    assert len(comp.result.eliminated) + len(comp.result.tied_at_cut) >= 1
