"""The interface a ledger backend implements, and the SQL both engines share.

Counter keys are ``(poll_id, channel, voter_hash, scope)``. Every method runs on the writer's own DBAPI
connection inside the batch transaction opened by :meth:`Backend.begin`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

CounterKey = tuple[str, str, str, str]
AllocationKey = tuple[str, str, str]


@dataclass(frozen=True)
class ChannelState:
    paused: bool
    voided: bool
    cap: int | None
    cap_scope: str
    mode: str
    price_cents: int | None
    challenge: bool


@dataclass(frozen=True)
class PollState:
    opens_at: int | None
    closes_at: int | None
    channels: dict[str, ChannelState]


@dataclass(frozen=True)
class StoredVote:
    seq: int
    request_hash: str
    receipt: str
    total: int
    received_at: int


VOTE_COLUMNS = (
    "poll_id, channel, idem_key, request_hash, voter_hash, ip, received_at, allocation, total, amount_cents,"
    " receipt"
)


class Backend:
    """Shared parts; subclasses fill in the engine-specific statements."""

    name = "?"
    placeholder = "?"

    def __init__(self, engine: Engine):
        self.engine = engine

    def q(self, sql: str) -> str:
        return sql.replace("?", self.placeholder)

    # -- connection and transaction ------------------------------------------------------------------
    def connect(self):
        """``(pool_proxy, dbapi_connection)``: the writer keeps the proxy and closes it when done."""
        raise NotImplementedError

    def begin(self, conn) -> None:
        raise NotImplementedError

    def is_retryable(self, exc: BaseException) -> bool:
        return False

    # -- state read at the start of each batch -------------------------------------------------------
    def load_polls(self, conn, poll_ids: list[str]) -> dict[str, PollState]:
        cur = conn.cursor()
        out: dict[str, PollState] = {}
        for poll_id in poll_ids:
            cur.execute(self.q("SELECT opens_at, closes_at FROM voting_polls WHERE id = ?"), (poll_id,))
            row = cur.fetchone()
            if row is None:
                continue
            cur.execute(
                self.q(
                    "SELECT target FROM voting_voids"
                    " WHERE poll_id = ? AND kind = 'channel' AND lifted_at IS NULL"
                ),
                (poll_id,),
            )
            voided = {r[0] for r in cur.fetchall()}
            cur.execute(
                self.q(
                    "SELECT channel, paused, cap, cap_scope, mode, price_cents, challenge"
                    " FROM voting_channels WHERE poll_id = ?"
                ),
                (poll_id,),
            )
            channels = {
                ch: ChannelState(bool(p), ch in voided, cap, scope, mode, price, bool(chal))
                for ch, p, cap, scope, mode, price, chal in cur.fetchall()
            }
            out[poll_id] = PollState(row[0], row[1], channels)
        return out

    # -- the per-batch statements -----------------------------------------------------------------------
    def lock_counters(self, conn, keys: list[CounterKey]) -> dict[CounterKey, int]:
        raise NotImplementedError

    def find_votes(self, conn, keys: list[tuple[str, str, str]]) -> dict[tuple[str, str, str], StoredVote]:
        raise NotImplementedError

    def insert_votes(self, conn, rows: list[tuple]) -> int:
        """Insert ledger rows (``VOTE_COLUMNS``), skipping any whose idempotency key is taken; how many
        went in."""
        raise NotImplementedError

    def load_allocations(self, conn, keys: list[AllocationKey]) -> dict[AllocationKey, str]:
        raise NotImplementedError

    def write_counters(self, conn, rows: list[tuple]) -> None:
        raise NotImplementedError

    def write_allocations(self, conn, rows: list[tuple]) -> None:
        """Upsert ``(poll_id, channel, voter_hash, idem_key, allocation)``: the latest allocation and the
        ``seq`` of the vote that made it."""
        raise NotImplementedError

    def add_tallies(self, conn, rows: list[tuple]) -> None:
        raise NotImplementedError
