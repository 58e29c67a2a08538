"""Tallies: live (producer only), recounted from the ledger, certified at close, and receipts checked.

:func:`count` is the one rule that turns ledger rows into a tally; the recount, the certification and the
live tally with voids all use it, so they cannot drift apart. The running totals kept by the writer
(``voting_tallies``) are only a fast path for the live view; :func:`recount` proves them.
"""

from __future__ import annotations

import ipaddress
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine, func, insert, select

from floorcraft.errors import Conflict, NotFound
from floorcraft.store import voting_tables as t
from floorcraft.voting import digest, journal
from floorcraft.voting.ledger import now_us
from floorcraft.voting.model import Mode
from floorcraft.voting.polls import PollInfo, _audit, get_poll


@dataclass(frozen=True)
class Voids:
    """The voids in force: whole channels, voters (keyed hashes), IP ranges."""

    channels: frozenset[str] = frozenset()
    voters: frozenset[str] = frozenset()
    networks: tuple = ()

    @classmethod
    def of(cls, info: PollInfo) -> Voids:
        active = [v for v in info.voids if v["lifted_at"] is None]
        return cls(
            frozenset(v["target"] for v in active if v["kind"] == "channel"),
            frozenset(v["target"] for v in active if v["kind"] == "voter"),
            tuple(ipaddress.ip_network(v["target"]) for v in active if v["kind"] == "ip_range"),
        )

    def excludes(self, channel: str, voter: str, ip: str | None) -> str | None:
        """Which void (if any) takes this vote out of the tally."""
        if channel in self.channels:
            return "channel"
        if voter in self.voters:
            return "voter"
        if ip and self.networks:
            addr = ipaddress.ip_address(ip)
            if any(addr in net for net in self.networks if net.version == addr.version):
                return "ip_range"
        return None

    def __bool__(self) -> bool:
        return bool(self.channels or self.voters or self.networks)


def count(rows: Iterable[tuple], modes: dict[str, str], voids: Voids = Voids()) -> dict:
    """Tally ledger ``rows`` ``(place, channel, voter_hash, ip, allocation_json)``.

    Count channels add every vote; allocation channels count only each voter's latest submission (latest
    ``place`` in the ledger), the state at close (voting-at-scale.md §2 "Allocation model"). Voided votes
    are counted apart, by the void that took them out, never dropped silently (voting-at-scale.md §8 item 4).
    """
    latest: dict[tuple[str, str], tuple] = {}
    counted: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    excluded: dict[str, int] = defaultdict(int)
    ledger_rows = 0
    for row in rows:
        ledger_rows += 1
        if modes.get(row[1]) == Mode.ALLOCATION:
            key = (row[1], row[2])
            if key not in latest or latest[key][0] < row[0]:
                latest[key] = row
            continue
        _add(row, voids, counted, excluded)
    for row in latest.values():
        _add(row, voids, counted, excluded)
    by_channel = {ch: dict(sorted(c.items())) for ch, c in sorted(counted.items())}
    total: dict[str, int] = defaultdict(int)
    for c in by_channel.values():
        for couple, n in c.items():
            total[couple] += n
    return {
        "by_channel": by_channel,
        "total": dict(sorted(total.items())),
        "excluded": dict(sorted(excluded.items())),
        "ledger_rows": ledger_rows,
    }


def _add(row, voids: Voids, counted, excluded) -> None:
    allocation = json.loads(row[4])
    why = voids.excludes(row[1], row[2], row[3])
    if why:
        excluded[why] += sum(allocation.values())
        return
    for couple, n in allocation.items():
        counted[row[1]][couple] += n


def _ledger_rows(engine: Engine, poll_id: str):
    """``(place, channel, voter_hash, ip, allocation_json)`` of every vote, in ledger order."""
    with engine.connect() as conn:
        for v in journal.poll_votes(conn, poll_id):
            yield (v.place, v.channel, v.voter_hash, v.ip, v.allocation)


def recount(engine: Engine, poll_id: str, *, apply_voids: bool = True) -> dict:
    """The tally from the ledger alone."""
    info = get_poll(engine, poll_id)
    modes = {ch: str(r.mode) for ch, r in info.channels.items()}
    return count(_ledger_rows(engine, poll_id), modes, Voids.of(info) if apply_voids else Voids())


def running_totals(engine: Engine, poll_id: str) -> dict[str, dict[str, int]]:
    """The writer's running totals per channel and couple (before voids)."""
    c = t.tallies.c
    with engine.connect() as conn:
        rows = conn.execute(select(c.channel, c.couple_id, c.n).where(c.poll_id == poll_id)).all()
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for ch, couple, n in sorted(rows):
        if n:
            out[ch][couple] = n
    return dict(out)


