"""Migration ``0006_journal`` on both backends: the votes of ``voting_votes`` become journal rows (same votes,
same order within each channel, same receipts) and a downgrade gives back the old tables with the same votes,
counters and allocations."""

from __future__ import annotations

import hashlib
import json
import random

import pytest
from alembic import command
from sqlalchemy import column, insert, inspect, table, text

from floorcraft.store import voting_tables
from floorcraft.store.db import _alembic_config, make_engine
from floorcraft.voting import journal
from floorcraft.voting.digest import vote_receipt
from floorcraft.voting.model import CapScope, Channel, ChannelRules, Mode, cap_keys

BEFORE = "0003_voting"  # downgrading to it leaves every other head in place

# (poll, channel): rules, and how many votes to cast. P2/donations spans three journal chunks.
CHANNELS = {
    ("P1", "web"): (ChannelRules(channel=Channel.WEB, cap=20, mode=Mode.ALLOCATION), 60),
    ("P1", "sms"): (ChannelRules(channel=Channel.SMS, cap=10, cap_scope=CapScope.PER_COUPLE_PER_METHOD), 50),
    ("P2", "web"): (ChannelRules(channel=Channel.WEB, cap=5), 40),
    ("P2", "donations"): (ChannelRules(channel=Channel.DONATIONS, price_cents=100), 2100),
}
COUPLES = ["c1", "c2", "c3"]
VOTE_COLUMNS = (
    "poll_id",
    "channel",
    "idem_key",
    "request_hash",
    "voter_hash",
    "ip",
    "received_at",
    "allocation",
    "total",
    "amount_cents",
    "receipt",
)

OLD_VOTES = table("voting_votes", column("seq"), *(column(c) for c in VOTE_COLUMNS))
OLD_COUNTERS = table(
    "voting_counters", *(column(c) for c in ("poll_id", "channel", "voter_hash", "scope", "n"))
)
OLD_ALLOCATIONS = table(
    "voting_allocations", *(column(c) for c in ("poll_id", "channel", "voter_hash", "seq", "allocation"))
)


def _migrate(engine, fn, revision: str) -> None:
    cfg = _alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        fn(cfg, revision)


def _old_request_hash(poll_id, channel, voter_hash, allocation_json, amount_cents) -> str:
    return hashlib.sha256(
        f"{poll_id}\n{channel}\n{voter_hash}\n{allocation_json}\n{amount_cents}".encode()
    ).hexdigest()


def _old_ledger(rng: random.Random):
    """Votes as the old ledger stored them (seq with gaps, channels interleaved), and the counters and
    allocations it kept for them (the old rule: allocation mode keeps the latest vote; a cap counts per
    ``cap_keys``)."""
    pending = [key for key, (_rules, n) in CHANNELS.items() for _ in range(n)]
    rng.shuffle(pending)
    votes, counters, allocations = [], {}, {}
    seq = 100
    for i, (poll_id, channel) in enumerate(pending):
        rules = CHANNELS[(poll_id, channel)][0]
        seq += rng.choice((1, 1, 2, 7))
        voter = hashlib.sha256(f"voter{rng.randrange(12)}".encode()).hexdigest()
        allocation = {c: rng.randrange(1, 4) for c in rng.sample(COUPLES, rng.randrange(1, 4))}
        allocation_json = json.dumps(dict(sorted(allocation.items())), separators=(",", ":"))
        amount = 100 * sum(allocation.values()) if channel == "donations" else None
        key, at = f"k{i}", 1_700_000_000_000_000 + 1000 * i + rng.randrange(-5000, 5000)
        ip = None if i % 5 == 0 else f"10.0.{i % 7}.{i % 250}"
        votes.append(
            {
                "seq": seq,
                "poll_id": poll_id,
                "channel": channel,
                "idem_key": key,
                "request_hash": _old_request_hash(poll_id, channel, voter, allocation_json, amount),
                "voter_hash": voter,
                "ip": ip,
                "received_at": at,
                "allocation": allocation_json,
                "total": sum(allocation.values()),
                "amount_cents": amount,
                "receipt": vote_receipt(poll_id, channel, key, voter, allocation_json, at),
            }
        )
        if rules.mode == Mode.ALLOCATION:
            allocations[(poll_id, channel, voter)] = (seq, allocation_json)
            counters[(poll_id, channel, voter, "")] = sum(allocation.values())
        elif rules.cap is not None:
            for scope, n in cap_keys(rules, allocation).items():
                counters[(poll_id, channel, voter, scope)] = (
                    counters.get((poll_id, channel, voter, scope), 0) + n
                )
    return votes, counters, allocations


