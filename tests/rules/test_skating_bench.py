"""Keep bench/bench_skating.py from rotting: import it without running, then run its quick mode once."""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_skating.py"


def test_bench_imports_without_running_and_quick_mode_reports_rates_and_ratios():
    spec = importlib.util.spec_from_file_location("bench_skating", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # the __main__ guard keeps this from running the benchmark
    report = module.run(quick=True)
    finals, recall = report["finals_8x9x5"], report["recall_300x9x5"]
    assert finals["finals_per_second"] > 0 and finals["final_cost_vs_validation"] > 0
    assert recall["recalls_per_second"] > 0 and recall["recall_cost_vs_counter"] > 0
