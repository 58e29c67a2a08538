"""Results sheets as data: what every format (terminal, HTML, CSV, PDF) prints for a round.

The builders turn the engine's results (``FinalResult``, ``RecallResult``) into plain tables of strings, so
the four renderers only lay them out and cannot disagree on a number:

* per dance, the classic scrutineer's table (skating-system.md §9.1): each judge's mark, the cumulative
  columns "1", "1–2", … with count(sum) up to the column where the couple was placed, then the place and its
  rule;
* for several dances, the Rule 9 summary (dance places, total, final place, deciding rule), then the Rule 10
  and Rule 11 tables where they were used (§4), and the explanation rows;
* for a recall, each judge's crosses per dance, the totals, the cut, and the printed reason when more (or
  fewer) couples than requested go through because of a tie (§7).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from floorcraft.errors import InvalidInput
from floorcraft.rules.recall import RecallResult, recall
from floorcraft.rules.skating import Cell, column_name
from floorcraft.rules.skating_final import FinalResult, place_final

DASH = "–"


@dataclass(frozen=True)
class SheetMeta:
    """Labels around the numbers: event name, round title, date, judges' and couples' names."""

    event: str = ""
    round_title: str = ""
    date: str = ""
    judges: tuple[tuple[str, str], ...] = ()  # (letter, name) in panel order
    couple_names: Mapping[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return " — ".join(part for part in (self.event, self.round_title) if part) or "Results"


@dataclass(frozen=True)
class Table:
    """One printed table: a caption, header rows and body rows of strings; ``marked`` cells are emphasised."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    marked: frozenset[tuple[int, int]] = frozenset()  # (row, column) of cells that decided a place
    note: str = ""
    cut: int | None = None  # recalls: the number of rows above the cut line


@dataclass(frozen=True)
class Sheet:
    kind: str  # "final" | "recall"
    meta: SheetMeta
    tables: tuple[Table, ...]
    results: Table  # the outcome: final places with rules, or the recalled couples
    explanation: tuple[str, ...]
    judges: tuple[tuple[str, str], ...]  # who signs
    compact: tuple[Table, ...] = ()  # a narrower form of ``tables`` for the terminal and paper (recalls)


def without_column(table: Table, name: str) -> Table:
    """The table without the column headed ``name`` (if any); emphasised cells keep their place."""
    if name not in table.header:
        return table
    k = table.header.index(name)

    def cut(row: tuple[str, ...]) -> tuple[str, ...]:
        return row[:k] + row[k + 1 :]

    marked = frozenset((i, j - (j > k)) for i, j in table.marked if j != k)
    rows = tuple(cut(r) for r in table.rows)
    return Table(table.caption, cut(table.header), rows, marked, table.note, table.cut)


def _tidy(sheet: Sheet) -> Sheet:
    """Drop the Name columns when no couple has a name (e.g. sheets rendered from contract JSON)."""
    if any(sheet.meta.couple_names.values()):
        return sheet
    return Sheet(
        sheet.kind,
        sheet.meta,
        tuple(without_column(t, "Name") for t in sheet.tables),
        without_column(sheet.results, "Name"),
        sheet.explanation,
        sheet.judges,
        tuple(without_column(t, "Name") for t in sheet.compact),
    )


def fmt_number(value: Fraction | int) -> str:
    """1 -> "1", 7/2 -> "3.5" (places and totals as printed)."""
    value = Fraction(value)
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"


def cell_text(cell: Cell) -> str:
    """count(sum) as on the scrutineer's sheet, "–" for no marks."""
    return f"{cell.count}({cell.total})" if cell.count else DASH


def _couple(meta: SheetMeta, couple: str) -> str:
    return meta.couple_names.get(couple, "")


def dance_table(result: FinalResult, dance: str, meta: SheetMeta) -> Table:
    """The scrutineer's table of one dance: marks, count(sum) up to the deciding column, place and rule."""
    res = result.dance_results[dance]
    n = len(res.couples)
    header = ("Couple", "Name", *result.judges, *(column_name(c) for c in range(1, n + 1)), "Place", "Rule")
    rows, marked = [], set()
    first_col = 2 + len(result.judges)
    for i, couple in enumerate(sorted(res.couples, key=_number_key)):
        upto = res.decided_at[couple]
        cells = [cell_text(cell) if col <= upto else "" for col, cell in enumerate(res.cells[couple], 1)]
        rows.append(
            (
                couple,
                _couple(meta, couple),
                *map(str, res.marks[couple]),
                *cells,
                fmt_number(res.places[couple]),
                str(res.rule[couple]),
            )
        )
        marked.add((i, first_col + upto - 1))
    return Table(f"Dance {dance}", header, tuple(rows), frozenset(marked), note=f"majority {res.majority}")


