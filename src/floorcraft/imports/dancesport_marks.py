"""Judges' marks of a DanceSport round as CSV and JSON files, read and written (docs/results-sheets.md).

CSV, one row per couple per dance, one column per judge (a subset of the panel enters only those judges'
cards)::

    dance,couple,A,B,C,D,E
    W,11,1,1,2,1,1          final: the judge's placing 1..N
    W,12,X,,X,X,            preliminary round: X = the judge marked the couple, empty = not marked

JSON, the machine-contract shapes of ``floorcraft skating final`` / ``recall`` (so an exported round can be
fed to the contract commands and to ``floorcraft event sheet --from-json``)::

    final:        {"judges": ["A", ...], "marks": {dance: {couple: [placing by judge, in judges order]}}}
    preliminary:  {"marks": {dance: {judge: [couples marked]}}}

Other keys (``dances``, ``couples``, ``recall``) are allowed and ignored on import. Parsing reports every
problem with its file and line (CSV) or key (JSON) and repairs nothing; whether the cards fit the round is
checked by the service (``scrutineer.events.enter_marks``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence

from floorcraft.errors import Problems
from floorcraft.model.dancesport import Card

CROSS = "X"


def _cell(problems: Problems, where: str, raw: str, *, final: bool) -> int | None:
    text = raw.strip()
    if final:
        if not text:
            problems.add(f"{where}: no mark")
            return None
        if not text.isdigit():
            problems.add(f"{where}: a final mark is a whole number 1..N, got {text!r}")
            return None
        return int(text)
    if text.upper() == CROSS:
        return 1
    if text == "":
        return 0
    problems.add(f"{where}: a recall mark is X or empty, got {text!r}")
    return None


def read_csv(text: str, *, final: bool, source: str = "CSV") -> list[Card]:
    """Cards from the CSV format above; raises ``InvalidInput`` listing every problem (file and line)."""
    problems = Problems()
    rows = list(csv.reader(io.StringIO(text)))
    rows = [(n, r) for n, r in enumerate(rows, 1) if any(c.strip() for c in r)]
    if not rows:
        problems.add(f"{source}: empty file (expected a header dance,couple,<judge letters>)")
        problems.raise_if_any()
    (_, header), body = rows[0], rows[1:]
    header = [h.strip() for h in header]
    if header[:2] != ["dance", "couple"] or len(header) < 3:
        problems.add(
            f"{source} line 1: the header must be dance,couple followed by judge letters, got {header}"
        )
        problems.raise_if_any()
    judges = header[2:]
    for judge in {j for j in judges if judges.count(j) > 1}:
        problems.add(f"{source} line 1: judge {judge!r} has two columns")
    cards: dict[tuple[str, str], Card] = {}
    for number, row in body:
        where = f"{source} line {number}"
        if len(row) != len(header):
            problems.add(f"{where}: {len(row)} fields, the header has {len(header)}")
            continue
        dance, couple = row[0].strip(), row[1].strip()
        if not dance or not couple:
            problems.add(f"{where}: dance and couple must not be empty")
            continue
        for judge, raw in zip(judges, row[2:], strict=True):
            value = _cell(problems, f"{where}, judge {judge}, couple {couple}", raw, final=final)
            card = cards.setdefault((dance, judge), Card(dance, judge))
            if couple in card.values:
                problems.add(f"{where}: couple {couple} appears twice in dance {dance}")
            elif value is not None:
                card.values[couple] = value
    problems.raise_if_any()
    return list(cards.values())


def read_json(text: str, *, final: bool, panel: Sequence[str], source: str = "JSON") -> list[Card]:
    """Cards from the JSON format above; ``panel`` is the judges' order when ``judges`` is not given."""
    problems = Problems()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.add(f"{source}: not valid JSON ({exc})")
        problems.raise_if_any()
    marks = data.get("marks") if isinstance(data, Mapping) else None
    if not isinstance(marks, Mapping) or not all(isinstance(t, Mapping) for t in marks.values()):
        problems.add(f'{source}: expected an object with "marks": {{dance: {{...}}}}')
        problems.raise_if_any()
    cards: list[Card] = []
    if final:
        judges = data.get("judges", list(panel))
        if not isinstance(judges, list) or not all(isinstance(j, str) for j in judges):
            problems.add(f"{source}: judges must be a list of judge letters")
            problems.raise_if_any()
        for dance, table in marks.items():
            dance_cards = [Card(dance, j) for j in judges]
            for couple, row in table.items():
                where = f"{source}: marks.{dance}.{couple}"
                if not isinstance(row, list) or len(row) != len(judges):
                    problems.add(
                        f"{where}: must be a list of {len(judges)} marks (one per judge in {judges})"
                    )
                    continue
                for card, value in zip(dance_cards, row, strict=True):
                    if isinstance(value, bool) or not isinstance(value, int):
                        problems.add(f"{where}, judge {card.judge}: a mark is a whole number, got {value!r}")
                    else:
                        card.values[couple] = value
            cards.extend(dance_cards)
    else:
        for dance, table in marks.items():
            for judge, marked in table.items():
                where = f"{source}: marks.{dance}.{judge}"
                if not isinstance(marked, list) or not all(isinstance(c, str) for c in marked):
                    problems.add(f"{where}: must be a list of couple numbers (strings)")
                    continue
                for couple in {c for c in marked if marked.count(c) > 1}:
                    problems.add(f"{where}: couple {couple} marked twice")
                cards.append(Card(dance, judge, dict.fromkeys(marked, 1)))
    problems.raise_if_any()
    return cards


def read_file(path: str, text: str, *, final: bool, panel: Sequence[str]) -> list[Card]:
    """Dispatch on the file name: ``.json`` is JSON, anything else CSV."""
    if path.lower().endswith(".json"):
        return read_json(text, final=final, panel=panel, source=path)
    return read_csv(text, final=final, source=path)


def write_csv(data: Mapping) -> str:
    """The CSV format from a contract-format input (``scrutineer.events.final_input`` / ``recall_input``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    judges = list(data["judges"])
    writer.writerow(["dance", "couple", *judges])
    for dance in data["dances"]:
        table = data["marks"][dance]
        if "recall" in data:
            for couple in data["couples"]:
                writer.writerow(
                    [dance, couple, *(CROSS if couple in table.get(j, ()) else "" for j in judges)]
                )
        else:
            for couple, row in table.items():
                writer.writerow([dance, couple, *row])
    return out.getvalue()


def write_json(data: Mapping) -> str:
    return json.dumps(data, indent=1) + "\n"