def live_tally(engine: Engine, poll_id: str) -> dict:
    """The producer's live view: running totals minus voided channels; with voter or IP-range voids in force
    it is recounted from the ledger (those need each vote). Never shown to the public while open."""
    info = get_poll(engine, poll_id)
    voids = Voids.of(info)
    if voids.voters or voids.networks:
        return {**recount(engine, poll_id), "source": "ledger"}
    by_channel = {ch: c for ch, c in running_totals(engine, poll_id).items() if ch not in voids.channels}
    total: dict[str, int] = defaultdict(int)
    for c in by_channel.values():
        for couple, n in c.items():
            total[couple] += n
    return {"by_channel": by_channel, "total": dict(sorted(total.items())), "source": "running_totals"}


def _receipts(engine: Engine, poll_id: str) -> list[str]:
    with engine.connect() as conn:
        return [v.receipt for v in journal.poll_votes(conn, poll_id)]


def certify(engine: Engine, poll_id: str, *, actor: str) -> dict:
    """At close: the tally recounted from the ledger, with the Merkle root of every receipt in it. Each
    certification is a new version (a re-opened window or a later void is certified again)."""
    info = get_poll(engine, poll_id)
    now = now_us()
    if info.window.closes_at is None or info.window.closes_at > now:
        raise Conflict(f"poll {poll_id!r} is still open: close it before certifying")
    tally = recount(engine, poll_id)
    receipts = _receipts(engine, poll_id)
    root = digest.merkle_root(receipts)
    c = t.certifications.c
    with engine.begin() as conn:
        version = conn.execute(select(func.coalesce(func.max(c.version), 0)).where(c.poll_id == poll_id))
        version = version.scalar_one() + 1
        conn.execute(
            insert(t.certifications).values(
                poll_id=poll_id,
                version=version,
                certified_at=now,
                root=root,
                leaves=len(receipts),
                tally=json.dumps(tally, sort_keys=True),
                actor=actor,
            )
        )
        _audit(
            conn, poll_id, "voting.tally.certified", actor, version=version, root=root, leaves=len(receipts)
        )
    return certification(engine, poll_id)


def certification(engine: Engine, poll_id: str) -> dict | None:
    """The latest certified tally of a poll, or ``None``."""
    c = t.certifications.c
    with engine.connect() as conn:
        row = conn.execute(
            select(t.certifications).where(c.poll_id == poll_id).order_by(c.version.desc()).limit(1)
        ).mappings()
        row = row.first()
    if row is None:
        return None
    return {**row, "tally": json.loads(row["tally"])}


def check_recount(engine: Engine, poll_id: str) -> dict:
    """Recount the ledger and compare it, and its root, with the latest certification."""
    cert = certification(engine, poll_id)
    if cert is None:
        raise Conflict(f"poll {poll_id!r} has no certified tally")
    tally = recount(engine, poll_id)
    root = digest.merkle_root(_receipts(engine, poll_id))
    return {
        "matches": tally == cert["tally"] and root == cert["root"],
        "tally_matches": tally == cert["tally"],
        "root_matches": root == cert["root"],
        "certified_version": cert["version"],
        "recount": tally,
        "root": root,
    }


def verify_receipt(engine: Engine, receipt: str) -> dict:
    """What a voter learns from a receipt: the vote is in the ledger, whether it counts (voids, a later
    allocation), and — once certified — the Merkle path to the certified root."""
    with engine.connect() as conn:
        row = journal.find_receipt(conn, receipt)
        if row is None:
            raise NotFound(f"receipt {receipt!r} is not in the ledger")
        latest = None
        if get_poll(engine, row.poll_id).channels[row.channel].mode == Mode.ALLOCATION:
            latest = max(
                v.place
                for v in journal.poll_votes(conn, row.poll_id, row.channel)
                if v.voter_hash == row.voter_hash
            )
    info = get_poll(engine, row.poll_id)
    voided = Voids.of(info).excludes(row.channel, row.voter_hash, row.ip)
    superseded = latest is not None and latest != row.place
    out = {
        "receipt": receipt,
        "poll_id": row.poll_id,
        "channel": row.channel,
        "received_at": row.received_at,
        "votes": row.total,
        "counted": not voided and not superseded,
        "voided_by": voided,
        "superseded": superseded,
        "certified": None,
    }
    cert = certification(engine, row.poll_id)
    if cert is not None:
        proof = digest.inclusion_proof(_receipts(engine, row.poll_id), receipt)
        out["certified"] = {
            "version": cert["version"],
            "root": cert["root"],
            "proof": proof,
            "verified": proof is not None and digest.verify_proof(receipt, proof, cert["root"]),
        }
    return out
