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

import math
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


def _positive(x):
    return x if x > 0 else 0


def _scaled(j: Shares) -> tuple[dict[str, int], int]:
    """The shares as integers over a common unit (exact, and far faster than Fractions): (values, unit)."""
    unit = math.lcm(*(share.denominator for share in j.values()))
    return {c: share.numerator * (unit // share.denominator) for c, share in j.items()}, unit


def _hinge_root(a, b, kinks, lo, hi):
    """The least ``t`` in ``[lo, hi]`` with ``a·t + b + Σ max(0, t − x) ≥ 0`` (``a ≥ 0``), or ``hi``.

    Every bound in this module is the root of such a non-decreasing piecewise-linear function; walking its
    kinks in order keeps the computation exact and O(n log n). Inputs are ints or Fractions.
    """
    xs = sorted(kinks)
    active = [x for x in xs if x < lo]
    slope, offset = a + len(active), b - sum(active)
    start = lo
    for x in [*[x for x in xs if lo <= x < hi], hi]:
        if slope * start + offset >= 0:
            return start
        if slope > 0:
            root = Fraction(-offset) / slope
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
    if not others:
        return None
    x, one = _scaled(j)  # shares as integers; ``one`` is a share of 1
    t0 = max(x[e] for e in bottom)

    def lift(t):
        return sum(_positive(t - x[s]) for s in others)

    base = lift(t0)
    if base > one:
        return None
    kinks = [x[s] for s in others]
    top = _hinge_root(0, -one, kinks, t0, t0 + one)
    ranges = {}
    for s in others:
        high = one - (base - _positive(t0 - x[s]))
        low = _positive(t0 - x[s])
        if len(others) == 1:
            room = [x[e] for e in bottom]
            t_star = _hinge_root(len(room), -one - sum(room), [x[s]], t0, top)
            low = max(_positive(t_star - x[s]), one - sum(t_star - r for r in room))
        ranges[s] = (low, high)
    for e in bottom:
        t_star = _hinge_root(1, -x[e] - one, kinks, t0, top)
        ranges[e] = (0, min(t_star - x[e], one - lift(t_star)))
    exact = {c: (Fraction(lo) / one, Fraction(hi) / one) for c, (lo, hi) in ranges.items()}
    if base == one:
        return BelowResult(exact, None, tie_only=True)
    return BelowResult(exact, _witness(j, bottom, others, Fraction(t0, one), Fraction(top) / one))


def _witness(j: Shares, bottom: Sequence[str], others: list[str], t0: Fraction, top: Fraction) -> Shares:
    """One vote split with a margin: level half-way up the feasible range, half the room to the bottom."""
    t = (t0 + top) / 2
    floor = {s: Fraction(_positive(t - j[s])) for s in others}
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
    x, one = _scaled(j)
    others = sorted((x[c] for c in x if c != couple), reverse=True)[: len(x) - danger]
    if not others:
        return Fraction(1)

    return Fraction(_hinge_root(1, -one, [o - x[couple] for o in others], 0, one)) / one


def chain(j: Shares, order: Sequence[str]) -> BelowResult | None:
    """Vote-share ranges under which the couples end in ``order`` (best first), strictly: a final's placings.

    With ``d_k = j_(k+1) − j_k``, the least shares from the bottom up are ``lo_m = 0``,
    ``lo_k = max(0, lo_(k+1) + d_k)``; feasible ⇔ ``Σ lo < 1`` (``= 1``: only with a tie). Spare share can
    always go to the winner, so a lower couple's least share is ``lo``; the winner's least share is where the
    others, each as high as the order allows, can hold the rest. A couple's greatest share pushes every couple
    above it up by the chain (a hinge function of the share, solved exactly like the bounds above).
    """
    x, one = _scaled(j)
    m = len(order)
    d = [x[order[k + 1]] - x[order[k]] for k in range(m - 1)]
    lo = [0] * m
    for k in range(m - 2, -1, -1):
        lo[k] = max(0, lo[k + 1] + d[k])
    if m < 2 or sum(lo) > one:
        return None
    ranges = {}
    for i, couple in enumerate(order):
        constants, kinks = [], []
        c, e = None, 0  # the least share of couple k above i is max(c, share_i + e)
        for k in range(i - 1, -1, -1):
            e += d[k]
            c = 0 if c is None else max(0, c + d[k])
            constants.append(c)
            kinks.append(c - e)
        below_sum = sum(lo[i + 1 :])
        high = _hinge_root(1, below_sum + sum(constants) - one, kinks, lo[i], one)
        low = lo[i]
        if i == 0:
            spread = sum(sum(d[:k]) for k in range(1, m))  # Σ D_k, the chain offsets of the others
            low = max(lo[0], Fraction(one + spread, m))
        ranges[couple] = (Fraction(low) / one, Fraction(high) / one)
    return BelowResult(ranges, None, tie_only=sum(lo) == one)
