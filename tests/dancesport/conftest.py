"""Fixtures for DanceSport event tests: the example event of tests/data/dancesport on a fresh store."""

from __future__ import annotations

import tomllib

import pytest
from ds_helpers import DATA


@pytest.fixture
def event_data() -> dict:
    return tomllib.loads((DATA / "open_latin.toml").read_text())


@pytest.fixture
def event_store(store, event_data):
    """A store with the example event (8 couples, a heat recalling 6 with policy ask, a 5-dance final)."""
    from floorcraft.scrutineer import events

    events.create_event(store, event_data)
    return store
