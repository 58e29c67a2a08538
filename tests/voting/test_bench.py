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


def test_the_calibration_server_answers_every_request_and_is_reported_against_the_reference():
    from floorcraft.voting.loadgen import calibrate, format_result

    r = calibrate(rate=300.0, seconds=0.5, warmup=0.1)
    assert r.mode == "noop" and r.sent > 0 and r.acked == r.sent and r.errors == 0
    assert r.server_cpu_us_per_ack > 0
    line = format_result(r)
    assert line.startswith("calibration: do-nothing RSGI server") and "x the 59 us" in line
