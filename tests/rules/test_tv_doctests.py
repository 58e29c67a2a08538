"""The examples in the TV rules modules' docstrings run."""

from __future__ import annotations

import doctest

import pytest

from floorcraft.rules import judges_vote, ranking, rollover, tv, tv_explain


@pytest.mark.parametrize("module", [ranking, tv, tv_explain, judges_vote, rollover], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    failed, _ = doctest.testmod(module)
    assert failed == 0
