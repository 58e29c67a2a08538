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


def _assign(
    judges: dict[str, int], order: list[str], bottom: set[str], fixed: tuple[str, int] | None
) -> dict[str, int] | None:
    """The best assignment for "``bottom`` below the rest" (``order``: couples by judges' points, best first),
    with ``fixed`` = (couple, vote points) held; ``None`` if even that one fails."""
    n = len(judges)
    values = list(range(1, n + 1))
    assignment: dict[str, int] = {}
    if fixed:
        assignment[fixed[0]] = fixed[1]
        values.remove(fixed[1])
    low_group = [c for c in order if c in bottom and c not in assignment]
    high_group = [c for c in order if c not in bottom and c not in assignment]
    assignment.update(zip(low_group, values, strict=False))
    assignment.update(zip(high_group, values[len(low_group) :], strict=True))
    worst_bottom = max(_key(judges[c], assignment[c], n) for c in bottom)
    best_other = min(_key(judges[c], assignment[c], n) for c in order if c not in bottom)
    return assignment if worst_bottom < best_other else None


def below(judges: dict[str, int], bottom: Sequence[str]) -> RankBelow | None:
    """Vote ranks under which all of ``bottom`` are below every other couple; ``None`` if none."""
    group = set(bottom)
    if len(group) >= len(judges):
        return None
    order = sorted(judges, key=lambda c: (-judges[c], c))
    witness = _assign(judges, order, group, None)
    if witness is None:
        return None
    n = len(judges)
    feasible = {
        c: frozenset(n + 1 - v for v in range(1, n + 1) if _assign(judges, order, group, (c, v)) is not None)
        for c in judges
    }
    return RankBelow(feasible, witness)


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
