"""Benchmark: import every real season and compute all reports and inferences (issue 6: target under 10 s).

Stages, timed in one run (``../shared/data`` must be present):

* ``baseline`` — reading the three datasets' CSV files with :mod:`csv` and nothing else (the floor any
  importer pays);
* ``import`` — the MCM, howisonlab and Strictly importers (with their issue reports) and the mapping of every
  season to the domain model;
* ``tables`` — every season table (34 DWTS seasons, 15 Strictly series) as CSV and HTML;
* ``inference`` — fan-vote inference for every decision of every DWTS season and Strictly series;
* ``compare`` — the rank-vs-percent comparison over all DWTS seasons (inferred votes);
* ``charts`` — the cross-season charts (judges' harshness, running order, rank vs percent; PNG + SVG) and one
  full HTML season report (S34: table, progression chart, inference).

Prints each stage's time, the total and the ratio total / baseline. ``--quick`` runs seasons 30–34 and
series 13–15 only. Run: ``.venv/bin/python bench/bench_data.py [--quick]``.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

from floorcraft.imports.datasets import dataset_dir

TARGET_SECONDS = 10.0


def baseline() -> int:
    """Parse every CSV file of the three datasets with the csv module; returns the number of rows."""
    rows = 0
    for name in ("mcm", "howisonlab", "strictly"):
        for path in sorted(dataset_dir(name).glob("*.csv")):
            with path.open(newline="", encoding="utf-8") as handle:
                rows += sum(1 for _ in csv.reader(handle))
    return rows


def run(quick: bool = False) -> dict[str, float]:
    from floorcraft.analysis.compare import compare_methods
    from floorcraft.analysis.inference import infer_season
    from floorcraft.imports import howisonlab, mcm, strictly_csv
    from floorcraft.imports.to_model import record_to_season
    from floorcraft.reports import charts
    from floorcraft.reports.season_report import build_report
    from floorcraft.reports.season_table import season_table, to_csv, to_html

    times: dict[str, float] = {}
    cpu: dict[str, float] = {}
    counts: dict[str, int] = {}

    def stage(name, func):
        start, start_cpu = time.perf_counter(), time.process_time()
        value = func()
        times[name] = time.perf_counter() - start
        cpu[name] = time.process_time() - start_cpu
        return value

    counts["rows"] = stage("baseline", baseline)

    def do_import():
        results = [
            mcm.load(dataset_dir("mcm")),
            howisonlab.load(dataset_dir("howisonlab")),
            strictly_csv.load(dataset_dir("strictly")),
        ]
        if quick:
            keep = {"mcm": range(30, 35), "howisonlab": range(30, 32), "strictly": range(13, 16)}
            for result in results:
                result.seasons = [s for s in result.seasons if s.number in keep[result.source]]
        for result in results:
            for season in result.seasons:
                record_to_season(season)
        return results

    dwts, named, strictly = stage("import", do_import)
    counts["seasons"] = len(dwts.seasons) + len(named.seasons) + len(strictly.seasons)
    every = dwts.seasons + strictly.seasons
    stage("tables", lambda: [(to_csv(t), to_html(t)) for t in map(season_table, every)])
    inferred = stage("inference", lambda: {(s.show, s.number): infer_season(s) for s in every})
    counts["decisions"] = sum(len(weeks) for weeks in inferred.values())
    comparison = stage("compare", lambda: compare_methods(dwts.seasons, inferences=inferred))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)

        def draw():
            charts.judge_harshness(named.seasons, out / "judges")
            charts.running_order_effect(strictly.seasons, out / "order")
            charts.method_comparison(comparison, out / "compare")
            build_report(dwts.seasons[-1], out, judges=None, imported=dwts)

        stage("charts", draw)
    total = sum(v for k, v in times.items() if k != "baseline")
    total_cpu = sum(v for k, v in cpu.items() if k != "baseline")
    print(f"{counts['seasons']} seasons imported ({counts['rows']:,} CSV rows)")
    print(f"{counts['decisions']} decisions inferred, {comparison.weeks} eliminations compared both ways")
    print(f"{'stage':<10} {'wall':>9} {'cpu':>9}")
    for name, seconds in times.items():
        print(f"{name:<10} {seconds:8.3f}s {cpu[name]:8.3f}s")
    verdict = "ok" if total < TARGET_SECONDS else "OVER"
    print(f"{'total':<10} {total:8.3f}s {total_cpu:8.3f}s  (target < {TARGET_SECONDS:.0f} s wall: {verdict})")
    print(f"ratio total / csv baseline = {total / times['baseline']:.0f}x")
    return {"total": total, "total_cpu": total_cpu, **times}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="seasons 30–34 and series 13–15 only")
    args = parser.parse_args()
    if not dataset_dir("mcm").is_dir():
        sys.exit(f"shared data not found at {dataset_dir('mcm').parent}")
    run(quick=args.quick)


if __name__ == "__main__":
    main()
