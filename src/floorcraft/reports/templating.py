"""The Jinja2 environment for the season reports (templates in ``reports/templates/season_*.html.j2``)."""

from __future__ import annotations

from functools import cache


@cache
def _environment():
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(
        loader=PackageLoader("floorcraft.reports", "templates"), autoescape=select_autoescape()
    )


def render(template: str, **context) -> str:
    return _environment().get_template(template).render(**context)