def _seed(conn, votes, counters, allocations) -> None:
    for poll_id in ("P1", "P2"):
        conn.execute(
            insert(voting_tables.polls).values(id=poll_id, title=f"Poll {poll_id}", created_at=1_700_000_000)
        )
    for (poll_id, channel), (rules, _n) in CHANNELS.items():
        conn.execute(
            insert(voting_tables.channels).values(
                poll_id=poll_id,
                channel=channel,
                paused=False,
                cap=rules.cap,
                cap_scope=str(rules.cap_scope),
                mode=str(rules.mode),
                price_cents=rules.price_cents,
                challenge=False,
            )
        )
    conn.execute(insert(OLD_VOTES), votes)
    conn.execute(
        insert(OLD_COUNTERS),
        [
            dict(zip(("poll_id", "channel", "voter_hash", "scope"), k, strict=True), n=n)
            for k, n in counters.items()
        ],
    )
    conn.execute(
        insert(OLD_ALLOCATIONS),
        [
            {"poll_id": p, "channel": ch, "voter_hash": v, "seq": s, "allocation": a}
            for (p, ch, v), (s, a) in allocations.items()
        ],
    )


@pytest.fixture
def old_database(database_url):
    """A database at every head but with the vote ledger at ``0003_voting``, seeded with old-style votes."""
    engine = make_engine(database_url)
    _migrate(engine, command.upgrade, "heads")
    _migrate(engine, command.downgrade, BEFORE)
    assert "voting_votes" in inspect(engine).get_table_names()
    votes, counters, allocations = _old_ledger(random.Random(6))
    with engine.begin() as conn:
        _seed(conn, votes, counters, allocations)
    yield engine, votes, counters, allocations
    engine.dispose()


def _by_channel(votes):
    out: dict[tuple[str, str], list] = {}
    for v in sorted(votes, key=lambda v: v["seq"]):
        out.setdefault((v["poll_id"], v["channel"]), []).append(v)
    return out


