"""Vote journal: ``voting_journal`` replaces ``voting_votes``, ``voting_counters`` and ``voting_allocations``.

Revision ID: 0006_journal
Revises: 0003_voting

Upgrade converts the accepted votes: each (poll, channel)'s votes, in ``seq`` order, in chunks of at most
1000, become one journal row each (the record and receipt format of ``floorcraft.voting.journal``, written
here with msgspec directly so this migration keeps producing the format it was written for). A chunk's
journal ``seq`` is the old ``seq`` of its first vote, so journal rows come in the order of their first votes
and a vote's place ``(seq, position)`` keeps the old order within its channel; the conversion streams the
votes and never holds more than one chunk. The counters and allocations are derived from the journal now
and are dropped.

Downgrade expands the journal back into ``voting_votes`` (new ``seq`` numbers, in ledger order) and rebuilds
``voting_counters`` and ``voting_allocations`` by the rules the old ledger applied to each accepted vote.
"""

import hashlib
import json

import msgspec
import sqlalchemy as sa
from alembic import op

revision = "0006_journal"
down_revision = "0003_voting"
branch_labels = None
depends_on = None

SEQ = sa.BigInteger().with_variant(sa.Integer, "sqlite")
KEY = sa.String(64)
CHUNK = 1000  # votes per journal row at most

# The record fields, in the journal's order (``voting/journal.py``: a record is a msgpack array of these).
FIELDS = ("idem_key", "voter_hash", "ip", "received_at", "allocation", "total", "amount_cents")

# Lightweight table handles for the data steps (the schema itself is created with op.create_table).
_journal = sa.table(
    "voting_journal",
    sa.column("seq", sa.BigInteger),
    sa.column("poll_id", sa.String),
    sa.column("channel", sa.String),
    sa.column("first_at", sa.BigInteger),
    sa.column("n", sa.Integer),
    sa.column("records", sa.LargeBinary),
    sa.column("receipts", sa.LargeBinary),
)
_votes = sa.table(
    "voting_votes",
    sa.column("seq", sa.BigInteger),
    sa.column("poll_id", sa.String),
    sa.column("channel", sa.String),
    sa.column("request_hash", sa.String),
    sa.column("receipt", sa.String),
    *(sa.column(name) for name in FIELDS),
)
_counters = sa.table(
    "voting_counters",
    sa.column("poll_id", sa.String),
    sa.column("channel", sa.String),
    sa.column("voter_hash", sa.String),
    sa.column("scope", sa.String),
    sa.column("n", sa.Integer),
)
_allocations = sa.table(
    "voting_allocations",
    sa.column("poll_id", sa.String),
    sa.column("channel", sa.String),
    sa.column("voter_hash", sa.String),
    sa.column("seq", sa.BigInteger),
    sa.column("allocation", sa.Text),
)
_channels = sa.table(
    "voting_channels",
    sa.column("poll_id", sa.String),
    sa.column("channel", sa.String),
    sa.column("cap", sa.Integer),
    sa.column("cap_scope", sa.String),
    sa.column("mode", sa.String),
)


def _advance_sequence(conn, table: str, column: str = "seq") -> None:
    """After rows were inserted with explicit ids, let PostgreSQL's serial continue after the largest one
    (SQLite's INTEGER PRIMARY KEY already takes max(rowid) + 1)."""
    if conn.dialect.name != "postgresql":
        return
    conn.execute(
        sa.text(
            f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), max({column})) FROM {table} "
            f"HAVING max({column}) IS NOT NULL"
        )
    )


