"""bench/bench_data.py stays runnable: its quick mode on the real data (skipped without it)."""

import importlib.util
from pathlib import Path

from floorcraft.imports.datasets import dataset_for_tests


def test_quick_mode_runs(capsys):
    for name in ("mcm", "howisonlab", "strictly"):
        dataset_for_tests(name)
    path = Path(__file__).parents[2] / "bench" / "bench_data.py"
    spec = importlib.util.spec_from_file_location("bench_data", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    times = module.run(quick=True)
    assert times["total"] > 0 and times["baseline"] > 0
    assert "ratio total / csv baseline" in capsys.readouterr().out
