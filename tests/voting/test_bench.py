"""The vote benchmark's quick mode still runs (numbers are reported, never asserted: bench/, not tests)."""

import importlib.util
from pathlib import Path


def test_bench_votes_quick_mode_runs_end_to_end(capsys):
    path = Path(__file__).resolve().parents[2] / "bench" / "bench_votes.py"
    spec = importlib.util.spec_from_file_location("bench_votes", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # importable without running
    results = module.main(["--quick"])
    assert {(r.mode, r.path) for r in results} == {("group", "web"), ("group", "sms"), ("naive", "web")}
    assert all(r.sent > 0 and r.acked + r.errors == r.sent for r in results)
    assert "group commit / naive" in capsys.readouterr().out