def summary_table(result: FinalResult, meta: SheetMeta) -> Table:
    """Rule 9: the dance places, their total, the final place and the rule that decided it."""
    header = ("Couple", "Name", *result.dances, "Total", "Place", "Rule")
    rows = tuple(
        (
            c,
            _couple(meta, c),
            *(fmt_number(result.dance_results[d].places[c]) for d in result.dances),
            fmt_number(result.totals[c]),
            fmt_number(result.places[c]),
            str(result.rule[c]),
        )
        for c in result.ranking()
    )
    return Table("Rule 9: totals of dance places", header, rows)


def rule10_tables(result: FinalResult) -> list[Table]:
    tables = []
    for step in result.rule10:
        p = fmt_number(step.place)
        rows = tuple(
            (c, str(step.counts[c]), fmt_number(step.sums[c]), "yes" if c in step.winners else "")
            for c in step.couples
        )
        winners = ", ".join(step.winners)
        note = f"{winners} takes {p}" if len(step.winners) == 1 else f"{winners} still equal: Rule 11"
        tables.append(
            Table(
                f"Rule 10 for place {p}",
                ("Couple", f"Dances 1–{p}", "Sum of those places", "Wins"),
                rows,
                note=note,
            )
        )
    return tables


def rule11_tables(result: FinalResult) -> list[Table]:
    tables = []
    for step in result.rule11:
        n = len(next(iter(step.cells.values())))
        cols = range(step.place, n + 1)
        header = ("Couple", *(column_name(c) for c in cols), "Wins")
        rows, marked = [], set()
        for i, c in enumerate(step.couples):
            rows.append(
                (
                    c,
                    *(cell_text(step.cells[c][col - 1]) if col <= step.decided_at else "" for col in cols),
                    "R11" if c in step.winners else "",
                )
            )
            if c in step.winners:
                marked.add((i, 1 + step.decided_at - step.place))
        note = (
            f"all marks pooled over judges × dances; majority {step.majority}; "
            f"{', '.join(step.winners)} takes place {step.place}"
        )
        tables.append(
            Table(f"Rule 11 for place {step.place}", header, tuple(rows), frozenset(marked), note=note)
        )
    return tables


def final_sheet(result: FinalResult, meta: SheetMeta) -> Sheet:
    """The sheet of a final: every dance's table, and for several dances the Rule 9/10/11 tables."""
    tables = [dance_table(result, d, meta) for d in result.dances]
    if len(result.dances) > 1:
        tables.append(summary_table(result, meta))
        tables.extend(rule10_tables(result))
        tables.extend(rule11_tables(result))
    results = Table(
        "Final result",
        ("Place", "Couple", "Name", "Decided by"),
        tuple(
            (fmt_number(result.places[c]), c, _couple(meta, c), str(result.rule[c])) for c in result.ranking()
        ),
    )
    return _tidy(
        Sheet("final", meta, tuple(tables), results, result.explanation, _signers(meta, result.judges))
    )


