"""A slow, independent re-implementation of the ``results compute`` contract, used only as a test oracle.

Written from the contract text, differently from ``floorcraft.rules.tv``: points and ranks are counted
couple by couple (O(N²)), the cut is found from the ranks of the k-th and (k+1)-th lowest non-immune couples,
and numbers are read with ``Fraction(str(x))``. It assumes a valid input.
"""

from __future__ import annotations

import random
from fractions import Fraction


def oracle(data: dict) -> dict:
    couples = data["couples"]
    n = len(couples)
    dense = data.get("judge_ties", "dense") == "dense"
    totals = [sum(Fraction(str(s)) for s in c["judges"]) + Fraction(str(c.get("bonus", 0))) for c in couples]
    votes = [int(c["votes"]) for c in couples]
    immune = [c.get("immune", False) for c in couples]

    def points(values: list, i: int) -> int:
        above = [v for v in values if v > values[i]]
        return n - (len(set(above)) if dense else len(above))

    if data["method"] == "rank_points":
        judges = [Fraction(points(totals, i)) for i in range(n)]
        public = [Fraction(points(votes, i)) for i in range(n)]
    else:
        judges = [100 * t / sum(totals) for t in totals]
        public = [Fraction(100 * v, sum(votes)) for v in votes]
    combined = [judges[i] + public[i] for i in range(n)]
    rank = [
        1 + sum(1 for j in range(n) if (combined[j], votes[j]) > (combined[i], votes[i])) for i in range(n)
    ]
    k = data.get("bottom", 0) or data.get("eliminate", 1)
    k = int(k)
    free = [i for i in range(n) if not immune[i]]
    cut: set[int] = set()
    tied: set[int] = set()
    if k:
        worst_first = sorted((rank[i] for i in free), reverse=True)
        last_cut, first_kept = worst_first[k - 1], worst_first[k]
        if last_cut == first_kept:
            tied = {i for i in free if rank[i] == last_cut}
            cut = {i for i in free if rank[i] > last_cut}
        else:
            cut = {i for i in free if rank[i] >= last_cut}
    is_bottom = bool(data.get("bottom", 0))
    cut_word = "bottom" if is_bottom else "eliminated"
    standings = []
    for i, c in enumerate(couples):
        status = "immune" if immune[i] else "tied" if i in tied else cut_word if i in cut else "safe"
        standings.append(
            {
                "id": c["id"],
                "judges_total": totals[i],
                "judges_score": judges[i],
                "vote_score": public[i],
                "combined": combined[i],
                "rank": rank[i],
                "status": status,
            }
        )
    ids = {i: c["id"] for i, c in enumerate(couples)}
    return {
        "standings": standings,
        "eliminated": sorted(ids[i] for i in cut) if not is_bottom else [],
        "bottom": sorted(ids[i] for i in cut) if is_bottom else [],
        "tied_at_cut": sorted(ids[i] for i in tied),
    }


SCORES = [x / 2 for x in range(2, 21)]
BONUSES = [0, 0, 0, 0, 1, 2, 3, 5, 0.5, 0.1, 0.3, -1, 2.25, 15]


def random_period(rng: random.Random, *, n: int | None = None, tie_heavy: bool | None = None) -> dict:
    """A valid random contract input with many ties, halves, float bonuses and immunity."""
    n = n or rng.randint(2, 9)
    tie_heavy = rng.random() < 0.6 if tie_heavy is None else tie_heavy
    panel = rng.randint(1, 5)
    pool = rng.sample(SCORES, 3) if tie_heavy else SCORES
    vote_pool = [0, 100, 100, 250, 1000] if tie_heavy else None
    couples = []
    for index in range(n):
        couple = {
            "id": f"c{index}",
            "judges": [rng.choice(pool) for _ in range(panel)],
            "votes": rng.choice(vote_pool) if vote_pool else rng.randint(0, 10**7),
        }
        if rng.random() < 0.4:
            couple["bonus"] = rng.choice(BONUSES)
        if rng.random() < 0.15:
            couple["immune"] = True
        couples.append(couple)
    if all(c["votes"] == 0 for c in couples):
        couples[0]["votes"] = 7
    free = sum(1 for c in couples if not c.get("immune"))
    if free == 0:
        couples[-1].pop("immune")
        free = 1
    data = {
        "method": rng.choice(["rank_points", "percent_share"]),
        "judge_ties": rng.choice(["dense", "standard"]),
        "eliminate": rng.randint(0, min(2, free - 1)),
        "couples": couples,
    }
    if rng.random() < 0.3:
        data["bottom"] = rng.randint(0, free - 1)
    return data
