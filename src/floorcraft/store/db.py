"""Database engines, schema migration and the one-transaction-per-command helper.

SQLite (WAL, synchronous=FULL, foreign keys on) is the embedded default; PostgreSQL is the scale-out
backend, reached by URL (``--db`` or ``FLOORCRAFT_DB``). Both are migrated by Alembic to the same schema and
pass the same tests. Every command that writes runs inside :func:`transaction`: an error rolls it all back.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

DEFAULT_SQLITE_FILE = "floorcraft.sqlite"
ENV_VAR = "FLOORCRAFT_DB"


def default_url() -> str:
    """``FLOORCRAFT_DB`` if set, else a SQLite file ``floorcraft.sqlite`` in the current directory."""
    return os.environ.get(ENV_VAR) or f"sqlite:///{DEFAULT_SQLITE_FILE}"


def normalise_url(url: str) -> str:
    """Accept ``postgresql://`` and plain file paths as well as full SQLAlchemy URLs."""
    if "://" not in url:
        return f"sqlite:///{url}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cur = dbapi_connection.cursor()
    # WAL lets readers (scoreboards, reports) run beside the single writer; FULL makes a commit durable
    # before we acknowledge it.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(url: str | None = None, **kwargs) -> Engine:
    """Create an engine for ``url`` (default :func:`default_url`) with floorcraft's connection settings."""
    url = normalise_url(url or default_url())
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _alembic_config(engine: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def upgrade(engine: Engine) -> None:
    """Migrate the database to the newest schema (every feature branch: ``heads``)."""
    from alembic import command

    cfg = _alembic_config(engine)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "heads")


def open_store(url: str | None = None) -> Engine:
    """An engine on a database migrated to the current schema."""
    engine = make_engine(url)
    upgrade(engine)
    return engine


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One ORM session, one transaction: commit on success, roll back on any error."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session
