"""Ranking helpers shared by the TV-show engines: points from values and standard competition ranks.

Pure, standard library only. Values are compared exactly (ints and Fractions).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from enum import StrEnum
from typing import Any


class TiePolicy(StrEnum):
    """How tied values share ranking points (tv-rules.md §3.2, §7 #1–2).

    * ``DENSE`` — Strictly from series 7 (2009): the couple directly below a tie gets one point less than
      the tied couples, whatever their number (3, 3, 2).
    * ``STANDARD`` — Strictly before 2009: the next couple gets N minus the number of couples above
      it (3, 3, 1).
    """

    DENSE = "dense"
    STANDARD = "standard"


def ranking_points(values: Sequence[Any], policy: TiePolicy, n: int | None = None) -> list[int]:
    """Points for each value, highest value = ``n`` (default ``len(values)``), ties per ``policy``.

    tv-rules.md §3.2 (judges' and public rankings to points) and §6.4 (dense 3, 3, 2 vs standard 3, 3, 1).

    >>> ranking_points([30, 30, 20], TiePolicy.DENSE)
    [3, 3, 2]
    >>> ranking_points([30, 30, 20], TiePolicy.STANDARD)
    [3, 3, 1]
    """
    top = len(values) if n is None else n
    ordered = sorted(values, reverse=True)
    above: dict[Any, int] = {}
    distinct_above = 0
    for index, value in enumerate(ordered):
        if value not in above:
            above[value] = index if policy == TiePolicy.STANDARD else distinct_above
            distinct_above += 1
    return [top - above[value] for value in values]


def competition_ranks(keys: Sequence[Hashable]) -> list[int]:
    """Standard competition ranks (1, 2, 2, 4) for sort keys where a *smaller* key ranks higher.

    >>> competition_ranks([(-5, -10), (-5, -10), (-6, 0), (-4, 0)])
    [2, 2, 1, 4]
    """
    ordered = sorted(keys)
    first: dict[Hashable, int] = {}
    for index, key in enumerate(ordered):
        first.setdefault(key, index + 1)
    return [first[key] for key in keys]
