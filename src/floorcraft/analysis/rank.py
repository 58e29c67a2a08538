"""Exact feasible vote ranks in the rank-points eras (tv-rules.md §2.1: DWTS S1–2 and S28+; §3.2 Strictly).

The public vote gives ``n`` points to the most-voted couple … 1 to the least (distinct counts assumed: a tie
in the vote is never published, §7 #2). Combined = judges' points + vote points; a tie in combined points goes
to the couple with more votes (public-vote precedence, §2.1 [GREEN-2025], §3.2). So each couple's standing key
is ``K = (n + 1) × (judges' points + vote points) + vote points`` and keys never tie.

"The couples of ``B`` are below everyone else" is decided exactly by an exchange argument: ``B`` takes the
lowest vote points and the others the highest, and within each group the couple with more judges' points takes
fewer vote points (that minimises the highest ``B`` key and maximises the lowest other key). Fixing one
couple's vote points and repeating the argument for the rest gives each couple's exact set of feasible vote
ranks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RankBelow:
    """Feasible vote ranks (1 = most votes) per couple for "``bottom`` below the rest", and a witness."""

    feasible: dict[str, frozenset[int]]
    witness: dict[str, int]  # vote points (n = most votes)


def _key(points: int, votes: int, n: int) -> int:
    return (n + 1) * (points + votes) + votes


def _spread(couples: Sequence[str], values: Sequence[int], judges: dict[str, int]) -> dict[str, int]:
    """Give ``values`` to ``couples`` with more judges' points taking fewer vote points."""
    by_points = sorted(couples, key=lambda c: (-judges[c], c))
    return dict(zip(by_points, sorted(values), strict=True))


def _fits(points: list[int], low: list[bool], fixed: int, value: int) -> bool:
    """Whether couple ``fixed`` (index in judges' order, best first) holding ``value`` vote points still lets
    the ``low`` couples all sit below the others, the rest assigned by the exchange argument."""
    n = len(points)
    values = [v for v in range(1, n + 1) if v != value]
    low_count = sum(low) - (1 if low[fixed] else 0)
    worst, best = -1, None
    next_low, next_high = 0, low_count
    for i in range(n):
        if i == fixed:
            votes = value
        elif low[i]:
            votes, next_low = values[next_low], next_low + 1
        else:
            votes, next_high = values[next_high], next_high + 1
        key = (n + 1) * (points[i] + votes) + votes
        if low[i]:
            worst = max(worst, key)
        elif best is None or key < best:
            best = key
    return best is not None and worst < best


def below(
    judges: dict[str, int], bottom: Sequence[str], *, known: dict[str, set[int]] | None = None
) -> RankBelow | None:
    """Vote ranks under which all of ``bottom`` are below every other couple; ``None`` if none.

    ``known`` (couple → vote ranks already shown feasible, e.g. for another bottom group) are not tested
    again and are left out of the result.
    """
    group = set(bottom)
    if len(group) >= len(judges):
        return None
    order = sorted(judges, key=lambda c: (-judges[c], c))
    points = [judges[c] for c in order]
    low = [c in group for c in order]
    n = len(order)
    # the plain exchange-argument assignment (bottom couples take the lowest vote points) is the best there is
    if not _fits(points, low, 0, 1 if low[0] else sum(low) + 1):
        return None
    feasible = {}
    for index, couple in enumerate(order):
        skip = known.get(couple, set()) if known else set()
        feasible[couple] = frozenset(
            n + 1 - v for v in range(1, n + 1) if n + 1 - v not in skip and _fits(points, low, index, v)
        )
    return RankBelow(feasible, _witness(order, low))


def _witness(order: list[str], low: list[bool]) -> dict[str, int]:
    lows = [c for c, is_low in zip(order, low, strict=True) if is_low]
    highs = [c for c, is_low in zip(order, low, strict=True) if not is_low]
    return {c: v for v, c in enumerate(lows + highs, 1)}


def needed_to_be_safe(judges: dict[str, int], couple: str, danger: int) -> int:
    """The lowest vote rank (1 = most votes) that keeps ``couple`` out of the bottom ``danger`` whatever the
    other votes; 0 when no vote rank is enough (tv-rules.md §2.1 lowest combined out, §2.2 bottom two)."""
    n = len(judges)
    others = sorted((c for c in judges if c != couple), key=lambda c: (-judges[c], c))[: n - danger]
    for votes in range(1, n + 1):
        rest = sorted((v for v in range(1, n + 1) if v != votes), reverse=True)[: len(others)]
        lifted = _spread(others, rest, judges)
        lowest = min((_key(judges[c], lifted[c], n) for c in others), default=None)
        if lowest is None or lowest < _key(judges[couple], votes, n):
            return n + 1 - votes
    return 0
