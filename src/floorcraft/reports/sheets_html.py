"""Results sheets as one self-contained HTML page (inline CSS with print rules, no scripts, no CDN)."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from floorcraft.reports.sheets import Sheet


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("floorcraft.reports", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(sheet: Sheet) -> str:
    return _environment().get_template("sheet.html.j2").render(sheet=sheet)
