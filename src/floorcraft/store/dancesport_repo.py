"""Reading and writing DanceSport events (``store/dancesport_tables.py``) in one SQLAlchemy session.

Plain functions over a session opened by :func:`floorcraft.store.db.transaction`; they take and return
the domain values of :mod:`floorcraft.model.dancesport`. Business rules (what may be entered when, recalls,
locking) live in :mod:`floorcraft.scrutineer.events`; this module only stores and fetches, and records every
change of an existing mark in ``ds_mark_corrections``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from floorcraft.errors import Conflict, NotFound
from floorcraft.model.dancesport import (
    Couple,
    Event,
    Judge,
    Mark,
    Round,
    RoundKind,
    TiePolicy,
    couple_sort_key,
)
from floorcraft.store.dancesport_tables import (
    CoupleRow,
    EventRow,
    JudgeRow,
    MarkCorrectionRow,
    MarkRow,
    RoundCoupleRow,
    RoundRow,
)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class RoundState:
    status: str  # open | computed
    couples: tuple[str, ...]  # who dances the round (empty until the previous round's recall)
    took: str | None  # fewer | more, when the recall met a tie at the cut
    computed_at: dt.datetime | None


@dataclass(frozen=True)
class Correction:
    round: int
    dance: str
    judge: str
    couple: str
    old_value: int
    new_value: int
    by: str
    at: dt.datetime
    reason: str


def _ids(session: Session, code, table, event_id: int) -> dict[str, int]:
    """{letter or number: row id} for the judges or couples of an event."""
    return {
        key: id_ for key, id_ in session.execute(select(code, table.id).where(table.event_id == event_id))
    }


def save_event(session: Session, event: Event) -> int:
    """Store a new event with its panel, couples and rounds; every couple dances the first round."""
    if session.scalar(select(EventRow.id).where(EventRow.name == event.name)) is not None:
        raise Conflict(f"an event named {event.name!r} already exists")
    row = EventRow(name=event.name, event_date=event.date, dances=json.dumps(event.dances), created_at=_now())
    session.add(row)
    session.flush()
    session.add_all(
        JudgeRow(event_id=row.id, position=i, letter=j.letter, name=j.name)
        for i, j in enumerate(event.judges)
    )
    couples = [
        CoupleRow(event_id=row.id, position=i, number=c.number, name=c.name)
        for i, c in enumerate(event.couples)
    ]
    session.add_all(couples)
    rounds = [
        RoundRow(
            event_id=row.id,
            number=r.number,
            kind=r.kind.value,
            dances=json.dumps(r.dances),
            recall=r.recall,
            tie_policy=r.tie_policy.value,
            status="open",
        )
        for r in event.rounds
    ]
    session.add_all(rounds)
    session.flush()
    session.add_all(RoundCoupleRow(round_id=rounds[0].id, couple_id=c.id) for c in couples)
    session.flush()
    return row.id


def find_event(session: Session, ref: str) -> int:
    """The id of the event named ``ref`` (or with the id ``ref``)."""
    found = session.scalar(select(EventRow.id).where(EventRow.name == ref))
    if found is None and ref.isdigit():
        found = session.scalar(select(EventRow.id).where(EventRow.id == int(ref)))
    if found is None:
        raise NotFound(f"no event named {ref!r}")
    return found


def chairman_pin_hash(session: Session, event_id: int) -> str | None:
    return session.get(EventRow, event_id).chairman_pin_hash


def set_chairman_pin_hash(session: Session, event_id: int, pin_hash: str) -> None:
    session.get(EventRow, event_id).chairman_pin_hash = pin_hash


def list_events(session: Session) -> list[tuple[int, str, dt.date | None]]:
    return [
        tuple(r)
        for r in session.execute(
            select(EventRow.id, EventRow.name, EventRow.event_date).order_by(EventRow.id)
        )
    ]


def load_event(session: Session, event_id: int) -> Event:
    row = session.get(EventRow, event_id)
    if row is None:
        raise NotFound(f"no event with id {event_id}")
    judges = session.scalars(
        select(JudgeRow).where(JudgeRow.event_id == event_id).order_by(JudgeRow.position)
    )
    couples = session.scalars(
        select(CoupleRow).where(CoupleRow.event_id == event_id).order_by(CoupleRow.position)
    )
    rounds = session.scalars(select(RoundRow).where(RoundRow.event_id == event_id).order_by(RoundRow.number))
    return Event(
        name=row.name,
        date=row.event_date,
        dances=tuple(json.loads(row.dances)),
        judges=tuple(Judge(j.letter, j.name) for j in judges),
        couples=tuple(Couple(c.number, c.name) for c in couples),
        rounds=tuple(
            Round(r.number, RoundKind(r.kind), tuple(json.loads(r.dances)), r.recall, TiePolicy(r.tie_policy))
            for r in rounds
        ),
    )


def _round_row(session: Session, event_id: int, number: int) -> RoundRow:
    row = session.scalar(select(RoundRow).where(RoundRow.event_id == event_id, RoundRow.number == number))
    if row is None:
        raise NotFound(f"the event has no round {number}")
    return row


def round_state(session: Session, event_id: int, number: int) -> RoundState:
    row = _round_row(session, event_id, number)
    couples = session.scalars(
        select(CoupleRow.number)
        .join(RoundCoupleRow, RoundCoupleRow.couple_id == CoupleRow.id)
        .where(RoundCoupleRow.round_id == row.id)
    )
    return RoundState(row.status, tuple(sorted(couples, key=couple_sort_key)), row.took, row.computed_at)


def set_round_status(
    session: Session, event_id: int, number: int, status: str, *, took: str | None = None
) -> None:
    row = _round_row(session, event_id, number)
    row.status = status
    row.took = took
    row.computed_at = _now() if status == "computed" else None


def set_round_couples(session: Session, event_id: int, number: int, couples: tuple[str, ...]) -> None:
    """Replace the list of couples dancing round ``number``."""
    row = _round_row(session, event_id, number)
    session.execute(delete(RoundCoupleRow).where(RoundCoupleRow.round_id == row.id))
    ids = _ids(session, CoupleRow.number, CoupleRow, event_id)
    session.add_all(RoundCoupleRow(round_id=row.id, couple_id=ids[c]) for c in couples)
    session.flush()


def load_marks(session: Session, event_id: int, number: int) -> list[Mark]:
    row = _round_row(session, event_id, number)
    query = (
        select(MarkRow.dance, JudgeRow.letter, CoupleRow.number, MarkRow.value)
        .join(JudgeRow, JudgeRow.id == MarkRow.judge_id)
        .join(CoupleRow, CoupleRow.id == MarkRow.couple_id)
        .where(MarkRow.round_id == row.id)
        .order_by(MarkRow.id)
    )
    return [Mark(*r) for r in session.execute(query)]


def write_marks(
    session: Session, event_id: int, number: int, marks: list[Mark], *, by: str, reason: str
) -> dict[str, int]:
    """Insert new marks; change existing ones with an audit row (old value, who, when, why); return counts."""
    row = _round_row(session, event_id, number)
    judges = _ids(session, JudgeRow.letter, JudgeRow, event_id)
    couples = _ids(session, CoupleRow.number, CoupleRow, event_id)
    existing = {
        (m.dance, m.judge_id, m.couple_id): m
        for m in session.scalars(select(MarkRow).where(MarkRow.round_id == row.id))
    }
    now = _now()
    counts = {"new": 0, "changed": 0, "unchanged": 0}
    for mark in marks:
        key = (mark.dance, judges[mark.judge], couples[mark.couple])
        old = existing.get(key)
        if old is None:
            session.add(
                MarkRow(
                    round_id=row.id,
                    dance=key[0],
                    judge_id=key[1],
                    couple_id=key[2],
                    value=mark.value,
                    entered_by=by,
                    entered_at=now,
                )
            )
            counts["new"] += 1
        elif old.value == mark.value:
            counts["unchanged"] += 1
        else:
            session.add(
                MarkCorrectionRow(
                    mark_id=old.id,
                    old_value=old.value,
                    new_value=mark.value,
                    corrected_by=by,
                    corrected_at=now,
                    reason=reason,
                )
            )
            old.value, old.entered_by, old.entered_at = mark.value, by, now
            counts["changed"] += 1
    session.flush()
    return counts


def corrections(session: Session, event_id: int) -> list[Correction]:
    """Every recorded change of a mark of the event, oldest first."""
    query = (
        select(RoundRow.number, MarkRow.dance, JudgeRow.letter, CoupleRow.number, MarkCorrectionRow)
        .join(MarkRow, MarkRow.id == MarkCorrectionRow.mark_id)
        .join(RoundRow, RoundRow.id == MarkRow.round_id)
        .join(JudgeRow, JudgeRow.id == MarkRow.judge_id)
        .join(CoupleRow, CoupleRow.id == MarkRow.couple_id)
        .where(RoundRow.event_id == event_id)
        .order_by(MarkCorrectionRow.id)
    )
    return [
        Correction(
            rnd, dance, judge, couple, c.old_value, c.new_value, c.corrected_by, c.corrected_at, c.reason
        )
        for rnd, dance, judge, couple, c in session.execute(query)
    ]
