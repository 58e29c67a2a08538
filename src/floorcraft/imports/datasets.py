"""Where the shared real datasets live: ``../shared/data/<dir>`` beside the repo, or ``FLOORCRAFT_DATA``.

The data files are never copied into the repository (licences: GPL-3.0, unknown, CC0); importers, tests and
the benchmark read them in place.
"""

from __future__ import annotations

import os
from pathlib import Path

DATASETS = {"mcm": "dwts-mcm2026", "howisonlab": "dwts-howisonlab", "strictly": "strictly-four-tens"}


def data_root() -> Path:
    """``FLOORCRAFT_DATA`` if set, else ``../shared/data`` relative to the repository root."""
    if env := os.environ.get("FLOORCRAFT_DATA"):
        return Path(env)
    return Path(__file__).resolve().parents[3].parent / "shared" / "data"


def dataset_dir(name: str) -> Path:
    """The directory of dataset ``name`` (``mcm``, ``howisonlab``, ``strictly``); it may not exist."""
    return data_root() / DATASETS[name]


def dataset_for_tests(name: str) -> Path:
    """The dataset directory for a test: skip when absent, but fail under CI (which has the data)."""
    import pytest

    path = dataset_dir(name)
    if not path.is_dir():
        message = f"shared dataset {name!r} not found at {path}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path