def test_upgrade_turns_votes_into_journal_rows_and_downgrade_restores_them(old_database):
    engine, votes, counters, allocations = old_database
    expected = _by_channel(votes)

    _migrate(engine, command.upgrade, "heads")
    tables = set(inspect(engine).get_table_names())
    assert "voting_journal" in tables
    assert not tables & {"voting_votes", "voting_counters", "voting_allocations"}
    with engine.connect() as conn:
        for (poll_id, channel), old in expected.items():
            new = list(journal.poll_votes(conn, poll_id, channel))
            assert [(v.idem_key, v.voter_hash, v.ip, v.received_at) for v in new] == [
                (v["idem_key"], v["voter_hash"], v["ip"], v["received_at"]) for v in old
            ]
            assert [(v.allocation, v.total, v.amount_cents, v.receipt) for v in new] == [
                (v["allocation"], v["total"], v["amount_cents"], v["receipt"]) for v in old
            ]
            places = [v.place for v in new]
            assert places == sorted(places)
        rows = conn.execute(
            text("SELECT seq, poll_id, channel, first_at, n FROM voting_journal ORDER BY seq")
        ).all()
    # Journal rows come in the order of their first votes; at most 1000 votes each, one (poll, channel) each.
    first_vote = {v["idem_key"]: v["seq"] for v in votes}
    assert sum(n for *_, n in rows) == len(votes)
    assert [n for _s, p, ch, _at, n in rows if (p, ch) == ("P2", "donations")] == [1000, 1000, 100]
    assert all(n == 50 for _s, p, ch, _at, n in rows if (p, ch) == ("P1", "sms"))
    with engine.connect() as conn:
        for seq, poll_id, channel, first_at, n in rows:
            blobs = conn.execute(
                text("SELECT records, receipts FROM voting_journal WHERE seq = :s"), {"s": seq}
            ).one()
            chunk = list(journal.votes_of(seq, poll_id, channel, bytes(blobs[0]), bytes(blobs[1])))
            assert len(chunk) == n
            assert first_at == min(v.received_at for v in chunk)
            assert seq == first_vote[chunk[0].idem_key]  # the journal row keeps its first vote's old seq

    # New journal rows continue after the converted ones (PostgreSQL's serial was moved on).
    with engine.begin() as conn:
        seq = conn.execute(
            insert(voting_tables.journal)
            .values(poll_id="P9", channel="web", first_at=1, n=0, records=b"\x90", receipts=b"")
            .returning(voting_tables.journal.c.seq)
        ).scalar_one()
        assert seq > rows[-1][0]
        conn.execute(text("DELETE FROM voting_journal WHERE poll_id = 'P9'"))

    _migrate(engine, command.downgrade, BEFORE)
    tables = set(inspect(engine).get_table_names())
    assert "voting_journal" not in tables
    assert {"voting_votes", "voting_counters", "voting_allocations", "voting_tallies"} <= tables
    with engine.connect() as conn:
        restored = [dict(r._mapping) for r in conn.execute(text("SELECT * FROM voting_votes ORDER BY seq"))]
        got_counters = {
            (p, ch, v, s): n
            for p, ch, v, s, n in conn.execute(
                text("SELECT poll_id, channel, voter_hash, scope, n FROM voting_counters")
            )
        }
        got_allocations = {
            (p, ch, v): (s, a)
            for p, ch, v, s, a in conn.execute(
                text("SELECT poll_id, channel, voter_hash, seq, allocation FROM voting_allocations")
            )
        }
    assert [r["seq"] for r in restored] == list(range(1, len(votes) + 1))
    for key, old in _by_channel(restored).items():
        assert [{c: v[c] for c in VOTE_COLUMNS} for v in old] == [
            {c: v[c] for c in VOTE_COLUMNS} for v in expected[key]
        ]
    assert got_counters == counters
    # Allocations point at the voter's latest vote: compare by that vote's receipt (its seq was renumbered).
    receipt_new = {r["seq"]: r["receipt"] for r in restored}
    receipt_old = {v["seq"]: v["receipt"] for v in votes}
    assert {k: (receipt_new[s], a) for k, (s, a) in got_allocations.items()} == {
        k: (receipt_old[s], a) for k, (s, a) in allocations.items()
    }

    # And the downgraded schema keeps numbering votes after the restored ones.
    with engine.begin() as conn:
        v = votes[0]
        seq = conn.execute(
            insert(OLD_VOTES)
            .values({**{c: v[c] for c in VOTE_COLUMNS}, "idem_key": "after-downgrade"})
            .returning(OLD_VOTES.c.seq)
        ).scalar_one()
    assert seq == len(votes) + 1


def test_upgrade_and_downgrade_of_an_empty_ledger(old_database):
    engine, *_ = old_database
    with engine.begin() as conn:
        for name in ("voting_allocations", "voting_counters", "voting_votes"):
            conn.execute(text(f"DELETE FROM {name}"))
    _migrate(engine, command.upgrade, "heads")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM voting_journal")).scalar_one() == 0
    _migrate(engine, command.downgrade, BEFORE)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM voting_votes")).scalar_one() == 0


def test_journal_blobs_are_stored_uncompressed_on_postgresql(old_database):
    """Migration 0007: PostgreSQL stores the journal's blobs out of line without trying to compress them
    (``attstorage`` ``e``); downgrading restores the default (``x``). Nothing to do on SQLite."""
    engine = old_database[0]
    if engine.dialect.name != "postgresql":
        _migrate(engine, command.upgrade, "heads")  # a no-op step there: the upgrade still succeeds
        assert "voting_journal" in inspect(engine).get_table_names()
        return
    storage = text(
        "SELECT attname, attstorage FROM pg_attribute"
        " WHERE attrelid = 'voting_journal'::regclass AND attname IN ('records', 'receipts')"
    )
    _migrate(engine, command.upgrade, "heads")
    with engine.connect() as conn:
        assert dict(conn.execute(storage).all()) == {"records": "e", "receipts": "e"}
    _migrate(engine, command.downgrade, "0006_journal")
    with engine.connect() as conn:
        assert dict(conn.execute(storage).all()) == {"records": "x", "receipts": "x"}
