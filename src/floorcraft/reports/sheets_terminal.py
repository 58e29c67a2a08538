"""Results sheets as Rich tables in the terminal (``floorcraft event sheet --format terminal``)."""

from __future__ import annotations

import sys

from rich import box
from rich.console import Console
from rich.table import Table as RichTable

from floorcraft.reports.sheets import Sheet, Table


def _rich(table: Table) -> RichTable:
    out = RichTable(
        title=table.caption,
        caption=table.note or None,
        title_justify="left",
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
    )
    for name in table.header:
        out.add_column(name, justify="left" if name == "Name" else "right", no_wrap=True)
    for i, row in enumerate(table.rows):
        cells = (f"[bold reverse]{cell}[/]" if (i, j) in table.marked else cell for j, cell in enumerate(row))
        out.add_row(*cells, end_section=table.cut == i + 1)
    return out


def terminal_console(file=None) -> Console:
    """A console for sheets: the terminal's width on a terminal, else wide enough for a 9-judge final."""
    if file is None and sys.stdout.isatty():
        return Console()
    return Console(file=file, width=200, no_color=file is not None, highlight=False)


def render_terminal(sheet: Sheet, console: Console) -> None:
    """Print every table of the sheet, the result, the explanation rows and the judges of the panel."""
    console.print(f"[bold]{sheet.meta.title}[/bold]" + (f"  {sheet.meta.date}" if sheet.meta.date else ""))
    for table in sheet.compact or sheet.tables:
        console.print(_rich(table))
    console.print(_rich(sheet.results))
    for line in sheet.explanation:
        console.print(f"  {line}", highlight=False)
    console.print(
        "Panel: " + ", ".join(f"{letter} {name}".strip() for letter, name in sheet.judges), highlight=False
    )
