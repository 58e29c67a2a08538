"""Shared fixtures: fresh databases on both backends, and hypothesis profiles."""

from __future__ import annotations

import os
import uuid

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "default")

PG_ADMIN_URL = os.environ.get("FLOORCRAFT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _fresh_postgres_database() -> tuple[str, callable]:
    """Create an empty PostgreSQL database on the real server; return its URL and a dropper."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"fc_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """The URL of a fresh, empty database: a SQLite file, then a new database on the real PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'floorcraft.sqlite'}"
        return
    url, drop = _fresh_postgres_database()
    try:
        yield url
    finally:
        drop()


@pytest.fixture(params=[pytest.param("postgres", marks=pytest.mark.postgres)])
def postgres_store():
    """An engine on a fresh, migrated database on the real PostgreSQL, for what only that backend does."""
    from floorcraft.store.db import open_store

    url, drop = _fresh_postgres_database()
    engine = open_store(url)
    try:
        yield engine
    finally:
        engine.dispose()
        drop()


@pytest.fixture
def store(database_url):
    """An engine on a fresh database migrated to the current schema (both backends)."""
    from floorcraft.store.db import open_store

    engine = open_store(database_url)
    yield engine
    engine.dispose()


def pytest_collection_modifyitems(items):
    """Every real-browser test runs on one xdist worker, one after another, when they share a run with
    ``-n 2 --dist loadgroup``: two chromium instances and their servers on a 2-core machine starve each
    other, and the live-show tests assert that the big screen follows within one second. (scripts/test
    goes further and runs them alone, after the rest.)"""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))
