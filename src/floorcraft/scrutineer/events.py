"""Running a DanceSport event: create it, enter marks, compute rounds, recall, finish with the final.

Each function is one use case in one transaction (style.md §7): check, write, record. The Skating engine
(``rules.skating*``, ``rules.recall``) does every calculation; results are always derived from the stored
marks.

* Marks are entered per judge per dance ("cards"). A bad card set is rejected whole with every problem named
  (unknown dance, judge or couple; a final card that is not exactly 1..N, checked by the engine's Rule 4
  check).
* Computing a preliminary round recalls couples into the next round with the round's tie policy
  (skating-system.md §7): ``more`` / ``fewer``, or ``ask``: when the cut falls inside a tie the Chairman
  chooses with ``take="fewer"|"more"``; without a choice nothing is written and ``Conflict`` names both
  options.
* Computing a round locks its marks. A correction of a locked round needs a reason and, once the Chairman has
  set a PIN (``set_chairman_pin``; stored only as an Argon2id hash, skating-system.md §6), that PIN. It keeps
  the old value, who, when and why, and reopens the round (compute it again). It is refused once the next
  round has marks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine

from floorcraft.errors import Conflict, InvalidInput, NotAllowed, Problems
from floorcraft.model.dancesport import Card, Event, Mark, Round, TiePolicy, check_cards, event_from_dict
from floorcraft.rules.recall import RecallResult, recall
from floorcraft.rules.skating import validate_dance
from floorcraft.rules.skating_final import FinalResult, place_final
from floorcraft.store import dancesport_repo as repo
from floorcraft.store.db import transaction

TAKE_CHOICES = ("fewer", "more")
MIN_PIN_LENGTH = 4


@dataclass(frozen=True)
class RoundView:
    """A round of a stored event with its state: who dances it, whether it is computed, the marks entered."""

    round: Round
    status: str
    couples: tuple[str, ...]
    took: str | None
    marks: tuple[Mark, ...]

    def missing_cards(self, event: Event) -> list[tuple[str, str]]:
        """(dance, judge) cards not yet entered."""
        have = {(m.dance, m.judge) for m in self.marks}
        return [(d, j.letter) for d in self.round.dances for j in event.judges if (d, j.letter) not in have]


@dataclass(frozen=True)
class RoundOutcome:
    """The result of a round: a ``RecallResult`` before the final, a ``FinalResult`` for the final."""

    event: Event
    round: Round
    couples: tuple[str, ...]
    result: RecallResult | FinalResult
    data: dict  # the contract-format input the engine was given (final_input / recall_input)
    recalled: tuple[str, ...] | None  # preliminary rounds: the couples going through
    took: str | None  # fewer | more when the cut fell inside a tie


def create_event(engine: Engine, data: object) -> Event:
    """Validate ``data`` (see ``model.dancesport.event_from_dict``) and store the event."""
    event = event_from_dict(data)
    with transaction(engine) as session:
        repo.save_event(session, event)
    return event


def round_input(engine: Engine, ref: str, *, round_no: int | None = None) -> dict:
    """A round's complete marks in the contract format (for export and the contract commands)."""
    event, views = load(engine, ref)
    view = _view(views, round_no)
    _complete(event, view)
    return final_input(event, view) if view.round.is_final else recall_input(event, view)


def load(engine: Engine, ref: str) -> tuple[Event, list[RoundView]]:
    """The event named ``ref`` with the state of each of its rounds."""
    with transaction(engine) as session:
        _, event, views = _load(session, ref)
        return event, views


def _load(session, ref: str) -> tuple[int, Event, list[RoundView]]:
    event_id = repo.find_event(session, ref)
    event = repo.load_event(session, event_id)
    views = []
    for rnd in event.rounds:
        state = repo.round_state(session, event_id, rnd.number)
        marks = tuple(repo.load_marks(session, event_id, rnd.number))
        views.append(RoundView(rnd, state.status, state.couples, state.took, marks))
    return event_id, event, views


def current_round(views: list[RoundView]) -> int:
    """The first open round that has couples, else the final: where marks go next."""
    for view in views:
        if view.status == "open" and view.couples:
            return view.round.number
    return views[-1].round.number


