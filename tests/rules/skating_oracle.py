"""An independent Skating System oracle for the tests, with switches for the known wrong readings.

Deliberately a different formulation from ``floorcraft.rules.skating``:

* one dance is settled **one place at a time**: the column pointer only moves right when no unplaced couple
  holds a majority in it (Rule 8), and the place under review goes to the best majority-holder(s) compared by
  the whole vector ``((-count(c), sum(c)) for c in col..N)`` — a lexicographic comparison that is Rules 6,
  7(a) and 7(b) at once (the later columns only matter for couples equal so far);
* Rules 9–11 are a direct transcription of the ``resolve`` pseudocode of skating-system.md §4, with Rule 11
  using the same vector comparison on the pooled marks.

Every switch (``column``, ``subgroup``, ``rule10``, ``rule11_scope``, ``leftover``, ``majority11``,
``fractional``, ``shared``) selects either the reading of skating-system.md (the default) or one of the wrong
readings listed in its §5, so that each trap test can show that its case tells the two apart.
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction


def _count(marks, k):
    return sum(1 for m in marks if m <= k)


def _sum(marks, k):
    return sum(m for m in marks if m <= k)


def _vector(marks, start, n):
    return _cached_vector(tuple(marks), start, n)


@functools.lru_cache(maxsize=200_000)
def _cached_vector(marks, start, n):
    return tuple((-_count(marks, k), _sum(marks, k)) for k in range(start, n + 1))


def _mean(first, size):
    return Fraction(2 * first + size - 1, 2)


def dance_places(marks, *, column="continue", subgroup="tied", shared="mean"):
    """Rules 5–8 for one dance: ``marks`` maps couple -> marks (judge order).

    column="place": the wrong reading of trap 1 (place p is always looked for in column p or later).
    subgroup="all": the wrong reading of trap 2 (a tie sends every majority-holder to the next column).
    shared="dense": the wrong reading of trap 9 (a shared place does not use up the places after it).
    """
    couples = list(marks)
    n = len(couples)
    majority = len(marks[couples[0]]) // 2 + 1
    places, left, place, col = {}, set(couples), 1, 1
    while left:
        if column == "place":
            col = max(col, place)
        holders = [c for c in left if _count(marks[c], col) >= majority]
        if not holders:
            col += 1
            continue
        best = min(_vector(marks[c], col, n) for c in holders)
        winners = [c for c in holders if _vector(marks[c], col, n) == best]
        if subgroup == "all" and any(
            _vector(marks[c], col, n)[0] == best[0] for c in holders if c not in winners
        ):
            # wrong: a tie in this column sends every majority-holder on to the next column
            best = min(_vector(marks[c], col + 1, n) for c in holders)
            winners = [c for c in holders if _vector(marks[c], col + 1, n) == best]
        value = _mean(place, len(winners)) if shared == "mean" else Fraction(place)
        for c in winners:
            places[c] = value
        place += len(winners) if shared == "mean" else 1
        left -= set(winners)
    return places


def final_places(
    dances,
    marks,
    *,
    column="continue",
    subgroup="tied",
    shared="mean",
    rule10="count_then_sum",
    rule11="pooled_majority",
    rule11_scope="tied_after_rule10",
    leftover="settle_among_themselves",
    majority11="pooled",
    fractional="exact",
    one_place_at_a_time=True,
):
    """Rules 9–11 as the ``resolve`` pseudocode of skating-system.md §4. Returns (dance places, final places).

    Wrong readings: column, subgroup and shared as for ``dance_places``; rule10="sum_first" (trap 3);
    one_place_at_a_time=False (trap 4: the whole tie is ordered by the counts at the first place under
    review); fractional="floor" (trap 5: a shared 4.5 counts as 4th); rule11_scope="whole_group" (trap 6);
    leftover="rank_all_by_rule11" / "back_to_rule10" (trap 7); majority11="judges" (trap 8: the Rule 11
    majority taken over the judges only); and the descriptions in circulation of trap 10: rule10="pairwise"
    (the couple beating the others in a majority of dances), rule11="most_firsts", rule11="head_to_head"
    (the couple ahead of the others on most pooled judge-by-judge comparisons).
    """
    per_dance = {d: dance_places(marks[d], column=column, subgroup=subgroup, shared=shared) for d in dances}
    couples = list(marks[dances[0]])
    if len(dances) == 1:
        return per_dance, dict(per_dance[dances[0]])
    n = len(couples)
    judges = len(marks[dances[0]][couples[0]])
    pooled = {c: [m for d in dances for m in marks[d][c]] for c in couples}
    m11 = (judges * len(dances)) // 2 + 1 if majority11 == "pooled" else judges // 2 + 1

    def seen(value):
        return Fraction(math.floor(value)) if fractional == "floor" else value

    def k_and_s(c, p):
        mine = [seen(per_dance[d][c]) for d in dances if seen(per_dance[d][c]) <= p]
        return len(mine), sum(mine, Fraction(0))

    def ahead(a, b, pairs):
        """How many of ``pairs`` (place_a, place_b) put a ahead of b."""
        return sum(1 for x, y in pairs if x < y)

    def copeland(group, pairs_of):
        """Per couple: how many others of ``group`` it beats on a majority of ``pairs_of(a, b)``."""
        wins = {}
        for a in group:
            wins[a] = 0
            for b in group:
                if a != b:
                    pairs = pairs_of(a, b)
                    wins[a] += ahead(a, b, pairs) > ahead(b, a, [(y, x) for x, y in pairs])
        return wins

    def rule10_keys(group, p):
        if rule10 == "pairwise":
            wins = copeland(group, lambda a, b: [(per_dance[d][a], per_dance[d][b]) for d in dances])
            return {c: (-wins[c],) for c in group}
        keys = {}
        for c in group:
            k, s = k_and_s(c, p)
            keys[c] = (s, -k) if rule10 == "sum_first" else (-k, s)
        return keys

    def pooled_winners(group, p):
        if rule11 == "most_firsts":
            firsts = {c: pooled[c].count(1) for c in group}
            return [c for c in group if firsts[c] == max(firsts.values())]
        if rule11 == "head_to_head":
            wins = copeland(group, lambda a, b: list(zip(pooled[a], pooled[b], strict=True)))
            return [c for c in group if wins[c] == max(wins.values())]
        col = p
        while True:
            holders = [c for c in group if _count(pooled[c], col) >= m11]
            if holders:
                best = min(_vector(pooled[c], col, n) for c in holders)
                return [c for c in holders if _vector(pooled[c], col, n) == best]
            col += 1

    final = {}

    def give(cs, p):
        for c in cs:
            final[c] = _mean(p, len(cs))

    def resolve(group, p):
        group = list(group)
        while group:
            if len(group) == 1:
                give(group, p)
                return
            keys = rule10_keys(group, p)
            top = min(keys.values())
            best = [c for c in group if keys[c] == top]
            if not one_place_at_a_time and len(best) == 1:
                for c in sorted(group, key=keys.__getitem__):
                    give([c], p)
                    p += 1
                return
            if len(best) == 1:
                give(best, p)
                p += 1
                group.remove(best[0])
                continue
            scope = group if rule11_scope == "whole_group" else best
            if leftover == "rank_all_by_rule11":
                rest = list(scope)
                while rest:
                    w = pooled_winners(rest, p)
                    give(w, p)
                    p += len(w)
                    rest = [c for c in rest if c not in w]
                group = [c for c in group if c not in scope]
                continue
            w = pooled_winners(scope, p)
            give(w, p)
            p += len(w)
            if leftover == "back_to_rule10":
                group = [c for c in group if c not in w]
                continue
            rest = [c for c in scope if c not in w]
            resolve(rest, p)
            p += len(rest)
            group = [c for c in group if c not in scope]

    totals = {c: sum((per_dance[d][c] for d in dances), Fraction(0)) for c in couples}
    place = 1
    for total in sorted(set(totals.values())):
        group = [c for c in couples if totals[c] == total]
        resolve(group, place)
        place += len(group)
    return per_dance, final
