"""Exact feasible vote shares in the percentage era (tv-rules.md §2.1, seasons 3–27).

Each couple's combined score is its judges' share ``j`` plus its vote share ``v`` (shares of 1, equal
weights), and the lowest combined couples go. "The couples of ``B`` are below every other couple" holds
exactly when some level ``t`` has ``j_e + v_e <= t`` for every ``e`` in ``B`` and ``j_s + v_s > t`` for every
other couple ``s``. With the vote shares summing to 1 this gives closed forms, computed here in exact
``Fraction`` arithmetic:

* feasible  ⇔  ``L(t0) < 1`` where ``t0 = max_B j`` and ``L(t) = Σ_S max(0, t − j_s)`` (``= 1``: only a tie);
* a survivor's share lies in ``[max(0, t0 − j_s), 1 − Σ_{S∖s} max(0, t0 − j)]``;
* an eliminated couple's share lies in ``[0, min(t − j_e, 1 − L(t))]`` maximised over ``t``.

The bounds are the infimum and supremum (strict inequalities make some of them unattainable by a hair);
``floorcraft.analysis.lp`` computes the same ranges with HiGHS as an independent check.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

Shares = dict[str, Fraction]


@dataclass(frozen=True)
class BelowResult:
    """Ranges of vote share for "``bottom`` below everyone else"; ``tie_only`` when only a tie fits."""

    ranges: dict[str, tuple[Fraction, Fraction]]
    witness: Shares | None
    tie_only: bool = False


def judges_shares(totals: dict[str, Fraction]) -> Shares:
    """Each couple's share of the period's judges' points (tv-rules.md §2.1, §1.4)."""
    whole = sum(totals.values(), Fraction(0))
    return {c: total / whole for c, total in totals.items()}


def _positive(x: Fraction) -> Fraction:
    return x if x > 0 else Fraction(0)


def _hinge_root(a: Fraction, b: Fraction, kinks: Sequence[Fraction], lo: Fraction, hi: Fraction) -> Fraction:
    """The least ``t`` in ``[lo, hi]`` with ``a·t + b + Σ max(0, t − x) ≥ 0`` (``a ≥ 0``), or ``hi``.

    Every bound in this module is the root of such a non-decreasing piecewise-linear function; walking its
    kinks in order keeps the computation exact and O(n log n).
    """
    xs = sorted(kinks)
    active = [x for x in xs if x < lo]
    slope, offset = a + len(active), b - sum(active, Fraction(0))
    start = lo
    for x in [*[x for x in xs if lo <= x < hi], hi]:
        if slope * start + offset >= 0:
            return start
        if slope > 0:
            root = -offset / slope
            if root <= x:
                return root
        start = x
        slope, offset = slope + 1, offset - x
    return hi


def below(j: Shares, bottom: Sequence[str]) -> BelowResult | None:
    """Vote-share ranges under which every couple of ``bottom`` is strictly below every other couple.

    ``None`` when no vote split does it (not even with a tie).
    """
    others = [c for c in j if c not in bottom]
    t0 = max(j[e] for e in bottom)

    def lift(t: Fraction) -> Fraction:
        return sum((_positive(t - j[s]) for s in others), Fraction(0))

    base = lift(t0)
    if base > 1 or not others:
        return None
    kinks = [j[s] for s in others]
    top = _hinge_root(Fraction(0), Fraction(-1), kinks, t0, t0 + 1)
    ranges: dict[str, tuple[Fraction, Fraction]] = {}
    for s in others:
        high = 1 - (base - _positive(t0 - j[s]))
        low = _positive(t0 - j[s])
        if len(others) == 1:
            room = [j[e] for e in bottom]
            t_star = _hinge_root(Fraction(len(room)), -1 - sum(room, Fraction(0)), [j[s]], t0, top)
            low = max(_positive(t_star - j[s]), 1 - sum((t_star - x for x in room), Fraction(0)))
        ranges[s] = (low, high)
    for e in bottom:
        t_star = _hinge_root(Fraction(1), -j[e] - 1, kinks, t0, top)
        ranges[e] = (Fraction(0), min(t_star - j[e], 1 - lift(t_star)))
    if base == 1:
        return BelowResult(ranges, None, tie_only=True)
    return BelowResult(ranges, _witness(j, bottom, others, t0, top))


def _witness(j: Shares, bottom: Sequence[str], others: list[str], t0: Fraction, top: Fraction) -> Shares:
    """One vote split with a margin: level half-way up the feasible range, half the room to the bottom."""
    t = (t0 + top) / 2
    floor = {s: _positive(t - j[s]) for s in others}
    room = 1 - sum(floor.values(), Fraction(0))
    votes = {e: min((t - j[e]) / 2, room / (2 * len(bottom))) for e in bottom}
    rest = room - sum(votes.values(), Fraction(0))
    votes.update({s: floor[s] + rest / len(others) for s in others})
    return votes


def needed_to_be_safe(j: Shares, couple: str, danger: int) -> Fraction:
    """The vote share above which ``couple`` is out of the bottom ``danger`` however the other votes split.

    The other votes can push at most ``1 − v`` of share onto the other couples; the cheapest ``n − danger``
    couples to lift above ``couple`` are those with the highest judges' shares. Returns 0 when the couple is
    safe on judges' points alone. (tv-rules.md §2.1: lowest combined out; §2.2 bottom two.)
    """
    others = sorted((j[c] for c in j if c != couple), reverse=True)[: len(j) - danger]
    if not others:
        return Fraction(1)

    return _hinge_root(Fraction(1), Fraction(-1), [x - j[couple] for x in others], Fraction(0), Fraction(1))
