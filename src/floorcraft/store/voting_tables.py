"""Tables of the vote ledger (``floorcraft.voting``); migration ``0003_voting``.

Times are whole microseconds since the epoch (``BigInteger``) so both backends compare them exactly. Voter
identities are keyed hashes (HMAC-SHA256 with the server's secret), never clear text. A poll refers to a
season's scoring period by ``season_ref`` / ``period_ref`` (the ids of ``floorcraft.model``), and keeps
its own copy of the choices (couple id and name) so the ledger stands alone.

``voting_journal`` is the append-only ledger (migration ``0006_journal``): one row per writer batch, poll and
channel, holding that batch's accepted submissions as one compact record list and their receipts (see
``voting/journal.py`` for the format and why). ``voting_tallies`` (running totals per couple) is derived and
can be recounted from it; a voter's use of a cap is derived in the writer's memory. The hot path writes with
plain SQL (``voting/backends``), not the ORM.
"""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)

from floorcraft.store.base import Base

SEQ = BigInteger().with_variant(Integer, "sqlite")  # SQLite auto-increments only INTEGER PRIMARY KEY

polls = Table(
    "voting_polls",
    Base.metadata,
    Column("id", String(64), primary_key=True),
    Column("title", String(200), nullable=False),
    Column("season_ref", String(64)),
    Column("period_ref", String(64)),
    Column("preset", String(40)),
    Column("opens_at", BigInteger),
    Column("closes_at", BigInteger),
    Column("created_at", BigInteger, nullable=False),
)

choices = Table(
    "voting_choices",
    Base.metadata,
    Column("poll_id", String(64), ForeignKey("voting_polls.id"), primary_key=True),
    Column("couple_id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("position", Integer, nullable=False),
)

channels = Table(
    "voting_channels",
    Base.metadata,
    Column("poll_id", String(64), ForeignKey("voting_polls.id"), primary_key=True),
    Column("channel", String(20), primary_key=True),
    Column("paused", Boolean, nullable=False),
    Column("cap", Integer),
    Column("cap_scope", String(30), nullable=False),
    Column("mode", String(20), nullable=False),
    Column("price_cents", Integer),
    Column("challenge", Boolean, nullable=False),
)

journal = Table(
    "voting_journal",
    Base.metadata,
    Column("seq", SEQ, primary_key=True, autoincrement=True),
    Column("poll_id", String(64), nullable=False),
    Column("channel", String(20), nullable=False),
    Column("first_at", BigInteger, nullable=False),
    Column("n", Integer, nullable=False),
    Column("records", LargeBinary, nullable=False),
    Column("receipts", LargeBinary, nullable=False),
    Index("ix_voting_journal_poll", "poll_id", "channel", "seq"),
)

tallies = Table(
    "voting_tallies",
    Base.metadata,
    Column("poll_id", String(64), primary_key=True),
    Column("channel", String(20), primary_key=True),
    Column("couple_id", String(64), primary_key=True),
    Column("n", BigInteger, nullable=False),
)

voids = Table(
    "voting_voids",
    Base.metadata,
    Column("id", SEQ, primary_key=True, autoincrement=True),
    Column("poll_id", String(64), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("target", String(100), nullable=False),
    Column("reason", Text, nullable=False),
    Column("actor", String(100), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("lifted_at", BigInteger),
    Column("lifted_by", String(100)),
)

audit = Table(
    "voting_audit",
    Base.metadata,
    Column("id", SEQ, primary_key=True, autoincrement=True),
    Column("poll_id", String(64)),
    Column("action", String(60), nullable=False),
    Column("actor", String(100), nullable=False),
    Column("detail", Text, nullable=False),
    Column("at", BigInteger, nullable=False),
)

certifications = Table(
    "voting_certifications",
    Base.metadata,
    Column("poll_id", String(64), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("certified_at", BigInteger, nullable=False),
    Column("root", String(64), nullable=False),
    Column("leaves", Integer, nullable=False),
    Column("tally", Text, nullable=False),
    Column("actor", String(100), nullable=False),
)
