"""DanceSport events as plain values: the panel, the couples, the rounds and the judges' marks.

Pure domain types (standard library only). An :class:`Event` is built from plain data with
:func:`event_from_dict` (the TOML file of ``floorcraft event create``), which reports *every* problem at
once and repairs nothing (style.md §5). Marks are kept exactly as a judge gave them, one :class:`Mark` per
judge per dance per couple (skating-system.md §6, WDSF certification: "marks entered per judge per dance"):

* in a preliminary round (heat, semi-final) the value is ``1`` for a cross ("X", the couple is called back
  by that judge) and ``0`` for no cross (Rule 1, skating-system.md §2);
* in the final the value is the judge's placing ``1..N`` (Rules 2–4).

Card checks here are the *entry* checks of one judge's card in one dance (known judge, dance and couple, one
mark per couple). Whether a final card is a ranking ``1..N`` is checked by the Skating engine
(:func:`floorcraft.rules.skating_final.validate_final`) in the service.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from floorcraft.errors import Problems
from floorcraft.rules.recall import RecallPolicy, couple_sort_key


class RoundKind(StrEnum):
    HEAT = "heat"
    SEMI = "semi"
    FINAL = "final"


# The recall tie policy is the engine's (skating-system.md §7): ``more`` takes the whole tie (the common
# preset and the default), ``fewer`` only the couples strictly above it, ``ask`` leaves it to the Chairman.
TiePolicy = RecallPolicy
DEFAULT_TIE_POLICY = TiePolicy.MORE
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


@dataclass(frozen=True)
class Judge:
    letter: str
    name: str = ""

    @property
    def label(self) -> str:
        return f"{self.letter} {self.name}".strip()


@dataclass(frozen=True)
class Couple:
    number: str
    name: str = ""

    @property
    def label(self) -> str:
        return f"{self.number} {self.name}".strip()


@dataclass(frozen=True)
class Round:
    """A round; ``recall`` is the number of couples asked for in the next round (not in a final)."""

    number: int
    kind: RoundKind
    dances: tuple[str, ...]
    recall: int | None = None
    tie_policy: TiePolicy = DEFAULT_TIE_POLICY

    @property
    def is_final(self) -> bool:
        return self.kind is RoundKind.FINAL

    @property
    def title(self) -> str:
        names = {RoundKind.HEAT: "Round", RoundKind.SEMI: "Semi-final", RoundKind.FINAL: "Final"}
        return names[self.kind] if self.kind is not RoundKind.HEAT else f"Round {self.number}"


@dataclass(frozen=True)
class Event:
    name: str
    date: dt.date | None
    dances: tuple[str, ...]
    judges: tuple[Judge, ...]
    couples: tuple[Couple, ...]
    rounds: tuple[Round, ...]

    def judge(self, letter: str) -> Judge:
        return next(j for j in self.judges if j.letter == letter)

    def couple(self, number: str) -> Couple:
        return next(c for c in self.couples if c.number == number)

    def round(self, number: int) -> Round:
        return next(r for r in self.rounds if r.number == number)

    @property
    def final(self) -> Round:
        return self.rounds[-1]


@dataclass(frozen=True)
class Mark:
    """One judge's mark for one couple in one dance (a placing in a final, 1/0 for X/no X before it)."""

    dance: str
    judge: str
    couple: str
    value: int


@dataclass(frozen=True)
class Card:
    """The marks one judge gave in one dance of a round, as entered (before any check)."""

    dance: str
    judge: str
    values: dict[str, int] = field(default_factory=dict)


