"""Producer actions on polls and channels: create, open/close, pause/resume, void/lift — each one check,
one transaction and one audit record (style.md §7). These are rare, so they use SQLAlchemy Core (portable
SQL); the hot path is in ``ledger.py``.

Audit actions: ``voting.poll.created``, ``voting.poll.opened``, ``voting.poll.closed``,
``voting.channel.paused``, ``voting.channel.resumed``, ``voting.void.added``, ``voting.void.lifted``,
``voting.tally.certified``.
"""

from __future__ import annotations

import ipaddress
import json
from dataclasses import dataclass, field

from sqlalchemy import Engine, insert, select, update

from floorcraft.errors import Conflict, InvalidInput, NotFound, Problems
from floorcraft.store import voting_tables as t
from floorcraft.voting import journal
from floorcraft.voting.ledger import now_us
from floorcraft.voting.model import CapScope, Channel, ChannelRules, Mode, Window, is_open

VOID_KINDS = ("channel", "voter", "ip_range")


@dataclass(frozen=True)
class PollInfo:
    id: str
    title: str
    season_ref: str | None
    period_ref: str | None
    preset: str | None
    window: Window
    choices: dict[str, str]
    channels: dict[str, ChannelRules]
    paused: dict[str, bool]
    voids: list[dict] = field(default_factory=list)

    def is_open(self, at: int) -> bool:
        return is_open(self.window, at)

    def voided_channels(self) -> set[str]:
        return {v["target"] for v in self.voids if v["kind"] == "channel" and v["lifted_at"] is None}


def _audit(conn, poll_id: str | None, action: str, actor: str, **detail) -> None:
    conn.execute(
        insert(t.audit).values(
            poll_id=poll_id,
            action=action,
            actor=actor,
            detail=json.dumps(detail, sort_keys=True),
            at=now_us(),
        )
    )


def create_poll(
    engine: Engine,
    *,
    poll_id: str,
    title: str,
    choices: list[tuple[str, str]],
    channels: tuple[ChannelRules, ...],
    actor: str,
    season_ref: str | None = None,
    period_ref: str | None = None,
    preset: str | None = None,
) -> PollInfo:
    """A new poll (not yet open). Its choices are the couples of the scoring period ``period_ref``."""
    problems = Problems()
    if not poll_id or len(poll_id) > 64:
        problems.add("poll id: 1 to 64 characters")
    ids = [c for c, _ in choices]
    if not ids:
        problems.add("choices: at least one couple")
    if len(set(ids)) != len(ids):
        problems.add("choices: couple ids must be unique")
    for c, name in choices:
        if not c or len(c) > 64 or not name:
            problems.add(f"choice {c!r}: an id of 1 to 64 characters and a name")
    if not channels or len({r.channel for r in channels}) != len(channels):
        problems.add("channels: at least one, each at most once")
    problems.raise_if_any()
    with engine.begin() as conn:
        if conn.execute(select(t.polls.c.id).where(t.polls.c.id == poll_id)).first():
            raise Conflict(f"poll {poll_id!r} already exists")
        conn.execute(
            insert(t.polls).values(
                id=poll_id,
                title=title,
                season_ref=season_ref,
                period_ref=period_ref,
                preset=preset,
                created_at=now_us(),
            )
        )
        conn.execute(
            insert(t.choices),
            [
                {"poll_id": poll_id, "couple_id": c, "name": n, "position": i}
                for i, (c, n) in enumerate(choices)
            ],
        )
        conn.execute(
            insert(t.channels),
            [
                {
                    "poll_id": poll_id,
                    "channel": str(r.channel),
                    "paused": False,
                    "cap": r.cap,
                    "cap_scope": str(r.cap_scope),
                    "mode": str(r.mode),
                    "price_cents": r.price_cents,
                    "challenge": r.challenge,
                }
                for r in channels
            ],
        )
        _audit(conn, poll_id, "voting.poll.created", actor, preset=preset, choices=ids)
    return get_poll(engine, poll_id)


def get_poll(engine: Engine, poll_id: str) -> PollInfo:
    with engine.connect() as conn:
        row = conn.execute(select(t.polls).where(t.polls.c.id == poll_id)).mappings().first()
        if row is None:
            raise NotFound(f"poll {poll_id!r} does not exist")
        choices = conn.execute(
            select(t.choices.c.couple_id, t.choices.c.name)
            .where(t.choices.c.poll_id == poll_id)
            .order_by(t.choices.c.position)
        ).all()
        channels = conn.execute(select(t.channels).where(t.channels.c.poll_id == poll_id)).mappings().all()
        voids = conn.execute(select(t.voids).where(t.voids.c.poll_id == poll_id).order_by(t.voids.c.id))
        voids = [dict(v) for v in voids.mappings()]
    rules = {
        c["channel"]: ChannelRules(
            channel=Channel(c["channel"]),
            cap=c["cap"],
            cap_scope=CapScope(c["cap_scope"]),
            mode=Mode(c["mode"]),
            price_cents=c["price_cents"],
            challenge=bool(c["challenge"]),
        )
        for c in channels
    }
    return PollInfo(
        id=row["id"],
        title=row["title"],
        season_ref=row["season_ref"],
        period_ref=row["period_ref"],
        preset=row["preset"],
        window=Window(row["opens_at"], row["closes_at"]),
        choices=dict(choices),
        channels=rules,
        paused={c["channel"]: bool(c["paused"]) for c in channels},
        voids=voids,
    )


