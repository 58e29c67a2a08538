"""Hypothesis properties of ``compute_period`` (tv-rules.md §2.1, §2.4, §3.2, §7 #3)."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from floorcraft.rules.tv import Entry, Method, Status, compute_period

METHODS = st.sampled_from([Method.RANK_POINTS, Method.PERCENT_SHARE])
TIES = st.sampled_from(["dense", "standard"])


@st.composite
def periods(draw, min_size=2, max_size=10):
    """(entries, keyword arguments) for a valid period, tie-heavy on purpose."""
    n = draw(st.integers(min_size, max_size))
    # At least 1.5 before a bonus of at most -1, so every judges' total (and their sum) stays positive:
    # a non-positive sum is an input error under percent_share, tested in test_period_input.py.
    totals = st.integers(3, 60).map(lambda halves: Fraction(halves, 2))
    bonus = st.sampled_from([Fraction(0), Fraction(0), Fraction(3), Fraction(1, 10), Fraction(-1)])
    votes = st.one_of(st.sampled_from([0, 5, 5, 100]), st.integers(0, 10**6))
    entries = [
        Entry(
            id=f"c{i}", judges_total=draw(totals) + draw(bonus), votes=draw(votes), immune=draw(st.booleans())
        )
        for i in range(n)
    ]
    if all(e.immune for e in entries):
        entries[0] = replace(entries[0], immune=False)
    if sum(e.votes for e in entries) == 0:
        entries[0] = replace(entries[0], votes=1)
    free = sum(1 for e in entries if not e.immune)
    kwargs = {
        "method": draw(METHODS),
        "judge_ties": draw(TIES),
        "eliminate": draw(st.integers(0, free - 1)),
        "bottom": draw(st.sampled_from([0, 0, draw(st.integers(0, free - 1))])),
    }
    return entries, kwargs


@given(periods())
def test_ranks_are_a_standard_competition_ranking(period):
    entries, kwargs = period
    result = compute_period(entries, **kwargs)
    lines = result.standings
    assert [s.rank for s in lines] == sorted(s.rank for s in lines)
    for line in lines:
        better = [o for o in lines if (o.combined, o.votes) > (line.combined, line.votes)]
        assert line.rank == 1 + len(better)
        same = [o for o in lines if o.rank == line.rank]
        assert all((o.combined, o.votes) == (line.combined, line.votes) for o in same)


@given(periods(), st.randoms(use_true_random=False))
def test_input_order_changes_nothing(period, rnd):
    entries, kwargs = period
    shuffled = list(entries)
    rnd.shuffle(shuffled)
    assert compute_period(shuffled, **kwargs) == compute_period(entries, **kwargs)


@given(periods())
def test_immune_couples_are_never_cut(period):
    entries, kwargs = period
    result = compute_period(entries, **kwargs)
    immune = {e.id for e in entries if e.immune}
    assert not immune & (result.eliminated | result.bottom | result.tied_at_cut)
    assert {s.id for s in result.standings if s.status == Status.IMMUNE} == immune


@given(periods(), st.data())
def test_more_votes_never_worsens_a_couples_rank(period, data):
    entries, kwargs = period
    index = data.draw(st.integers(0, len(entries) - 1))
    extra = data.draw(st.integers(1, 10**6))
    before = compute_period(entries, **kwargs).standing(entries[index].id).rank
    boosted = list(entries)
    boosted[index] = replace(entries[index], votes=entries[index].votes + extra)
    after = compute_period(boosted, **kwargs).standing(entries[index].id).rank
    assert after <= before


@given(periods())
def test_percent_shares_sum_to_200_exactly(period):
    entries, kwargs = period
    if sum(e.judges_total for e in entries) <= 0:
        return
    result = compute_period(entries, **{**kwargs, "method": Method.PERCENT_SHARE})
    assert sum(s.judges_score for s in result.standings) == 100
    assert sum(s.vote_score for s in result.standings) == 100
    assert sum(s.combined for s in result.standings) == 200


@given(periods())
def test_exactly_the_cut_size_leaves_unless_a_tie_sits_at_the_cut(period):
    entries, kwargs = period
    result = compute_period(entries, **kwargs)
    size, cut = (
        (kwargs["bottom"], result.bottom) if kwargs["bottom"] else (kwargs["eliminate"], result.eliminated)
    )
    if kwargs["bottom"]:
        assert not result.eliminated
    if not result.tied_at_cut:
        assert len(cut) == size
    else:
        assert len(cut) < size < len(cut) + len(result.tied_at_cut)
        tied_ranks = {result.standing(c).rank for c in result.tied_at_cut}
        assert len(tied_ranks) == 1
        assert all(result.standing(c).rank > min(tied_ranks) for c in cut)
    survivors = [s for s in result.standings if s.status == Status.SAFE]
    assert all(s.rank <= min((result.standing(c).rank for c in cut), default=10**9) for s in survivors)
