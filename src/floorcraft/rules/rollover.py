"""Rollovers: a period with no elimination carries its judges' totals and votes into the next one.

tv-rules.md §2.4 (DWTS: "judges' scores and votes carry over and combine with the next week's"; published
S28 totals are raw sums, "12 + 11 = 23 out of 60") and §3.4 (Strictly launch and withdrawal weeks: "all
scores and votes carried over to the following week"). How a /20 week and a /30 week merge (S34 W1 + W2)
is UNCONFIRMED (§7 #6), hence the ``merge`` setting. Pure, standard library only.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from fractions import Fraction

from floorcraft.errors import Problems
from floorcraft.rules.tv import Entry

__all__ = ["RolloverMerge", "merge_periods"]


class RolloverMerge(StrEnum):
    """How judges' totals of rolled-over periods combine (tv-rules.md §7 #6)."""

    RAW_SUM = "raw_sum"  # add the raw totals: the S28 precedent, default
    NORMALISE_PER_WEEK = "normalise_per_week"  # each week rescaled to the last week's maximum, then added


def merge_periods(
    periods: Sequence[Sequence[Entry]],
    *,
    merge: RolloverMerge | str = RolloverMerge.RAW_SUM,
    maxima: Sequence[Fraction | int] | None = None,
) -> list[Entry]:
    """One entry per couple of the **last** period, totals and votes combined over all ``periods``.

    * votes are always added (§2.4);
    * ``merge="raw_sum"`` (default): judges' totals are added as they are;
    * ``merge="normalise_per_week"``: ``maxima[i]`` is period ``i``'s highest possible judges' total (e.g.
      20 and 30); each period's total is rescaled to the last period's maximum before adding, so every
      week weighs the same whatever its panel size.

    Couples absent from the last period (eliminated, withdrawn) are dropped; a couple absent from an
    earlier period simply has nothing added from it. Immunity is the last period's. Raises
    ``InvalidInput``.
    """
    problems = Problems()
    if not periods:
        problems.add("merge_periods needs at least one period")
    if merge not in [str(m) for m in RolloverMerge]:
        problems.add(f"unknown rollover merge {merge!r} (known: {', '.join(RolloverMerge)})")
    if merge == RolloverMerge.NORMALISE_PER_WEEK:
        if maxima is None or len(maxima) != len(periods):
            problems.add("normalise_per_week needs one maximum per period")
        elif any(not isinstance(m, (int, Fraction)) or isinstance(m, bool) or m <= 0 for m in maxima):
            problems.add(f"every period maximum must be a positive exact number, got {list(maxima)!r}")
    for number, period in enumerate(periods, start=1):
        ids = [e.id for e in period]
        if len(set(ids)) != len(ids):
            problems.add(f"period {number}: duplicate couple ids")
    problems.raise_if_any()
    scale = [Fraction(1)] * len(periods)
    if merge == RolloverMerge.NORMALISE_PER_WEEK:
        scale = [Fraction(maxima[-1]) / Fraction(m) for m in maxima]
    merged = []
    for last in periods[-1]:
        total, votes = Fraction(0), 0
        for factor, period in zip(scale, periods, strict=True):
            for entry in period:
                if entry.id == last.id:
                    total += factor * Fraction(entry.judges_total)
                    votes += entry.votes
        merged.append(Entry(id=last.id, judges_total=total, votes=votes, immune=last.immune))
    return merged
