"""The registry of file formats for results sheets: ``render(sheet, "html" | "csv" | "pdf")``."""

from __future__ import annotations

from collections.abc import Callable

from floorcraft.errors import InvalidInput
from floorcraft.reports.sheets import Sheet


def _html(sheet: Sheet, paper: str) -> str:
    from floorcraft.reports.sheets_html import render_html

    return render_html(sheet)


def _csv(sheet: Sheet, paper: str) -> str:
    from floorcraft.reports.sheets_csv import render_csv

    return render_csv(sheet)


def _pdf(sheet: Sheet, paper: str) -> bytes:
    from floorcraft.reports.sheets_pdf import render_pdf

    return render_pdf(sheet, paper=paper)


RENDERERS: dict[str, Callable[[Sheet, str], str | bytes]] = {"html": _html, "csv": _csv, "pdf": _pdf}


def render(sheet: Sheet, fmt: str, *, paper: str = "a4") -> str | bytes:
    """The sheet as a file's content: text for HTML and CSV, bytes for PDF (``paper``: a4 or letter)."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise InvalidInput(f"unknown sheet format {fmt!r} (use one of {', '.join(RENDERERS)})") from None
    return renderer(sheet, paper)
