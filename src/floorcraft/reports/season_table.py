"""The season table as the public knows it: couples × weeks, totals, each week's highest and lowest marked,
and who left when. Rendered for the terminal (Rich), as self-contained HTML (Jinja2) and as CSV.

Values are the judges' totals as the source holds them (MCM multi-dance weeks are per-judge averages; the
import report says so). A week's highest and lowest are marked among the couples who danced it; ties mark
every tied couple.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from fractions import Fraction

from floorcraft.analysis.records import SeasonRecord


@dataclass(frozen=True)
class Cell:
    total: Fraction | None
    high: bool = False
    low: bool = False
    left: str = ""  # "eliminated" / "withdrew" in the couple's last week


@dataclass(frozen=True)
class Row:
    couple: str
    professional: str
    cells: tuple[Cell, ...]
    total: Fraction
    result: str


@dataclass(frozen=True)
class SeasonTable:
    title: str
    weeks: tuple[int, ...]
    rows: tuple[Row, ...]

    def row(self, couple: str) -> Row:
        for row in self.rows:
            if row.couple == couple:
                return row
        raise KeyError(couple)


def number(value: Fraction | None) -> str:
    """A total as people write it: ``29``, ``8.5``, ``9.33``; empty for no score."""
    if value is None:
        return ""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def _result(season: SeasonRecord, couple: str) -> str:
    record = season.couples[couple]
    if record.result:
        return record.result
    if record.placement is not None:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(record.placement if record.placement < 20 else 0, "th")
        return f"{record.placement}{suffix} Place"
    if record.withdrew:
        return "Withdrew"
    if record.eliminated_week is not None:
        return f"Out week {record.eliminated_week}"
    return "Finalist" if season.last_week_scored(couple) == season.final_week else ""


def season_table(season: SeasonRecord) -> SeasonTable:
    """Build the table of ``season`` (rows in final order: winner first, earliest out last)."""
    by_week = season.totals_by_week()
    weeks = tuple(by_week)
    highs = {w: max(t.values()) for w, t in by_week.items()}
    lows = {w: min(t.values()) for w, t in by_week.items()}
    rows = []
    for couple, record in season.couples.items():
        last = season.last_week_scored(couple)
        left = "withdrew" if record.withdrew else "eliminated" if record.eliminated_week is not None else ""
        cells = []
        for week in weeks:
            total = by_week[week].get(couple)
            cells.append(
                Cell(
                    total,
                    total is not None and total == highs[week],
                    total is not None and total == lows[week],
                    left if week == last else "",
                )
            )
        grand = sum((c.total for c in cells if c.total is not None), Fraction(0))
        rows.append(
            (
                record,
                last or 0,
                Row(couple, record.professional, tuple(cells), grand, _result(season, couple)),
            )
        )
    rows.sort(key=lambda item: (item[0].placement or 99, -item[1], -item[2].total, item[2].couple))
    show = "Dancing with the Stars" if season.show == "dwts" else "Strictly Come Dancing"
    return SeasonTable(f"{show} {season.number}", weeks, tuple(row for _, _, row in rows))


def to_csv(table: SeasonTable) -> str:
    """CSV: couple, professional, a column per week (``*`` highest, ``_`` lowest), total, result."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["couple", "professional", *(f"week {w}" for w in table.weeks), "total", "result"])
    for row in table.rows:
        marks = [number(c.total) + ("*" if c.high else "") + ("_" if c.low else "") for c in row.cells]
        writer.writerow([row.couple, row.professional, *marks, number(row.total), row.result])
    return out.getvalue()


def to_rich(table: SeasonTable):
    """A ``rich.table.Table``: highest of the week in bold green, lowest in red, ✝ out, ⤫ withdrew."""
    from rich.table import Table

    out = Table(title=table.title)
    out.add_column("Couple")
    for week in table.weeks:
        out.add_column(f"W{week}", justify="right")
    out.add_column("Total", justify="right")
    out.add_column("Result")
    for row in table.rows:
        cells = []
        for cell in row.cells:
            style = "bold green" if cell.high else "red" if cell.low else ""
            text = number(cell.total) + (
                " ✝" if cell.left == "eliminated" else " ⤫" if cell.left == "withdrew" else ""
            )
            cells.append(f"[{style}]{text}[/]" if style and text else text)
        out.add_row(f"{row.couple} & {row.professional}", *cells, number(row.total), row.result)
    return out


def to_html(table: SeasonTable, *, standalone: bool = True) -> str:
    """Self-contained HTML (inline CSS, no scripts); ``standalone=False`` gives just the ``<table>``."""
    from floorcraft.reports.templating import render

    return render("season_table.html.j2", table=table, number=number, standalone=standalone)
