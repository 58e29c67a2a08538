"""The migration creates exactly the tables of ``store/voting_tables.py`` on both backends."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from floorcraft.store import voting_tables
from floorcraft.store.base import Base


def test_open_store_creates_the_voting_tables_as_declared(store):
    names = {t.name for t in voting_tables.journal.metadata.sorted_tables if t.name.startswith("voting_")}
    assert len(names) == 8
    assert names <= set(inspect(store).get_table_names())
    with store.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    ours = [d for d in diff if "voting_" in repr(d)]
    assert ours == []
