"""The Skating System for one dance: Rules 5–8 (skating-system.md §3).

Pure and exact: standard library only, places are ``Fraction`` (a shared 3rd–4th is ``Fraction(7, 2)``).

The algorithm is the one in skating-system.md §3, including the traps of §5:

* column continuation (§5.1): after places are given in column c, the next place is examined from
  column c + 1;
* Rule 7(b) looks at the next columns for the tied subgroup only (§5.2);
* couples still equal after the last column share the mean of the places they occupy, and those places are
  used up (§5.9).

``place_dance`` validates its input (Rule 4: reject, never repair) and returns a ``DanceResult`` that carries
the majority/sum table (``cells``), the column and rule that decided each place, and an explanation row per
place.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from floorcraft.errors import Problems


class Rule(StrEnum):
    """The rule that decided a place (dance places: R5–R8 or SHARED; final places: R9–R11 or SHARED).

    R5: the only new majority-holder in its column, found without skipping a column.
    R6: several majority-holders in the column, separated by the size of their majority.
    R7A: equal majority, separated by the lower sum of the marks forming it.
    R7B: equal count and sum, separated in a later column looked at for the tied couples only.
    R8: the only new majority-holder in its column, found after columns without a majority were skipped.
    R9: the lowest (or a unique) total of dance places.
    R10: a tie on totals settled by dances placed p-or-better, then their sum.
    R11: a tie still standing after Rule 10, settled on all marks pooled over judges × dances.
    SHARED: the rules could not separate the couples; each gets the mean of the places they occupy.
    """

    R5 = "R5"
    R6 = "R6"
    R7A = "R7a"
    R7B = "R7b"
    R8 = "R8"
    R9 = "R9"
    R10 = "R10"
    R11 = "R11"
    SHARED = "shared"


@dataclass(frozen=True)
class Cell:
    """One cell of the scrutineer's table: ``count`` marks at "column or better"; ``total`` is their sum."""

    count: int
    total: int

    def __str__(self) -> str:
        return f"{self.count}({self.total})" if self.count else "–"


@dataclass(frozen=True)
class DanceResult:
    """The places of one dance with everything needed to print and explain them."""

    dance: str
    couples: tuple[str, ...]  # input order
    marks: dict[str, tuple[int, ...]]  # couple -> marks in judge order
    cells: dict[str, tuple[Cell, ...]]  # couple -> Cell for columns 1..N
    places: dict[str, Fraction]
    decided_at: dict[str, int]  # couple -> the column in which its place was decided
    rule: dict[str, Rule]  # the rule that decided it
    explanation: tuple[str, ...]  # e.g. "Couple 12 is 2nd: majority (3 of 5) in column 1–2, sum 5 (R7a)"

    @property
    def majority(self) -> int:
        """M = ⌊J/2⌋ + 1 (skating-system.md §1)."""
        return majority_of(len(next(iter(self.marks.values()))))

    def ranking(self) -> list[str]:
        """Couples from first to last place (input order within a shared place)."""
        return sorted(self.couples, key=lambda c: self.places[c])


def majority_of(marks: int) -> int:
    """The absolute majority of ``marks`` marks: ⌊marks/2⌋ + 1 (skating-system.md §1, §4 for Rule 11)."""
    return marks // 2 + 1


def cumulative_cells(marks: Sequence[int], columns: int) -> tuple[Cell, ...]:
    """count(c) and sum(c) for c = 1..columns: the marks at "c-th place or better" (skating-system.md §1)."""
    per_place = [0] * (columns + 1)
    for mark in marks:
        per_place[mark] += 1
    cells, count, total = [], 0, 0
    for place in range(1, columns + 1):
        count += per_place[place]
        total += per_place[place] * place
        cells.append(Cell(count, total))
    return tuple(cells)


def ordinal(place: Fraction | int) -> str:
    """1 -> "1st", 3.5 -> "3.5th" (used in explanation rows)."""
    if isinstance(place, Fraction) and place.denominator != 1:
        return f"{float(place):g}th"
    n = int(place)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def place_text(first: int, size: int = 1) -> str:
    """ "3rd", or for a shared place "tied 3rd–5th (4 each)" (explanation rows)."""
    if size == 1:
        return ordinal(first)
    return (
        f"tied {ordinal(first)}–{ordinal(first + size - 1)} ({number_text(shared_place(first, size))} each)"
    )


def number_text(value: Fraction | int) -> str:
    """3 -> "3", 7/2 -> "3.5" (places and totals in explanation rows)."""
    value = Fraction(value)
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"


def column_name(column: int) -> str:
    """The heading of a scrutineer's column: "1", "1–2", "1–3", ..."""
    return "1" if column == 1 else f"1–{column}"