def recall_sheet(data: Mapping, result: RecallResult, meta: SheetMeta) -> Sheet:
    """The sheet of a preliminary round: crosses per judge per dance, totals, the cut and its reason."""
    judges = [str(j) for j in (data.get("judges") or _judges_in(data))]
    dances = list(data["dances"])
    header = ["Couple", "Name"]
    for d in dances:
        header.extend(f"{d} {j}" for j in judges)
        header.append(f"{d} marks")
    header.extend(["Total", "Recalled"])
    recalled = set(result.recalled or ())
    rows = []
    for c in result.ranking:
        row = [c, _couple(meta, c)]
        for d in dances:
            table = data["marks"][d]
            crosses = ["X" if c in table.get(j, ()) else "" for j in judges]
            row.extend(crosses)
            row.append(str(crosses.count("X")))
        row.extend([str(result.totals[c]), "yes" if c in recalled else ""])
        rows.append(tuple(row))
    cut = len(result.recalled) if result.recalled is not None else None
    tied = {i for i, c in enumerate(result.ranking) if c in result.more and c not in result.fewer}
    results = Table(
        "Recalled",
        ("Couple", "Name", "Total"),
        tuple((c, _couple(meta, c), str(result.totals[c])) for c in result.ranking if c in recalled),
        note=cut_reason(result),
    )
    lines = list(result.explanation) + [f"warning: {w}" for w in result.warnings]
    caption = f"Marks per judge, {result.requested} couples requested"
    note = cut_reason(result) or f"{cut} couples recalled"
    table = Table(caption, tuple(header), tuple(rows), _marks_at(tied, header), note, cut)
    sep = "" if all(len(j) == 1 for j in judges) else " "
    compact = Table(
        caption,
        ("Couple", "Name", *dances, "Total", "Recalled"),
        tuple(
            (
                c,
                _couple(meta, c),
                *(sep.join(j for j in judges if c in data["marks"][d].get(j, ())) or DASH for d in dances),
                str(result.totals[c]),
                "yes" if c in recalled else "",
            )
            for c in result.ranking
        ),
        marked=_marks_at(tied, ("Couple", "Name", *dances, "Total")),
        note=f"{note}. Each dance lists the judges who marked the couple.".replace("..", "."),
        cut=cut,
    )
    return _tidy(Sheet("recall", meta, (table,), results, tuple(lines), _signers(meta, judges), (compact,)))


def _marks_at(rows: set[int], header: Sequence[str]) -> frozenset[tuple[int, int]]:
    """The Total cells of the couples tied at the cut (emphasised on the sheet)."""
    column = list(header).index("Total")
    return frozenset((i, column) for i in rows)


def cut_reason(result: RecallResult) -> str:
    """The printed reason when the cut falls inside a tie (skating-system.md §7; DanceScore's warning)."""
    if result.exact:
        return ""
    m = result.totals[result.more[-1]]
    tied = [c for c in result.ranking if result.totals[c] == m]
    base = (
        f"{result.requested} couples were requested, but couples {', '.join(tied)} are tied on {m} marks "
        f"at the cut: fewer = {len(result.fewer)} couples, more = {len(result.more)} couples."
    )
    if result.recalled is None:
        return base + " The Chairman of Adjudicators decides."
    side = "more" if len(result.recalled) == len(result.more) else "fewer"
    return base + f" {len(result.recalled)} recalled: the '{side}' option."


def _judges_in(data: Mapping) -> list[str]:
    seen: list[str] = []
    for table in data["marks"].values():
        seen.extend(j for j in table if j not in seen)
    return seen


def _signers(meta: SheetMeta, letters: Sequence[str]) -> tuple[tuple[str, str], ...]:
    names = dict(meta.judges)
    return tuple((str(j), names.get(str(j), "")) for j in letters)


def _number_key(couple: str) -> tuple[int, int, str]:
    from floorcraft.rules.recall import couple_sort_key

    return couple_sort_key(couple)


def load_contract_json(text: str, *, source: str = "input") -> dict:
    """A contract-format final or recall input (issue #3) parsed from JSON text."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{source}: not valid JSON ({exc})") from None
    if not isinstance(data, dict) or "marks" not in data:
        raise InvalidInput(f'{source}: expected a skating final or recall input with "marks"')
    return data


def sheet_from_contract(data: Mapping, *, policy: str | None = None, meta: SheetMeta | None = None) -> Sheet:
    """Run the engine on a contract-format input (a recall when it has ``recall``) and build its sheet."""
    meta = meta or SheetMeta(event=str(data.get("title", "")))
    if "recall" in data:
        result = recall(
            data.get("dances"),
            data.get("marks"),
            data.get("couples"),
            data.get("recall"),
            judges=data.get("judges"),
            policy=policy or data.get("policy", "more"),
        )
        return recall_sheet(data, result, meta)
    if policy is not None:
        raise InvalidInput("--take applies to recall rounds only")
    result = place_final(data.get("dances"), data.get("marks"), data.get("judges"))
    return final_sheet(result, meta)


def sheet_for_outcome(outcome) -> Sheet:
    """The sheet of a stored round (a ``scrutineer.events.RoundOutcome``)."""
    event = outcome.event
    meta = SheetMeta(
        event=event.name,
        round_title=outcome.round.title,
        date=event.date.isoformat() if event.date else "",
        judges=tuple((j.letter, j.name) for j in event.judges),
        couple_names={c.number: c.name for c in event.couples},
    )
    if isinstance(outcome.result, FinalResult):
        return final_sheet(outcome.result, meta)
    return recall_sheet(outcome.data, outcome.result, meta)
