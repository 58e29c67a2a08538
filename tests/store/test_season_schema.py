"""Migration 0001_season creates exactly the tables of store.season_tables, on both backends."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, inspect

from floorcraft.store import season_tables


def _season_metadata() -> MetaData:
    md = MetaData(naming_convention=season_tables.Base.metadata.naming_convention)
    for table in season_tables.Base.metadata.sorted_tables:
        if table.name.startswith("season"):
            table.to_metadata(md)
    return md


def test_open_store_creates_the_season_tables(store):
    names = set(inspect(store).get_table_names())
    assert {t for t in _season_metadata().tables} <= names


def test_migration_matches_the_table_module(store):
    md = _season_metadata()
    with store.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), md)
    ours = [d for d in diff if _touches_season(d)]
    assert ours == []


def _touches_season(diff) -> bool:
    if isinstance(diff, list):
        return any(_touches_season(d) for d in diff)
    for part in diff[1:]:
        name = getattr(part, "name", None) or getattr(getattr(part, "table", None), "name", None)
        if isinstance(part, str) and part.startswith("season"):
            return True
        if name and str(name).startswith(("season", "ix_season", "uq_season", "fk_season")):
            return True
    return False
