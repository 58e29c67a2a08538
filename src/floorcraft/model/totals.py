"""Derived facts of a season: who is still in, judges' totals, rollover chains (tv-rules.md §1.4, §1.5, §2.4).

Pure functions over :class:`~floorcraft.model.season.Season`; nothing here is stored.
"""

from __future__ import annotations

from fractions import Fraction

from floorcraft.model.season import Season


def couples_in(season: Season, number: int) -> tuple[str, ...]:
    """Couples taking part in period ``number``: not eliminated or withdrawn in an earlier period's decision,
    and not withdrawing in this period (which need not exist yet). Season order."""
    gone: set[str] = set()
    for d in season.decisions:
        if d.period < number:
            gone.update(d.leaving)
    for p in season.periods:
        if p.number <= number:
            gone.update(p.withdrawn)
    return tuple(c.id for c in season.couples if c.id not in gone)


def judges_total(season: Season, number: int, couple: str) -> Fraction:
    """The couple's judges' total in one period: every panel judge's score for every dance that counts
    (its own and team dances it was part of; tv-rules.md §1.4, §1.5), plus its bonus points."""
    total = Fraction(0)
    for perf in season.performances_in(number):
        if couple in perf.couples and perf.kind.counts_towards_total:
            total += sum((s.value for s in season.scores_for(perf.id)), Fraction(0))
    total += sum((b.points for b in season.bonuses_in(number) if b.couple == couple), Fraction(0))
    return total


def panel_maximum(season: Season, number: int, couple: str, *, score_max: Fraction) -> Fraction:
    """The most a couple could score from the judges in a period (``score_max`` × judges × counted dances);
    used to normalise per week when a rollover merges periods with different panels (tv-rules.md §7 #6)."""
    period = season.period(number)
    dances = sum(
        1 for p in season.performances_in(number) if couple in p.couples and p.kind.counts_towards_total
    )
    return score_max * len(period.panel) * dances


def rollover_chain(season: Season, number: int) -> tuple[int, ...]:
    """The periods whose scores and votes period ``number`` decides on: the earlier consecutive periods that
    rolled over into it, then itself (tv-rules.md §2.4), e.g. ``(1, 2)`` after a no-elimination premiere."""
    ordered = sorted(p.number for p in season.periods)
    chain = [number]
    idx = ordered.index(number)
    while idx > 0 and season.period(ordered[idx - 1]).rolls_over:
        idx -= 1
        chain.insert(0, ordered[idx])
    return tuple(chain)