def _view(views: list[RoundView], number: int | None) -> RoundView:
    number = current_round(views) if number is None else number
    for view in views:
        if view.round.number == number:
            return view
    raise InvalidInput(f"round {number}: the event has rounds 1 to {len(views)}")


def set_chairman_pin(engine: Engine, ref: str, pin: str, *, old_pin: str | None = None) -> None:
    """Set the Chairman's PIN that unlocks computed marks (changing it needs the old one)."""
    if len(pin) < MIN_PIN_LENGTH:
        raise InvalidInput(f"the Chairman's PIN must have at least {MIN_PIN_LENGTH} characters")
    with transaction(engine) as session:
        event_id = repo.find_event(session, ref)
        current = repo.chairman_pin_hash(session, event_id)
        if current is not None and not _pin_matches(current, old_pin):
            raise NotAllowed("the Chairman's PIN is already set; changing it needs the current PIN")
        repo.set_chairman_pin_hash(session, event_id, _hasher().hash(pin))


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def _pin_matches(pin_hash: str, pin: str | None) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    if not pin:
        return False
    try:
        return _hasher().verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        return False


def enter_marks(
    engine: Engine,
    ref: str,
    cards: Iterable[Card],
    *,
    round_no: int | None = None,
    by: str,
    reason: str = "",
    pin: str | None = None,
) -> dict[str, int]:
    """Store judges' cards for a round. Every problem of every card is reported at once; nothing is written.

    Re-entering a card of an open round replaces it (each changed mark is recorded). A computed round is
    locked: a change needs ``reason``, is recorded with the old value, and reopens the round.
    """
    cards = list(cards)
    with transaction(engine) as session:
        event_id, event, views = _load(session, ref)
        view = _view(views, round_no)
        rnd = view.round
        if not view.couples:
            raise Conflict(
                f"round {rnd.number}: nobody is recalled into it yet (compute round {rnd.number - 1})"
            )
        problems = Problems()
        good = check_cards(cards, event=event, rnd=rnd, couples=view.couples, problems=problems)
        if rnd.is_final:
            for card in good:
                validate_dance(
                    {c: [card.values[c]] for c in view.couples},
                    dance=card.dance,
                    judges=[card.judge],
                    problems=problems,
                    check_panel=False,
                )
        if not cards:
            problems.add("no cards given")
        problems.raise_if_any()
        marks = [Mark(c.dance, c.judge, couple, value) for c in good for couple, value in c.values.items()]
        old = {(m.dance, m.judge, m.couple): m.value for m in view.marks}
        changes = [
            m
            for m in marks
            if (m.dance, m.judge, m.couple) in old and old[m.dance, m.judge, m.couple] != m.value
        ]
        if view.status == "computed" and changes:
            if not reason.strip():
                raise Conflict(
                    f"round {rnd.number} is computed and its marks are locked; a correction needs a reason"
                )
            pin_hash = repo.chairman_pin_hash(session, event_id)
            if pin_hash is not None and not _pin_matches(pin_hash, pin):
                raise NotAllowed(f"round {rnd.number} is locked: a correction needs the Chairman's PIN")
            nxt = next((v for v in views if v.round.number == rnd.number + 1), None)
            if nxt is not None and nxt.marks:
                raise Conflict(
                    f"round {rnd.number} cannot be corrected: round {nxt.round.number} already has marks"
                )
            repo.set_round_status(session, event_id, rnd.number, "open")
            if nxt is not None:
                repo.set_round_couples(session, event_id, nxt.round.number, ())
        return repo.write_marks(
            session, event_id, rnd.number, marks, by=by, reason=reason or "re-entered card"
        )


def _complete(event: Event, view: RoundView) -> None:
    missing = view.missing_cards(event)
    if missing:
        cards = ", ".join(f"{d}/{j}" for d, j in missing)
        raise InvalidInput(f"round {view.round.number}: marks missing for dance/judge {cards}")


