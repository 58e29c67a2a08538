"""The vote journal: how the ledger records accepted votes, and the books a writer decides against.

**Why a journal** (docs/voting.md §4). The ledger used to write one row per vote into a table with three
random-key indexes (idempotency key, voter, receipt), plus a counter row per voter: every vote dirtied
several B-tree pages, 23–50 µs of CPU per vote before any HTTP. Now each writer batch appends **one row per
(poll, channel)** to ``voting_journal``: the batch's accepted submissions as one msgpack list, and their
receipts as one packed blob. Nothing per vote is indexed on disk.

What the indexes used to answer — has this idempotency key been used, how much of their cap has this voter
used, what is their current allocation — each writer keeps in memory as a :class:`Book` per (poll, channel),
derived from the journal alone: loaded on first use, and brought up to date at the start of every batch with
the entries other writers (other server processes) committed since. The batch holds the database's write
lock from that read to its COMMIT (SQLite ``BEGIN IMMEDIATE``; PostgreSQL an advisory transaction lock), so
every decision is taken against the complete ledger: limits and idempotency stay exact with any number of
processes, as before.

A **record** is ``[idem_key, voter_hash, ip, received_at, allocation_json, total, amount_cents]``; its
receipt (``digest.vote_receipt`` of the same fields) is stored beside it so a voter's receipt can be found
without recomputing every hash. A vote's place in the ledger is ``(seq, position)``: the journal row and the
record's index in it; later places were accepted later.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import msgspec
from sqlalchemy import func, select, text

from floorcraft.store import voting_tables as t
from floorcraft.voting.model import CapScope, Mode

RECEIPT_BYTES = 32
_pack = msgspec.msgpack.Encoder().encode
_unpack = msgspec.msgpack.Decoder().decode


def encode_records(records: list[tuple]) -> bytes:
    return _pack(records)


def decode_records(blob: bytes) -> list[list]:
    return _unpack(blob)


def pack_receipts(receipts: list[str]) -> bytes:
    return bytes.fromhex("".join(receipts))


def unpack_receipts(blob: bytes) -> list[str]:
    return [blob[i : i + RECEIPT_BYTES].hex() for i in range(0, len(blob), RECEIPT_BYTES)]


@dataclass(frozen=True, slots=True)
class Vote:
    """One accepted submission as the journal holds it."""

    seq: int
    position: int
    poll_id: str
    channel: str
    idem_key: str
    voter_hash: str
    ip: str | None
    received_at: int
    allocation: str
    total: int
    amount_cents: int | None
    receipt: str

    @property
    def place(self) -> tuple[int, int]:
        return (self.seq, self.position)


def votes_of(seq: int, poll_id: str, channel: str, records: bytes, receipts: bytes):
    """The :class:`Vote` objects of one journal row."""
    for i, (rec, receipt) in enumerate(zip(decode_records(records), unpack_receipts(receipts), strict=True)):
        yield Vote(seq, i, poll_id, channel, *rec, receipt)


# -- reading (tallies, recounts, receipts, reports) ----------------------------------------------------------
def poll_votes(conn, poll_id: str, channel: str | None = None):
    """Every vote of a poll (optionally of one channel) in ledger order."""
    j = t.journal.c
    query = select(j.seq, j.channel, j.records, j.receipts).where(j.poll_id == poll_id)
    if channel is not None:
        query = query.where(j.channel == channel)
    result = conn.execution_options(yield_per=200).execute(query.order_by(j.seq))
    for seq, ch, records, receipts in result:
        yield from votes_of(seq, poll_id, ch, bytes(records), bytes(receipts))


def find_receipt(conn, receipt: str) -> Vote | None:
    """The vote holding ``receipt``: the database scans the packed receipts for the 32 bytes (a byte search
    in C, no per-vote index to maintain on the hot path) and the offset is checked to be a whole record."""
    try:
        needle = bytes.fromhex(receipt)
    except ValueError:
        return None
    if len(needle) != RECEIPT_BYTES:
        return None
    j = t.journal.c
    if conn.dialect.name == "sqlite":
        hit = text("instr(voting_journal.receipts, :needle) > 0")
    else:
        hit = text("position(:needle IN voting_journal.receipts) > 0")
    query = select(j.seq, j.poll_id, j.channel, j.records, j.receipts)
    rows = conn.execute(query.where(hit.bindparams(needle=needle)).order_by(j.seq))
    for seq, poll_id, channel, records, receipts in rows:
        receipts = bytes(receipts)
        at = receipts.find(needle)
        while at >= 0 and at % RECEIPT_BYTES:
            at = receipts.find(needle, at + 1)
        if at >= 0:
            position = at // RECEIPT_BYTES
            rec = decode_records(bytes(records))[position]
            return Vote(seq, position, poll_id, channel, *rec, receipt)
    return None


def count_votes(conn, poll_id: str) -> int:
    j = t.journal.c
    return conn.execute(select(func.coalesce(func.sum(j.n), 0)).where(j.poll_id == poll_id)).scalar_one()


def voter_usage(
    conn, poll_id: str, channel: str, voter_hash: str, mode: str, cap_scope: str
) -> dict[str, int]:
    """What a voter has used of a channel, as the writer's :class:`Book` counts it: the latest allocation
    (allocation mode), votes per couple (a cap per couple), else ``{"": votes}``. A scan of the poll's
    channel: for pages, not for the hot path."""
    book = Book(mode, cap_scope, capped=True)
    for v in poll_votes(conn, poll_id, channel):
        if v.voter_hash == voter_hash:
            parsed = json.loads(v.allocation)
            book.record(v.idem_key, voter_hash, v.allocation, v.amount_cents, v.received_at, v.total, parsed)
    if mode == Mode.ALLOCATION:
        return dict(book.allocations.get(voter_hash, {}))
    return {scope: n for (_voter, scope), n in book.used.items()}


# -- the writer's books ------------------------------------------------------------------------------------
class Book:
    """What a writer must know of one (poll, channel) to decide the next submission: each used idempotency
    key with what it recorded, each voter's use of the cap, and (allocation mode) each voter's latest
    allocation. Derived from the journal only (:meth:`record` is the one rule, for replay and for new
    votes alike; ``singles.decide_singles`` inlines it for one count-mode vote, and
    tests/voting/test_singles.py checks that both leave the same book)."""

    __slots__ = ("allocations", "capped", "mode", "per_couple", "seen", "used")

    def __init__(self, mode: str, cap_scope: str, capped: bool):
        self.mode = mode
        self.per_couple = cap_scope == CapScope.PER_COUPLE_PER_METHOD
        self.capped = capped
        # idem_key -> (voter_hash, allocation_json, amount_cents, received_at, total); not the receipt: a
        # retry recomputes it from these (memory is per vote, retries are rare)
        self.seen: dict[str, tuple] = {}
        self.used: dict[tuple[str, str], int] = {}  # (voter_hash, scope) -> votes used ("" = whole channel)
        self.allocations: dict[str, dict[str, int]] = {}

    def record(self, key, voter, allocation_json, amount, received_at, total, allocation) -> None:
        """Take one accepted vote into the book (``allocation``: the parsed ``allocation_json``)."""
        self.seen[key] = (voter, allocation_json, amount, received_at, total)
        if self.mode == Mode.ALLOCATION:
            self.allocations[voter] = allocation
            self.used[(voter, "")] = total
        elif self.capped:
            used = self.used
            if self.per_couple:
                for couple, n in allocation.items():
                    used[(voter, couple)] = used.get((voter, couple), 0) + n
            else:
                used[(voter, "")] = used.get((voter, ""), 0) + total

    def replay(self, records: bytes) -> None:
        """Take a journal row's votes into the book."""
        parsed: dict[str, dict[str, int]] = {}  # a batch repeats few distinct allocations
        for key, voter, _ip, at, alloc, total, amount in decode_records(records):
            allocation = parsed.get(alloc)
            if allocation is None:
                allocation = parsed[alloc] = json.loads(alloc)
            self.record(key, voter, alloc, amount, at, total, allocation)