def _text(problems: Problems, where: str, value: object, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        problems.add(f"{where}: must be a non-empty string")
        return ""
    return value.strip()


def _code(problems: Problems, where: str, value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    text = _text(problems, where, value)
    if text and not _CODE.match(text):
        problems.add(f"{where}: {text!r} may hold only letters, digits, '_', '.' and '-'")
    return text


def _unique(problems: Problems, where: str, values: Iterable[str]) -> None:
    seen: set[str] = set()
    for value in values:
        if value and value in seen:
            problems.add(f"{where}: {value!r} appears more than once")
        seen.add(value)


def _judges(problems: Problems, raw: object) -> tuple[Judge, ...]:
    if not isinstance(raw, list) or not raw:
        problems.add("judges: must be a non-empty list of {letter, name}")
        return ()
    judges = []
    for i, item in enumerate(raw, 1):
        if not isinstance(item, Mapping):
            problems.add(f"judges[{i}]: must be a table with 'letter' and 'name'")
            continue
        letter = _code(problems, f"judges[{i}].letter", item.get("letter"))
        judges.append(Judge(letter, _text(problems, f"judges[{i}].name", item.get("name"), required=False)))
    _unique(problems, "judges", (j.letter for j in judges))
    if len(judges) % 2 == 0:
        problems.add(f"judges: the panel must have an odd number of judges, got {len(judges)}")
    return tuple(judges)


def _couples(problems: Problems, raw: object) -> tuple[Couple, ...]:
    if not isinstance(raw, list) or not raw:
        problems.add("couples: must be a non-empty list of {number, name}")
        return ()
    couples = []
    for i, item in enumerate(raw, 1):
        if not isinstance(item, Mapping):
            problems.add(f"couples[{i}]: must be a table with 'number' and 'name'")
            continue
        number = _code(problems, f"couples[{i}].number", item.get("number"))
        couples.append(
            Couple(number, _text(problems, f"couples[{i}].name", item.get("name"), required=False))
        )
    _unique(problems, "couples", (c.number for c in couples))
    return tuple(couples)


def _round(problems: Problems, i: int, item: object, dances: tuple[str, ...], last: bool) -> Round | None:
    where = f"rounds[{i}]"
    if not isinstance(item, Mapping):
        problems.add(f"{where}: must be a table with 'kind'")
        return None
    unknown = sorted(set(item) - {"kind", "dances", "recall", "tie_policy"})
    if unknown:
        problems.add(f"{where}: unknown keys {', '.join(unknown)}")
    try:
        kind = RoundKind(item.get("kind"))
    except ValueError:
        problems.add(f"{where}.kind: must be one of heat, semi, final, got {item.get('kind')!r}")
        return None
    if last != (kind is RoundKind.FINAL):
        problems.add(f"{where}: the last round, and only the last, must be the final")
    round_dances = dances
    if "dances" in item:
        raw = item["dances"]
        if not isinstance(raw, list) or not raw or not all(isinstance(d, str) for d in raw):
            problems.add(f"{where}.dances: must be a non-empty list of dance codes")
        else:
            round_dances = tuple(raw)
            for d in round_dances:
                if d not in dances:
                    problems.add(f"{where}.dances: {d!r} is not one of the event's dances")
            _unique(problems, f"{where}.dances", round_dances)
    recall = item.get("recall")
    if kind is RoundKind.FINAL:
        if recall is not None:
            problems.add(f"{where}.recall: a final recalls nobody")
    elif not isinstance(recall, int) or isinstance(recall, bool) or recall < 1:
        problems.add(f"{where}.recall: must be a whole number of couples (1 or more), got {recall!r}")
        recall = None
    try:
        policy = TiePolicy(item.get("tie_policy", DEFAULT_TIE_POLICY))
    except ValueError:
        problems.add(f"{where}.tie_policy: must be one of more, fewer, ask, got {item.get('tie_policy')!r}")
        policy = DEFAULT_TIE_POLICY
    return Round(i, kind, round_dances, recall, policy)


def event_from_dict(data: object) -> Event:
    """Build an :class:`Event` from plain data (a parsed TOML/JSON file); report every problem.

    Keys: ``name``, ``date`` (ISO, optional), ``dances`` (codes in dancing order), ``judges`` (``letter``,
    ``name``; an odd panel), ``couples`` (``number``, ``name``), ``rounds`` (``kind`` heat/semi/final,
    optional ``dances``, ``recall`` for every round but the final, ``tie_policy`` more/fewer/ask;
    default: one final).
    """
    problems = Problems()
    if not isinstance(data, Mapping):
        problems.add("event: must be a table with name, dances, judges, couples")
        problems.raise_if_any()
    unknown = sorted(set(data) - {"name", "date", "dances", "judges", "couples", "rounds"})
    if unknown:
        problems.add(f"event: unknown keys {', '.join(unknown)}")
    name = _text(problems, "name", data.get("name"))
    date = None
    raw_date = data.get("date")
    if isinstance(raw_date, dt.date):
        date = raw_date
    elif raw_date is not None:
        try:
            date = dt.date.fromisoformat(str(raw_date))
        except ValueError:
            problems.add(f"date: {raw_date!r} is not an ISO date (YYYY-MM-DD)")
    raw_dances = data.get("dances")
    if not isinstance(raw_dances, list) or not raw_dances:
        problems.add("dances: must be a non-empty list of dance codes")
        dances: tuple[str, ...] = ()
    else:
        dances = tuple(_code(problems, f"dances[{i}]", d) for i, d in enumerate(raw_dances, 1))
        _unique(problems, "dances", dances)
    judges = _judges(problems, data.get("judges"))
    couples = _couples(problems, data.get("couples"))
    raw_rounds = data.get("rounds", [{"kind": "final"}])
    rounds: list[Round] = []
    if not isinstance(raw_rounds, list) or not raw_rounds:
        problems.add("rounds: must be a non-empty list ending with the final")
    else:
        for i, item in enumerate(raw_rounds, 1):
            rnd = _round(problems, i, item, dances, i == len(raw_rounds))
            if rnd is not None:
                rounds.append(rnd)
        first = rounds[0] if rounds else None
        if first is not None and first.recall is not None and couples and first.recall >= len(couples):
            problems.add(
                f"rounds[1].recall: asks for {first.recall} of {len(couples)} couples; "
                "a preliminary round must recall fewer couples than dance in it"
            )
    problems.raise_if_any()
    return Event(name, date, dances, judges, couples, tuple(rounds))


def event_to_dict(event: Event) -> dict:
    """The plain-data form of an event (inverse of :func:`event_from_dict`)."""
    out: dict = {"name": event.name}
    if event.date is not None:
        out["date"] = event.date.isoformat()
    out["dances"] = list(event.dances)
    out["judges"] = [{"letter": j.letter, "name": j.name} for j in event.judges]
    out["couples"] = [{"number": c.number, "name": c.name} for c in event.couples]
    rounds = []
    for r in event.rounds:
        item: dict = {"kind": r.kind.value, "dances": list(r.dances)}
        if not r.is_final:
            item["recall"] = r.recall
            item["tie_policy"] = r.tie_policy.value
        rounds.append(item)
    out["rounds"] = rounds
    return out


def check_cards(
    cards: Iterable[Card], *, event: Event, rnd: Round, couples: Iterable[str], problems: Problems
) -> list[Card]:
    """Entry checks for cards of one round: known dance, judge and couples; one card per judge and dance.

    In a preliminary round a value must be 0 or 1 (no X / X) and a couple left off the card counts as 0 (the
    judge did not mark it). In the final every couple of the round must have a mark on the card; the engine
    checks that the marks are a ranking ``1..N``. Problems go to ``problems``; the usable cards are returned.
    """
    couples = list(couples)
    known = set(couples)
    letters = {j.letter for j in event.judges}
    seen: set[tuple[str, str]] = set()
    good = []
    for card in cards:
        where = f"dance {card.dance}, judge {card.judge}"
        ok = True
        if card.dance not in rnd.dances:
            problems.add(f"{where}: dance {card.dance!r} is not danced in {rnd.title.lower()}")
            ok = False
        if card.judge not in letters:
            problems.add(f"{where}: judge {card.judge!r} is not on the panel")
            ok = False
        if (card.dance, card.judge) in seen:
            problems.add(f"{where}: the card is given more than once")
            ok = False
        seen.add((card.dance, card.judge))
        for couple, value in card.values.items():
            if couple not in known:
                problems.add(f"{where}, couple {couple}: couple {couple!r} does not dance in this round")
                ok = False
            elif not rnd.is_final and value not in (0, 1):
                problems.add(f"{where}, couple {couple}: a recall mark is X or nothing, got {value!r}")
                ok = False
        if rnd.is_final:
            for couple in couples:
                if couple not in card.values:
                    problems.add(f"{where}, couple {couple}: no mark (a final card places every couple)")
                    ok = False
        if ok:
            values = card.values if rnd.is_final else {c: card.values.get(c, 0) for c in couples}
            good.append(Card(card.dance, card.judge, dict(values)))
    return good


__all__ = [
    "DEFAULT_TIE_POLICY",
    "Card",
    "Couple",
    "Event",
    "Judge",
    "Mark",
    "Round",
    "RoundKind",
    "TiePolicy",
    "check_cards",
    "couple_sort_key",
    "event_from_dict",
    "event_to_dict",
]
