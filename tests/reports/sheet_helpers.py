"""Shared inputs for the results-sheet tests: worked examples kept as data in tests/data/dancesport."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "dancesport"


def example(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def need_tool(name: str) -> str:
    """The path of a system tool; under CI a missing tool fails the test, locally it skips with the reason."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (apt-get install poppler-utils chromium); .ci/run installs it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path