def shared_place(first: int, size: int) -> Fraction:
    """The mean of places first .. first+size-1 (Rule 7 and skating-system.md §5.9)."""
    return Fraction(2 * first + size - 1, 2)


def order_tied(couples: Sequence[str], cells: Mapping[str, Sequence[Cell]], column: int) -> list[list[str]]:
    """Order couples from ``column`` on by (count desc, sum asc); later columns for still-equal couples only.

    Rules 6, 7(a) and 7(b) (skating-system.md §3, trap §5.2): the couples equal on count and sum in ``column``
    are compared in ``column + 1``, ``column + 2``, ... using only their own marks; couples still equal after
    the last column come back together in one inner list (a shared place). Returns the ordered groups.
    """
    last = len(next(iter(cells.values())))
    pending: list[tuple[list[str], int]] = [(list(couples), column)]
    ordered: list[list[str]] = []
    while pending:
        group, col = pending.pop()
        if len(group) == 1 or col > last:
            ordered.append(group)
            continue
        keyed: dict[tuple[int, int], list[str]] = {}
        for couple in group:
            cell = cells[couple][col - 1]
            keyed.setdefault((-cell.count, cell.total), []).append(couple)
        for key in sorted(keyed, reverse=True):  # pushed worst first, so the best is popped first
            pending.append((keyed[key], col + 1))
    return ordered


def separation_column(a: Sequence[Cell], b: Sequence[Cell], column: int) -> int | None:
    """The first column from ``column`` on where two couples differ in count or sum (None: never)."""
    for col in range(column, len(a) + 1):
        if a[col - 1] != b[col - 1]:
            return col
    return None


def _holder_rule(couple: str, holders: Sequence[str], cells, column: int, skipped: bool) -> tuple[Rule, int]:
    """Which rule separated ``couple`` from every other majority-holder of ``column``, and in which column."""
    if len(holders) == 1:
        return (Rule.R8 if skipped else Rule.R5), column
    mine = cells[couple][column - 1]
    others = [cells[c][column - 1] for c in holders if c != couple]
    if all(o.count != mine.count for o in others):
        return Rule.R6, column
    if all(o != mine for o in others):
        return Rule.R7A, column
    tied = [c for c in holders if c != couple and cells[c][column - 1] == mine]
    cols = [separation_column(cells[couple], cells[c], column + 1) for c in tied]
    if any(col is None for col in cols):
        return Rule.SHARED, len(cells[couple])
    return Rule.R7B, max(cols)


def _explain(
    couple: str, place: str, rule: Rule, column: int, at: int, row: Sequence[Cell], judges: int
) -> str:
    how = {
        Rule.R5: "the only majority",
        Rule.R8: "the only majority, after columns without one",
        Rule.R6: "the larger majority",
        Rule.R7A: "equal majority, lower sum",
        Rule.R7B: "equal majority and sum",
        Rule.SHARED: "equal majority and sum",
    }[rule]
    cell = row[column - 1]
    where = f"{cell.count} of {judges} in column {column_name(column)}, sum {cell.total}"
    text = f"Couple {couple} is {place}: {how}; {where}"
    if rule is Rule.R7B:
        text += f"; separated in column {column_name(at)} ({row[at - 1]}), tied couples only"
    elif rule is Rule.SHARED:
        text += "; still equal after the last column: places shared"
    return f"{text} ({rule})"


def validate_dance(
    marks: Mapping[str, Sequence[int]],
    *,
    dance: str = "",
    judges: Sequence[str] | None = None,
    problems: Problems | None = None,
    check_panel: bool = True,
) -> int | None:
    """Rule 4 and skating-system.md §6 for one dance: odd panel, every judge's marks exactly 1..N.

    ``judges`` (optional labels) name the judges in messages, otherwise "judge #k". Adds every problem to
    ``problems`` (or raises ``InvalidInput`` listing them all when none is passed). Returns the panel size
    when every couple has a mark list of the same length, else None.
    """
    own = problems is None
    problems = Problems() if own else problems
    where = f"dance {dance}" if dance else "dance"
    couples = list(marks)
    if not couples:
        problems.add(f"{where}: no couples")
    lengths = {}
    for couple in couples:
        row = marks[couple]
        if not isinstance(row, (list, tuple)):
            problems.add(f"{where}, couple {couple}: marks must be a list, got {type(row).__name__}")
            continue
        lengths.setdefault(len(row), []).append(couple)
    if len(lengths) > 1:
        detail = "; ".join(f"{n} for couple(s) {', '.join(cs)}" for n, cs in sorted(lengths.items()))
        problems.add(f"{where}: couples have different numbers of marks ({detail})")
    panel = None
    if len(lengths) == 1 and sum(map(len, lengths.values())) == len(couples):
        (panel,) = lengths
        if check_panel:
            check_panel_size(where, panel, problems)
        for judge in range(panel):
            column = [marks[c][judge] for c in couples]
            check_judge_marks(f"{where}, {judge_name(judges, judge)}", couples, column, problems)
    if own:
        problems.raise_if_any()
    return panel


