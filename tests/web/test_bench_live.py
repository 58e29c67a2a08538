"""Keeps bench/bench_live.py from rotting: its quick path runs with a handful of clients."""

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_live.py"


def test_the_live_bench_delivers_every_reveal_to_every_client(capsys):
    spec = importlib.util.spec_from_file_location("bench_live", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)  # importable without running
    assert capsys.readouterr().out == ""
    report = bench.run(clients=5, rounds=2)
    assert report["deliveries"] == 10
    assert report["baseline_p50_ms"] > 0 and report["p50_ms"] <= report["p99_ms"] <= report["max_ms"]
    assert bench.main(["--clients", "3", "--rounds", "1"]) == 0
    assert "3 clients x 1 reveals" in capsys.readouterr().out
