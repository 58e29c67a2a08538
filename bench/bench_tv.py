"""Benchmark: the TV-show results engine on 10,000 random 13-couple periods (both methods).

Reports, for the same inputs in the same run:

* ``engine`` — ``compute_period`` (exact Fractions, validation, explanations), periods per second;
* ``contract`` — ``compute_contract`` on the same periods as JSON (input validation, engine, output);
* ``baseline`` — a naive float implementation (judges' points / shares, combined, sort, cut of the lowest, no
  validation, no ties at the cut, no explanations): the cost of the bare arithmetic in plain Python.

The ratio is engine time / baseline time: how much exactness, validation and explanations cost per period.
Run ``.venv/bin/python bench/bench_tv.py`` (10,000 periods) or ``--quick`` (500).
"""

from __future__ import annotations

import argparse
import random
import time
from fractions import Fraction

from floorcraft.rules.period_input import compute_contract
from floorcraft.rules.tv import Entry, compute_period

COUPLES = 13


def random_inputs(count: int, seed: int = 2026) -> list[dict]:
    """``count`` valid contract inputs with 13 couples, 3–4 judges, halves, bonuses and an immune couple."""
    rng = random.Random(seed)
    inputs = []
    for index in range(count):
        panel = rng.choice([3, 4])
        couples = [
            {
                "id": f"couple-{c}",
                "judges": [rng.randint(8, 20) / 2 for _ in range(panel)],
                "bonus": rng.choice([0, 0, 0, 2, 3]),
                "votes": rng.randint(10_000, 2_000_000),
                "immune": c == 0 and index % 4 == 0,
            }
            for c in range(COUPLES)
        ]
        method = "rank_points" if index % 2 else "percent_share"
        inputs.append(
            {"method": method, "judge_ties": "dense", "eliminate": 1 + index % 2, "couples": couples}
        )
    return inputs


def to_entries(data: dict) -> list[Entry]:
    return [
        Entry(c["id"], sum(Fraction(repr(s)) for s in c["judges"]) + c["bonus"], c["votes"], c["immune"])
        for c in data["couples"]
    ]


def naive_float(data: dict) -> list[str]:
    """Baseline: floats, no validation, no tie handling beyond sort order; returns the eliminated ids."""
    couples = data["couples"]
    totals = [sum(c["judges"]) + c["bonus"] for c in couples]
    votes = [c["votes"] for c in couples]
    n = len(couples)
    if data["method"] == "rank_points":
        order_j = sorted(range(n), key=lambda i: totals[i])
        order_v = sorted(range(n), key=lambda i: votes[i])
        judges = [0.0] * n
        public = [0.0] * n
        for points, (j, v) in enumerate(zip(order_j, order_v, strict=True), start=1):
            judges[j], public[v] = float(points), float(points)
    else:
        judges = [100 * t / sum(totals) for t in totals]
        public = [100 * v / sum(votes) for v in votes]
    combined = sorted(range(n), key=lambda i: (judges[i] + public[i], votes[i]))
    free = [i for i in combined if not couples[i]["immune"]]
    return [couples[i]["id"] for i in free[: data["eliminate"]]]


def _time(label: str, func, items) -> float:
    start = time.perf_counter()
    for item in items:
        func(item)
    elapsed = time.perf_counter() - start
    print(
        f"{label:<10} {len(items):>6} periods in {elapsed:7.3f} s = {len(items) / elapsed:10,.0f} periods/s"
    )
    return elapsed


def run(count: int) -> dict[str, float]:
    inputs = random_inputs(count)
    entries = [(to_entries(d), d["method"], d["eliminate"]) for d in inputs]
    print(f"{count} random {COUPLES}-couple periods, half rank_points, half percent_share")
    baseline = _time("baseline", naive_float, inputs)
    engine = _time("engine", lambda e: compute_period(e[0], method=e[1], eliminate=e[2]), entries)
    contract = _time("contract", compute_contract, inputs)
    print(f"ratio engine / naive float baseline   = {engine / baseline:6.1f}x")
    print(f"ratio contract / naive float baseline = {contract / baseline:6.1f}x")
    return {"engine_rate": count / engine, "contract_rate": count / contract, "ratio": engine / baseline}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="500 periods instead of 10,000")
    args = parser.parse_args()
    run(500 if args.quick else 10_000)


if __name__ == "__main__":
    main()