def list_polls(engine: Engine) -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(select(t.polls).order_by(t.polls.c.created_at)).mappings().all()
    return [dict(r) for r in rows]


def open_poll(
    engine: Engine, poll_id: str, *, actor: str, opens_at: int | None = None, closes_at: int | None = None
) -> PollInfo:
    """Open the window now (producer action) or at set times; re-opening a closed poll starts a new window
    (voting-at-scale.md §4, X Factor 2018: windows must be re-openable)."""
    opens_at = now_us() if opens_at is None else opens_at
    if closes_at is not None and closes_at <= opens_at:
        raise InvalidInput(f"poll {poll_id!r}: closes_at must be after opens_at")
    _set_window(engine, poll_id, "voting.poll.opened", actor, opens_at=opens_at, closes_at=closes_at)
    return get_poll(engine, poll_id)


def close_poll(engine: Engine, poll_id: str, *, actor: str, at: int | None = None) -> PollInfo:
    """Close the window at ``at`` (default now); votes received before that instant still count."""
    info = get_poll(engine, poll_id)
    at = now_us() if at is None else at
    if info.window.opens_at is None or at < info.window.opens_at:
        raise Conflict(f"poll {poll_id!r} is not open")
    _set_window(engine, poll_id, "voting.poll.closed", actor, closes_at=at)
    return get_poll(engine, poll_id)


def _set_window(engine: Engine, poll_id: str, action: str, actor: str, **values) -> None:
    with engine.begin() as conn:
        done = conn.execute(update(t.polls).where(t.polls.c.id == poll_id).values(**values)).rowcount
        if not done:
            raise NotFound(f"poll {poll_id!r} does not exist")
        _audit(conn, poll_id, action, actor, **values)


def set_paused(
    engine: Engine, poll_id: str, channel: str, paused: bool, *, actor: str, reason: str = ""
) -> None:
    """Pause a channel (new votes refused with ``channel_paused``) or resume it."""
    with engine.begin() as conn:
        done = conn.execute(
            update(t.channels)
            .where(t.channels.c.poll_id == poll_id, t.channels.c.channel == channel)
            .values(paused=paused)
        ).rowcount
        if not done:
            raise NotFound(f"poll {poll_id!r} has no channel {channel!r}")
        action = "voting.channel.paused" if paused else "voting.channel.resumed"
        _audit(conn, poll_id, action, actor, channel=channel, reason=reason)


def add_void(engine: Engine, poll_id: str, kind: str, target: str, *, actor: str, reason: str) -> int:
    """Void a channel, a voter (by keyed hash) or an IP range (CIDR) in a poll. The votes stay in the
    ledger; the tally leaves them out while the void is in force (voting-at-scale.md §4, The Voice 2013;
    §8 item 4)."""
    problems = Problems()
    if kind not in VOID_KINDS:
        problems.add(f"void kind {kind!r}: one of {', '.join(VOID_KINDS)}")
    if kind == "ip_range":
        try:
            target = str(ipaddress.ip_network(target, strict=False))
        except ValueError:
            problems.add(f"void target {target!r}: not an IP range (CIDR)")
    if not reason.strip():
        problems.add("void reason: required")
    problems.raise_if_any()
    info = get_poll(engine, poll_id)
    if kind == "channel" and target not in info.channels:
        raise NotFound(f"poll {poll_id!r} has no channel {target!r}")
    with engine.begin() as conn:
        void_id = conn.execute(
            insert(t.voids)
            .values(
                poll_id=poll_id, kind=kind, target=target, reason=reason, actor=actor, created_at=now_us()
            )
            .returning(t.voids.c.id)
        ).scalar_one()
        _audit(
            conn, poll_id, "voting.void.added", actor, void=void_id, kind=kind, target=target, reason=reason
        )
    return void_id


def lift_void(engine: Engine, poll_id: str, void_id: int, *, actor: str, reason: str = "") -> None:
    """Restore what a void took out; the void stays on record with who lifted it and when."""
    with engine.begin() as conn:
        done = conn.execute(
            update(t.voids)
            .where(t.voids.c.poll_id == poll_id, t.voids.c.id == void_id, t.voids.c.lifted_at.is_(None))
            .values(lifted_at=now_us(), lifted_by=actor)
        ).rowcount
        if not done:
            raise NotFound(f"poll {poll_id!r} has no void {void_id} in force")
        _audit(conn, poll_id, "voting.void.lifted", actor, void=void_id, reason=reason)


def restore_channel(engine: Engine, poll_id: str, channel: str, *, actor: str, reason: str = "") -> None:
    """Resume a channel and lift every void in force on it."""
    info = get_poll(engine, poll_id)
    for v in info.voids:
        if v["kind"] == "channel" and v["target"] == channel and v["lifted_at"] is None:
            lift_void(engine, poll_id, v["id"], actor=actor, reason=reason)
    set_paused(engine, poll_id, channel, False, actor=actor, reason=reason)


def audit_log(engine: Engine, poll_id: str) -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(select(t.audit).where(t.audit.c.poll_id == poll_id).order_by(t.audit.c.id))
        return [{**r, "detail": json.loads(r["detail"])} for r in rows.mappings()]


def vote_count(engine: Engine, poll_id: str) -> int:
    with engine.connect() as conn:
        return journal.count_votes(conn, poll_id)
