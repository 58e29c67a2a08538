"""Vote-rank ranges by integer programming (SciPy ``milp``, HiGHS) for the rank-points eras.

An independent check of the exact method in :mod:`floorcraft.analysis.rank`, and the rank-era half of
``solver="highs"``. Variables: ``x[i, r] = 1`` when couple ``i`` has ``r`` vote points (an assignment: each
couple one value, each value one couple) and, with a bottom group larger than the eliminated couples,
``z[c] = 1`` when couple ``c`` is one of the other bottom couples. With ``P_i = Σ r·x[i, r]`` the standing key
``K_i = (n + 1)·J_i + (n + 2)·P_i`` orders couples by combined points, then by votes (public-vote precedence),
and never ties. Constraints: every bottom couple's key is at least 1 below every other couple's (big-M where
``z`` decides who is in the bottom). Each couple's best and worst vote rank is one minimisation and one
maximisation of ``P_i``.
"""

from __future__ import annotations

from collections.abc import Sequence


def rank_ranges(
    judges: dict[str, int], eliminated: Sequence[str], bottom: int
) -> dict[str, tuple[int, int]] | None:
    """(best, worst) vote rank per couple with every ``eliminated`` couple among the lowest ``bottom``;
    ``None`` when no vote ranking does it."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    names = list(judges)
    n = len(names)
    out = [c for c in names if c in eliminated]
    extra = [c for c in names if c not in eliminated] if bottom > len(out) else []
    nx, nz = n * n, len(extra)
    size = nx + nz
    big = (n + 1) * (max(judges.values()) - min(judges.values()) + 1) + (n + 2) * (n + 1)
    rows, low, high = [], [], []

    def x(i: int, r: int) -> int:
        return i * n + (r - 1)

    for i in range(n):  # each couple one vote value, each value one couple
        row = np.zeros(size)
        row[[x(i, r) for r in range(1, n + 1)]] = 1
        rows.append(row), low.append(1), high.append(1)
    for r in range(1, n + 1):
        row = np.zeros(size)
        row[[x(i, r) for i in range(n)]] = 1
        rows.append(row), low.append(1), high.append(1)
    if nz:
        row = np.zeros(size)
        row[nx:] = 1
        rows.append(row), low.append(bottom - len(out)), high.append(bottom - len(out))

    def below(a: int, b: int, slack: dict[int, float]) -> None:
        """K_a ≤ K_b − 1 (+ big-M terms): (n+2)(P_a − P_b) + Σ slack ≤ (n+1)(J_b − J_a) − 1 + Σ big."""
        row = np.zeros(size)
        for r in range(1, n + 1):
            row[x(a, r)] += (n + 2) * r
            row[x(b, r)] -= (n + 2) * r
        for column, coefficient in slack.items():
            row[column] += coefficient
        bound = (n + 1) * (judges[names[b]] - judges[names[a]]) - 1
        rows.append(row), low.append(-np.inf), high.append(bound + sum(big for c in slack.values() if c > 0))

    index = {c: i for i, c in enumerate(names)}
    for e in out:
        for d in names:
            if d in out:
                continue
            slack = {nx + extra.index(d): -big} if d in extra else {}
            below(index[e], index[d], slack)
    for c in extra:
        for d in extra:
            if c != d:  # c in the bottom and d not: c below d
                below(index[c], index[d], {nx + extra.index(c): big, nx + extra.index(d): -big})
    constraints = LinearConstraint(np.array(rows), np.array(low), np.array(high))
    integrality = np.ones(size)
    bounds = Bounds(np.zeros(size), np.ones(size))
    points = np.zeros(size)
    ranges = {}
    for i, couple in enumerate(names):
        points[:] = 0
        points[[x(i, r) for r in range(1, n + 1)]] = range(1, n + 1)
        fewest = milp(points, constraints=constraints, integrality=integrality, bounds=bounds)
        if fewest.status != 0:
            return None
        most = milp(-points, constraints=constraints, integrality=integrality, bounds=bounds)
        ranges[couple] = (n + 1 - round(-most.fun), n + 1 - round(fewest.fun))
    return ranges
