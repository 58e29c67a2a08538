from sqlalchemy import inspect, text

from floorcraft.store.db import make_engine, normalise_url, open_store


def test_sqlite_runs_in_wal_with_full_sync(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 'x.sqlite'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_migrations_reach_every_head(store):
    assert "alembic_version" in inspect(store).get_table_names()
    engine = make_engine(store.url.render_as_string(hide_password=False))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() >= 1


def test_url_forms():
    assert normalise_url("x.sqlite") == "sqlite:///x.sqlite"
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