def judge_name(judges: Sequence[str] | None, index: int) -> str:
    """ "judge C" from the labels when given and long enough, else "judge #3" (1-based position)."""
    if judges is not None and index < len(judges):
        return f"judge {judges[index]}"
    return f"judge #{index + 1}"


def check_panel_size(where: str, panel: int, problems: Problems) -> None:
    """A Skating panel is an odd number of judges, at least one (skating-system.md §1, §6)."""
    if panel == 0:
        problems.add(f"{where}: no judges (the mark lists are empty)")
    elif panel % 2 == 0:
        problems.add(f"{where}: even panel of {panel} judges (the Skating System needs an odd panel)")


def show(value: object) -> str:
    """A value as the JSON it came from (``true``, ``1.5``, ``"3"``), for messages."""
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)


def and_list(items: Sequence[str]) -> str:
    """["1", "2", "3"] -> "1, 2 and 3"."""
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def check_judge_marks(where: str, couples: Sequence[str], column: Sequence, problems: Problems) -> None:
    """One judge's marks in one dance must be exactly 1..N, integers (not booleans), no ties (Rule 4)."""
    n = len(couples)
    whole = [isinstance(m, int) and not isinstance(m, bool) for m in column]
    if all(whole) and sorted(column) == list(range(1, n + 1)):
        return
    defects = [
        f"couple {c} has {show(m)}, not a whole number"
        for c, m, ok in zip(couples, column, whole, strict=True)
        if not ok
    ]
    seen: dict[int, list[str]] = {}
    for c, m, ok in zip(couples, column, whole, strict=True):
        if ok:
            seen.setdefault(m, []).append(c)
    for m in sorted(seen):
        holders = seen[m]
        if not 1 <= m <= n:
            defects.append(f"{m} out of range (couple{'s' if len(holders) > 1 else ''} {and_list(holders)})")
        elif len(holders) > 1:
            times = "twice" if len(holders) == 2 else f"{len(holders)} times"
            defects.append(f"{m} given {times} (couples {and_list(holders)})")
    missing = [str(p) for p in range(1, n + 1) if p not in seen]
    if missing:
        defects.append(f"{and_list(missing)} missing")
    marks = "[" + ", ".join(show(m) for m in column) + "]"
    problems.add(f"{where}: marks {marks} are not exactly 1..{n} ({', '.join(defects)})")


def place_dance(
    marks: Mapping[str, Sequence[int]], *, dance: str = "", judges: Sequence[str] | None = None
) -> DanceResult:
    """Places for one dance by Rules 5–8 (skating-system.md §3, traps §5.1, §5.2, §5.9).

    ``marks`` maps each couple to its marks in judge order; ``judges`` (optional labels) only name the judges
    in messages. Raises ``InvalidInput`` (every problem listed) for
    an even or empty panel or a judge whose marks are not exactly 1..N.
    """
    validate_dance(marks, dance=dance, judges=judges)
    return place_valid_dance(marks, dance=dance)


def place_valid_dance(marks: Mapping[str, Sequence[int]], *, dance: str = "") -> DanceResult:
    """``place_dance`` without validation, for callers that validated the whole event already."""
    couples = tuple(marks)
    n = len(couples)
    judges = len(marks[couples[0]])
    majority = majority_of(judges)
    cells = {c: cumulative_cells(marks[c], n) for c in couples}
    places: dict[str, Fraction] = {}
    decided_at: dict[str, int] = {}
    rules: dict[str, Rule] = {}
    explanation: list[str] = []
    unplaced = list(couples)
    next_place, column, skipped = 1, 1, False
    while unplaced:
        holders = [c for c in unplaced if cells[c][column - 1].count >= majority]
        if not holders:  # Rule 8
            column, skipped = column + 1, True
            continue
        for group in order_tied(holders, cells, column):  # Rules 6, 7(a), 7(b)
            place = shared_place(next_place, len(group))
            for couple in group:
                rule, at = _holder_rule(couple, holders, cells, column, skipped)
                places[couple], decided_at[couple], rules[couple] = place, at, rule
                text = place_text(next_place, len(group))
                explanation.append(_explain(couple, text, rule, column, at, cells[couple], judges))
                unplaced.remove(couple)
            next_place += len(group)
        column, skipped = column + 1, False  # trap §5.1: continue from the NEXT column
    return DanceResult(
        dance=dance,
        couples=couples,
        marks={c: tuple(marks[c]) for c in couples},
        cells=cells,
        places=places,
        decided_at=decided_at,
        rule=rules,
        explanation=tuple(explanation),
    )
