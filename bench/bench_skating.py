"""Skating engine throughput (issue #3 acceptance), each rate with a baseline measured in the same run.

* finals: random 8-couple × 9-judge × 5-dance finals per second through ``place_final`` (validation, Rules
  5–8 per dance, Rules 9–11). Baselines: validating the same marks only (``validate_final``), and placing one
  dance of each final (``place_dance``); the ratios say what the multi-dance settlement costs on top.
* recall: a 300-couple × 9-judge × 5-dance preliminary round (each judge marks 150 couples per dance) through
  ``recall`` (validation, totals, ranking, cut). Baseline: a bare ``collections.Counter`` over the same marks.

Run: ``.venv/bin/python bench/bench_skating.py`` (``--quick`` for a short run, ``--json`` for one JSON line).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter
from collections.abc import Callable

from floorcraft.rules.recall import recall
from floorcraft.rules.skating import place_dance
from floorcraft.rules.skating_final import place_final, validate_final

DANCES = ["W", "T", "V", "F", "Q"]


def random_final(rng: random.Random, couples: int = 8, judges: int = 9) -> dict:
    names = [str(10 + i) for i in range(couples)]
    marks = {}
    for dance in DANCES:
        cols = [rng.sample(range(1, couples + 1), couples) for _ in range(judges)]
        marks[dance] = {c: [cols[k][i] for k in range(judges)] for i, c in enumerate(names)}
    return marks


def random_round(rng: random.Random, couples: int = 300, judges: int = 9, marked: int = 150) -> tuple:
    names = [str(100 + i) for i in range(couples)]
    judge_names = [chr(ord("A") + j) for j in range(judges)]
    marks = {d: {j: rng.sample(names, marked) for j in judge_names} for d in DANCES}
    return names, judge_names, marks


def rate(fn: Callable[[object], object], items: list) -> float:
    """Calls per second of ``fn`` over ``items`` (best of three passes)."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for item in items:
            fn(item)
        best = min(best, time.perf_counter() - start)
    return len(items) / best


def bench_finals(count: int, seed: int = 1) -> dict:
    rng = random.Random(seed)
    finals = [random_final(rng) for _ in range(count)]
    finals_rate = rate(lambda m: place_final(DANCES, m), finals)
    validate_rate = rate(lambda m: validate_final(DANCES, m), finals)
    dance_rate = rate(lambda m: place_dance(m["W"], dance="W"), finals)
    return {
        "finals_per_second": round(finals_rate, 1),
        "baseline_validate_per_second": round(validate_rate, 1),
        "baseline_single_dance_per_second": round(dance_rate, 1),
        "final_cost_vs_validation": round(validate_rate / finals_rate, 2),
        "final_cost_vs_single_dance": round(dance_rate / finals_rate, 2),
    }


def bench_recall(repeat: int, seed: int = 2) -> dict:
    names, judge_names, marks = random_round(random.Random(seed))

    def engine(_):
        return recall(DANCES, marks, names, 48, judges=judge_names)

    def baseline(_):
        counts = Counter(c for table in marks.values() for row in table.values() for c in row)
        return sorted(names, key=lambda c: -counts[c])[:48]

    recall_rate = rate(engine, [None] * repeat)
    baseline_rate = rate(baseline, [None] * repeat)
    return {
        "recalls_per_second": round(recall_rate, 1),
        "recall_ms": round(1000 / recall_rate, 2),
        "baseline_counter_per_second": round(baseline_rate, 1),
        "recall_cost_vs_counter": round(baseline_rate / recall_rate, 2),
    }


def run(quick: bool = False) -> dict:
    return {
        "finals_8x9x5": bench_finals(40 if quick else 400),
        "recall_300x9x5": bench_recall(3 if quick else 30),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short run (for smoke tests)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    report = run(quick=args.quick)
    if args.json:
        print(json.dumps(report))
        return
    f, r = report["finals_8x9x5"], report["recall_300x9x5"]
    print(f"finals 8 couples × 9 judges × 5 dances: {f['finals_per_second']:.0f}/s")
    print(
        f"  baselines: validation only {f['baseline_validate_per_second']:.0f}/s "
        f"(final costs {f['final_cost_vs_validation']}×), "
        f"one dance {f['baseline_single_dance_per_second']:.0f}/s "
        f"(final costs {f['final_cost_vs_single_dance']}×)"
    )
    print(
        f"recall 300 couples × 9 judges × 5 dances: {r['recalls_per_second']:.1f}/s "
        f"({r['recall_ms']} ms each)"
    )
    print(
        f"  baseline: bare Counter + sort {r['baseline_counter_per_second']:.0f}/s "
        f"(recall costs {r['recall_cost_vs_counter']}×: validation, warnings, tie handling)"
    )


if __name__ == "__main__":
    main()
