"""Keeps bench/bench_tv.py from rotting: it imports without running and its quick mode works."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from floorcraft.rules.period_input import compute_contract

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_tv.py"


def test_bench_tv_runs_a_small_batch(capsys):
    spec = importlib.util.spec_from_file_location("bench_tv", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert capsys.readouterr().out == ""  # importing runs nothing
    numbers = module.run(20)
    out = capsys.readouterr().out
    assert "periods/s" in out and "naive float baseline" in out
    assert numbers["engine_rate"] > 0 and numbers["ratio"] > 0
    # under percentages (no rank-point ties) the float baseline and the engine agree on who leaves
    checked = 0
    for data in module.random_inputs(20):
        if data["method"] == "percent_share":
            assert set(module.naive_float(data)) == set(compute_contract(data)["eliminated"])
            checked += 1
    assert checked == 10
