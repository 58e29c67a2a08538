"""A small season for the show-service tests: four couples, three judges (one head), one guest."""

import pytest

from floorcraft.store.db import open_store

SMALL = {
    "season": {"id": "small", "title": "Small season", "show": "dwts", "preset": "dwts-judges-save"},
    "couples": [
        {"id": "A", "celebrity": "Ann", "professional": "Pro A"},
        {"id": "B", "celebrity": "Bob", "professional": "Pro B"},
        {"id": "C", "celebrity": "Cat", "professional": "Pro C"},
        {"id": "D", "celebrity": "Dan", "professional": "Pro D"},
    ],
    "judges": [
        {"id": "cai", "name": "Carrie Ann Inaba"},
        {"id": "len", "name": "Len Goodman", "role": "head"},
        {"id": "bt", "name": "Bruno Tonioli"},
        {"id": "gs", "name": "Gene Simmons", "role": "guest"},
    ],
}


@pytest.fixture
def small():
    import copy

    return copy.deepcopy(SMALL)


@pytest.fixture
def sqlite_engine(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 'show.sqlite'}")
    yield engine
    engine.dispose()
