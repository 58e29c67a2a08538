"""One self-contained HTML page per season: the table, the charts (inline SVG), the fan-vote inference and,
optionally, a what-if replay and the import issues of that season.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from floorcraft.analysis.inference import WeekInference, infer_season
from floorcraft.analysis.records import SeasonRecord
from floorcraft.analysis.replay import ReplayWeek
from floorcraft.imports.records import ImportResult
from floorcraft.reports import charts
from floorcraft.reports.season_table import number, season_table, to_html
from floorcraft.reports.templating import render
from floorcraft.rules.tv import Method


@dataclass(frozen=True)
class SeasonReport:
    path: Path
    charts: dict[str, charts.ChartResult]
    inference: list[WeekInference]


def _inline_svg(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return re.sub(r"^.*?(<svg\b)", r"\1", text, count=1, flags=re.S)


def format_bound(value: Fraction | int | None, method: Method) -> str:
    """A vote share as a percentage (``12.3%``) or a vote rank as an ordinal number; blank when unknown."""
    if value is None:
        return ""
    if method == Method.PERCENT_SHARE:
        return f"{float(value) * 100:.1f}%"
    return str(value)


def build_report(
    season: SeasonRecord,
    out_dir: Path,
    *,
    judges: SeasonRecord | None = None,
    imported: ImportResult | None = None,
    replay: list[ReplayWeek] | None = None,
    replay_title: str = "",
) -> SeasonReport:
    """Write ``<out_dir>/<show>-<number>.html`` (and its charts as PNG/SVG under ``charts/``)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"{season.show}-{season.number}"
    made = {"progression": charts.score_progression(season, out_dir / "charts" / f"{stem}-progression")}
    named = judges if judges is not None else season if season.judges_named else None
    if named is not None and charts.harshness_data([named], min_scores=1):
        made["judges"] = charts.judge_harshness([named], out_dir / "charts" / f"{stem}-judges", min_scores=1)
    if any(p.running_order for p in season.performances):
        made["running_order"] = charts.running_order_effect([season], out_dir / "charts" / f"{stem}-order")
    weeks = infer_season(season) if season.has_results or season.show == "strictly" else []
    svgs = {
        name: _inline_svg(next(f for f in result.files if f.suffix == ".svg"))
        for name, result in made.items()
    }
    issues = [i for i in imported.issues if i.season == season.number] if imported else []
    html = render(
        "season_report.html.j2",
        title=f"{season_table(season).title}: season report",
        table_html=to_html(season_table(season), standalone=False),
        svgs=svgs,
        weeks=weeks,
        bound=format_bound,
        number=number,
        replay=replay or [],
        replay_title=replay_title,
        issues=issues[:50],
        issue_count=len(issues),
    )
    path = out_dir / f"{stem}.html"
    path.write_text(html, encoding="utf-8")
    return SeasonReport(path, made, weeks)
