"""The DanceSport migration creates exactly the tables of ``store/dancesport_tables.py`` on both backends."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from floorcraft.store import dancesport_tables
from floorcraft.store.base import Base

DS_TABLES = {t for t in Base.metadata.tables if t.startswith("ds_")}


def _ours(diff) -> bool:
    """A difference that touches a DanceSport table (other features' tables share the metadata)."""
    text = repr(diff)
    return any(f"'{t}'" in text or f"<{t}>" in text for t in DS_TABLES)


def test_open_store_creates_the_dancesport_tables(store):
    assert dancesport_tables.EventRow.__tablename__ in DS_TABLES
    assert set(inspect(store).get_table_names()) >= DS_TABLES
    with store.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert [d for d in diffs if _ours(d)] == []