def final_input(event: Event, view: RoundView) -> dict:
    """The contract-format input of a final round (``marks[dance][couple]`` in panel order)."""
    values = {(m.dance, m.judge, m.couple): m.value for m in view.marks}
    judges = [j.letter for j in event.judges]
    marks = {d: {c: [values[d, j, c] for j in judges] for c in view.couples} for d in view.round.dances}
    return {"dances": list(view.round.dances), "judges": judges, "marks": marks}


def recall_input(event: Event, view: RoundView) -> dict:
    """The contract-format input of a preliminary round (``marks[dance][judge]`` = couples crossed)."""
    marks: dict[str, dict[str, list[str]]] = {
        d: {j.letter: [] for j in event.judges} for d in view.round.dances
    }
    for m in view.marks:
        if m.value:
            marks[m.dance][m.judge].append(m.couple)
    return {
        "dances": list(view.round.dances),
        "judges": [j.letter for j in event.judges],
        "recall": view.round.recall,
        "couples": list(view.couples),
        "marks": marks,
    }


def _outcome(event: Event, view: RoundView, take: str | None) -> RoundOutcome:
    _complete(event, view)
    rnd = view.round
    if rnd.is_final:
        data = final_input(event, view)
        result = place_final(data["dances"], data["marks"], judges=data["judges"])
        return RoundOutcome(event, rnd, view.couples, result, data, None, None)
    data = recall_input(event, view)
    policy = take or view.took or rnd.tie_policy.value
    result = recall(
        data["dances"], data["marks"], data["couples"], rnd.recall, judges=data["judges"], policy=policy
    )
    took = None if result.exact else policy
    recalled = tuple(result.recalled) if result.recalled is not None else None
    return RoundOutcome(event, rnd, view.couples, result, data, recalled, took)


def round_result(
    engine: Engine, ref: str, *, round_no: int | None = None, take: str | None = None
) -> RoundOutcome:
    """The result of a round derived from its stored marks (nothing is written)."""
    event, views = load(engine, ref)
    return _outcome(event, _view(views, round_no), take)


def compute_round(
    engine: Engine, ref: str, *, round_no: int | None = None, take: str | None = None
) -> RoundOutcome:
    """Compute a round and lock its marks; a preliminary round recalls its couples into the next round.

    ``take`` ("fewer"/"more") is the Chairman's choice when the cut falls inside a tie; it overrides the
    round's tie policy. With policy ``ask`` and no choice, raises ``Conflict`` naming both options and writes
    nothing.
    """
    if take is not None and take not in TAKE_CHOICES:
        raise InvalidInput(f"--take must be fewer or more, got {take!r}")
    with transaction(engine) as session:
        event_id, event, views = _load(session, ref)
        view = _view(views, round_no)
        if not view.couples:
            raise Conflict(f"round {view.round.number}: nobody is recalled into it yet")
        nxt = next((v for v in views if v.round.number == view.round.number + 1), None)
        if view.status == "computed" and take and nxt is not None and nxt.marks and take != view.took:
            raise Conflict(f"round {nxt.round.number} already has marks; the recall cannot change now")
        outcome = _outcome(event, view, take)
        if not view.round.is_final:
            if outcome.recalled is None:
                res = outcome.result
                raise Conflict(
                    f"round {view.round.number}: the cut at {res.requested} falls inside a tie; the Chairman "
                    f"chooses: --take fewer ({len(res.fewer)} couples) "
                    f"or --take more ({len(res.more)} couples)"
                )
            if nxt is not None and not nxt.marks:
                repo.set_round_couples(session, event_id, nxt.round.number, outcome.recalled)
        repo.set_round_status(session, event_id, view.round.number, "computed", took=outcome.took)
        return outcome


def corrections(engine: Engine, ref: str) -> list[repo.Correction]:
    with transaction(engine) as session:
        return repo.corrections(session, repo.find_event(session, ref))


__all__ = [
    "TAKE_CHOICES",
    "RoundOutcome",
    "RoundView",
    "TiePolicy",
    "compute_round",
    "corrections",
    "create_event",
    "current_round",
    "enter_marks",
    "final_input",
    "load",
    "recall_input",
    "round_input",
    "round_result",
    "set_chairman_pin",
]
