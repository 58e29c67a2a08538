"""Tables of the vote ledger (``floorcraft.voting``); migration ``0003_voting``.

Times are whole microseconds since the epoch (``BigInteger``) so both backends compare them exactly. Voter
identities are keyed hashes (HMAC-SHA256 with the server's secret), never clear text. A poll refers to a
season's scoring period by ``season_ref`` / ``period_ref`` (the ids of ``floorcraft.model``), and keeps
its own copy of the choices (couple id and name) so the ledger stands alone.

``voting_votes`` is the append-only ledger (one row per accepted submission); ``voting_counters`` (per-voter
use of a cap), ``voting_allocations`` (latest allocation per voter) and ``voting_tallies`` are derived and can
be recounted from it. The hot path writes these with plain SQL (``voting/backends``), not the ORM.
"""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
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

votes = Table(
    "voting_votes",
    Base.metadata,
    Column("seq", SEQ, primary_key=True, autoincrement=True),
    Column("poll_id", String(64), nullable=False),
    Column("channel", String(20), nullable=False),
    Column("idem_key", String(255), nullable=False),
    Column("request_hash", String(64), nullable=False),
    Column("voter_hash", String(64), nullable=False),
    Column("ip", String(45)),
    Column("received_at", BigInteger, nullable=False),
    Column("allocation", Text, nullable=False),
    Column("total", Integer, nullable=False),
    Column("amount_cents", BigInteger),
    Column("receipt", String(64), nullable=False),
    UniqueConstraint("poll_id", "channel", "idem_key"),
    Index("ix_voting_votes_voter", "poll_id", "channel", "voter_hash"),
    Index("ix_voting_votes_receipt", "receipt"),
)

counters = Table(
    "voting_counters",
    Base.metadata,
    Column("poll_id", String(64), primary_key=True),
    Column("channel", String(20), primary_key=True),
    Column("voter_hash", String(64), primary_key=True),
    Column("scope", String(64), primary_key=True),
    Column("n", Integer, nullable=False),
)

allocations = Table(
    "voting_allocations",
    Base.metadata,
    Column("poll_id", String(64), primary_key=True),
    Column("channel", String(20), primary_key=True),
    Column("voter_hash", String(64), primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Column("allocation", Text, nullable=False),
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
