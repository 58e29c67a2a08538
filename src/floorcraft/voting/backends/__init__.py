"""Engine-specific SQL of the ledger's hot path: one module per database engine.

Both backends implement :class:`floorcraft.voting.backends.base.Backend`; the ledger (``voting/ledger.py``)
runs the same algorithm on either. :func:`backend_for` picks one from a SQLAlchemy engine.
"""

from __future__ import annotations

from sqlalchemy import Engine

from floorcraft.voting.backends.base import Backend


def backend_for(engine: Engine) -> Backend:
    if engine.dialect.name == "sqlite":
        from floorcraft.voting.backends.sqlite import SqliteBackend

        return SqliteBackend(engine)
    from floorcraft.voting.backends.postgres import PostgresBackend

    return PostgresBackend(engine)