def upgrade() -> None:
    op.create_table(
        "voting_journal",
        sa.Column("seq", SEQ, nullable=False, autoincrement=True),
        sa.Column("poll_id", KEY, nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("first_at", sa.BigInteger, nullable=False),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("records", sa.LargeBinary, nullable=False),
        sa.Column("receipts", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_voting_journal"),
    )
    op.create_index("ix_voting_journal_poll", "voting_journal", ["poll_id", "channel", "seq"])
    _votes_to_journal(op.get_bind())
    op.drop_index("ix_voting_votes_receipt", "voting_votes")
    op.drop_index("ix_voting_votes_voter", "voting_votes")
    for name in ("voting_allocations", "voting_counters", "voting_votes"):
        op.drop_table(name)


def _votes_to_journal(conn) -> None:
    v = _votes.c
    query = sa.select(v.seq, v.poll_id, v.channel, v.receipt, *(v[name] for name in FIELDS)).order_by(
        v.poll_id, v.channel, v.seq
    )
    encode = msgspec.msgpack.Encoder().encode
    chunk: list = []

    def flush() -> None:
        first = chunk[0]
        conn.execute(
            _journal.insert().values(
                seq=first[0],
                poll_id=first[1],
                channel=first[2],
                first_at=min(row[7] for row in chunk),
                n=len(chunk),
                records=encode([tuple(row[4:]) for row in chunk]),
                receipts=bytes.fromhex("".join(row[3] for row in chunk)),
            )
        )
        chunk.clear()

    for row in conn.execute(query, execution_options={"yield_per": CHUNK}):
        if chunk and (len(chunk) == CHUNK or (row[1], row[2]) != (chunk[0][1], chunk[0][2])):
            flush()
        chunk.append(tuple(row))
    if chunk:
        flush()
    _advance_sequence(conn, "voting_journal")


def downgrade() -> None:
    op.create_table(
        "voting_votes",
        sa.Column("seq", SEQ, nullable=False, autoincrement=True),
        sa.Column("poll_id", KEY, nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("idem_key", sa.String(255), nullable=False),
        sa.Column("request_hash", KEY, nullable=False),
        sa.Column("voter_hash", KEY, nullable=False),
        sa.Column("ip", sa.String(45)),
        sa.Column("received_at", sa.BigInteger, nullable=False),
        sa.Column("allocation", sa.Text, nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("amount_cents", sa.BigInteger),
        sa.Column("receipt", KEY, nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_voting_votes"),
        sa.UniqueConstraint(
            "poll_id", "channel", "idem_key", name="uq_voting_votes_poll_id_channel_idem_key"
        ),
    )
    op.create_index("ix_voting_votes_voter", "voting_votes", ["poll_id", "channel", "voter_hash"])
    op.create_index("ix_voting_votes_receipt", "voting_votes", ["receipt"])
    op.create_table(
        "voting_counters",
        sa.Column("poll_id", KEY, nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("voter_hash", KEY, nullable=False),
        sa.Column("scope", KEY, nullable=False),
        sa.Column("n", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("poll_id", "channel", "voter_hash", "scope", name="pk_voting_counters"),
    )
    op.create_table(
        "voting_allocations",
        sa.Column("poll_id", KEY, nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("voter_hash", KEY, nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("allocation", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("poll_id", "channel", "voter_hash", name="pk_voting_allocations"),
    )
    _journal_to_votes(op.get_bind())
    op.drop_index("ix_voting_journal_poll", "voting_journal")
    op.drop_table("voting_journal")


def _request_hash(poll_id, channel, voter_hash, allocation_json, amount_cents) -> str:
    """The old ledger's ``request_hash`` (``amount_cents`` formatted as is: ``None`` -> ``"None"``)."""
    text = f"{poll_id}\n{channel}\n{voter_hash}\n{allocation_json}\n{amount_cents}"
    return hashlib.sha256(text.encode()).hexdigest()


def _journal_to_votes(conn) -> None:
    """Every journal record becomes a ``voting_votes`` row (seq 1, 2, ... in ledger order); the counters and
    allocations are what the old ledger would have kept for these votes under each channel's rules."""
    c = _channels.c
    rules = {
        (poll_id, channel): (mode, cap, cap_scope)
        for poll_id, channel, mode, cap, cap_scope in conn.execute(
            sa.select(c.poll_id, c.channel, c.mode, c.cap, c.cap_scope)
        )
    }
    counters: dict[tuple[str, str, str, str], int] = {}
    allocations: dict[tuple[str, str, str], tuple[int, str]] = {}
    decode = msgspec.msgpack.Decoder().decode
    j = _journal.c
    query = sa.select(j.poll_id, j.channel, j.records, j.receipts).order_by(j.seq)
    seq = 0
    for poll_id, channel, records, receipts in conn.execute(query, execution_options={"yield_per": 20}):
        receipts = bytes(receipts)
        mode, cap, cap_scope = rules.get((poll_id, channel), ("count", None, "per_method"))
        rows = []
        for i, record in enumerate(decode(bytes(records))):
            seq += 1
            vote = dict(zip(FIELDS, record, strict=True))
            voter, allocation, total = vote["voter_hash"], vote["allocation"], vote["total"]
            rows.append(
                {
                    **vote,
                    "seq": seq,
                    "poll_id": poll_id,
                    "channel": channel,
                    "request_hash": _request_hash(poll_id, channel, voter, allocation, vote["amount_cents"]),
                    "receipt": receipts[32 * i : 32 * (i + 1)].hex(),
                }
            )
            if mode == "allocation":
                allocations[(poll_id, channel, voter)] = (seq, allocation)
                counters[(poll_id, channel, voter, "")] = total
            elif cap is not None:
                if cap_scope == "per_couple_per_method":
                    for couple, n in json.loads(allocation).items():
                        key = (poll_id, channel, voter, couple)
                        counters[key] = counters.get(key, 0) + n
                else:
                    key = (poll_id, channel, voter, "")
                    counters[key] = counters.get(key, 0) + total
        if rows:
            conn.execute(_votes.insert(), rows)
    _advance_sequence(conn, "voting_votes")
    if counters:
        conn.execute(
            _counters.insert(),
            [
                {"poll_id": p, "channel": ch, "voter_hash": voter, "scope": scope, "n": n}
                for (p, ch, voter, scope), n in counters.items()
            ],
        )
    if allocations:
        conn.execute(
            _allocations.insert(),
            [
                {"poll_id": p, "channel": ch, "voter_hash": voter, "seq": s, "allocation": allocation}
                for (p, ch, voter), (s, allocation) in allocations.items()
            ],
        )
