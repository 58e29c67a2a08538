"""Vote-share ranges by linear programming (SciPy ``linprog``, HiGHS) for the percentage era.

Used for finals (a chain of placements) and as an independent check of the exact closed forms in
:mod:`floorcraft.analysis.percent`. Strict inequalities ("lower than") become ``≤ − epsilon`` with a
documented ``epsilon`` (default 1e-9 of a share); results are floats, rounded by the solver's tolerance.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

DEFAULT_EPSILON = 1e-9


def share_ranges(
    j: dict[str, Fraction], below: Sequence[tuple[str, str]], *, epsilon: float = DEFAULT_EPSILON
) -> dict[str, tuple[float, float]] | None:
    """Min and max vote share per couple such that every ``(a, b)`` pair has ``a`` strictly below ``b``.

    Variables: one vote share per couple, ``0 ≤ v ≤ 1``, ``Σ v = 1``; constraint per pair:
    ``j_a + v_a + epsilon ≤ j_b + v_b``. ``None`` when infeasible (no vote split explains the order).
    """
    import numpy as np
    from scipy.optimize import linprog

    couples = list(j)
    index = {c: i for i, c in enumerate(couples)}
    n = len(couples)
    a_ub = np.zeros((len(below), n))
    b_ub = np.zeros(len(below))
    for row, (low, high) in enumerate(below):
        a_ub[row, index[low]] = 1
        a_ub[row, index[high]] = -1
        b_ub[row] = float(j[high] - j[low]) - epsilon
    a_eq, b_eq = np.ones((1, n)), np.ones(1)

    def solve(c):
        return linprog(
            c,
            A_ub=a_ub if len(below) else None,
            b_ub=b_ub if len(below) else None,
            A_eq=a_eq,
            b_eq=b_eq,
            bounds=(0, 1),
            method="highs",
        )

    if solve(np.zeros(n)).status != 0:
        return None
    ranges = {}
    for couple, i in index.items():
        c = np.zeros(n)
        c[i] = 1
        low, high = solve(c), solve(-c)
        ranges[couple] = (float(low.fun), float(-high.fun))
    return ranges
