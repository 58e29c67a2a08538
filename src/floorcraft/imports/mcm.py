"""Importer for the COMAP 2026 MCM Problem C CSV: DWTS (US) seasons 1–34, one row per celebrity per season.

Quirks (``../shared/data/dwts-mcm2026/README.md``): multi-dance weeks are *averaged per judge* (8.5, 9.3333
are means, not scores; only season 15 had real half points), bonus and team points are spread over the judges
(values above 10), ``judgeY`` is scoring order not a person, ``N/A`` = no such judge or week, ``0`` = already
out, at most four judges (a fifth is lost, S31 W6), and results can disagree with scores (S18 Diana Nyad).
Every one of these is reported as an :class:`~floorcraft.imports.records.Issue`; none is repaired.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

from floorcraft.imports._csv import parse_fraction, parse_int, read_rows
from floorcraft.imports.records import CoupleRecord, ImportResult, Issue, Location, Performance, SeasonRecord

FILE_NAME = "2026_MCM_Problem_C_Data.csv"
WEEKS = range(1, 12)
JUDGE_COLUMNS = range(1, 5)
REAL_HALF_POINT_SEASONS = frozenset({15})
_ELIMINATED = re.compile(r"^Eliminated Week (\d+)$")
_PLACE = re.compile(r"^(\d+)(st|nd|rd|th) Place$")

Progress = Callable[[int, int], None]


def _column(week: int, judge: int) -> str:
    return f"week{week}_judge{judge}_score"


REQUIRED = ["celebrity_name", "ballroom_partner", "season", "results", "placement"] + [
    _column(w, j) for w in WEEKS for j in JUDGE_COLUMNS
]


def resolve(path: Path) -> Path:
    """The CSV itself, or the file of that name inside a directory."""
    return path / FILE_NAME if path.is_dir() else path


def _is_averaged(value: Fraction, season: int) -> bool:
    if value.denominator == 1:
        return False
    return not (value.denominator == 2 and season in REAL_HALF_POINT_SEASONS)


def _week_scores(row, week, season, loc, issues):
    """The (judge, score) pairs of one week, or None when the couple did not dance (all 0 / N/A)."""
    values: list[tuple[str, Fraction]] = []
    for judge in JUDGE_COLUMNS:
        column = _column(week, judge)
        text = row[column].strip()
        if text in ("N/A", ""):
            continue
        value = parse_fraction(text)
        if value is None or value < 0:
            issues.append(Issue("bad_value", f"not a score: {text!r}", loc(column), season))
            continue
        values.append((f"judge{judge}", value))
    if not any(value for _, value in values):
        return None
    zeros = [name for name, value in values if value == 0]
    if zeros:
        message = f"week {week}: 0 next to real scores ({', '.join(zeros)}); left out"
        issues.append(Issue("bad_value", message, loc(_column(week, int(zeros[0][5:]))), season))
    return tuple((name, value) for name, value in values if value != 0)


#: (issue kind, test on a per-judge value, what the message says about it)
_SCORE_FLAGS = (
    ("averaged_multi_dance", lambda v, season: _is_averaged(v, season), "is a mean of dances"),
    ("spread_bonus", lambda v, season: v > 10, "> 10 (bonus spread over the judges)"),
)


def _flag_scores(scores, week, season, name, loc, issues) -> None:
    """One issue per kind per couple-week, located at the first cell that shows it."""
    for kind, test, says in _SCORE_FLAGS:
        hits = [(judge, v) for judge, v in scores if test(v, season)]
        if hits:
            judge, value = hits[0]
            column = _column(week, int(judge[5:]))
            issues.append(Issue(kind, f"{name} week {week}: {float(value):g} {says}", loc(column), season))


def _result(text: str, couple: CoupleRecord, loc: Location, season: int, issues: list[Issue]) -> None:
    if match := _ELIMINATED.match(text):
        couple.eliminated_week = int(match.group(1))
    elif _PLACE.match(text):
        pass
    elif text == "Withdrew":
        couple.withdrew = True
        issues.append(Issue("withdrawal", f"{couple.key} withdrew", loc, season))
    else:
        issues.append(Issue("bad_value", f"unknown result {text!r}", loc, season))


def _check_weeks(season: SeasonRecord, issues: list[Issue]) -> None:
    """Report results that disagree with the scores and weeks missing inside a couple's run."""
    danced = {week: set(season.week_totals(week)) for week in season.weeks()}
    for couple in season.couples.values():
        scored = sorted(w for w, names in danced.items() if couple.key in names)
        if not scored:
            continue
        loc = couple.location
        last = couple.eliminated_week
        if last is not None and last not in scored:
            issues.append(
                Issue(
                    "results_mismatch",
                    f"{couple.key}: eliminated in week {last} but has no week-{last} "
                    f"scores (last scored week {scored[-1]})",
                    loc,
                    season.number,
                )
            )
        gaps = [w for w in range(scored[0], scored[-1] + 1) if w in danced and w not in scored]
        for week in gaps:
            issues.append(
                Issue("missing_week", f"{couple.key}: no scores in week {week}", loc, season.number)
            )


def load(path: Path, *, progress: Progress | None = None) -> ImportResult:
    """Read the MCM CSV (or a directory holding it) into one :class:`SeasonRecord` per season."""
    path = resolve(path)
    result = ImportResult(source="mcm")
    seasons: dict[int, SeasonRecord] = {}
    rows = list(read_rows(path, REQUIRED))
    for index, (line, row) in enumerate(rows, 1):

        def loc(column: str | None = None, line: int = line) -> Location:
            return Location(path.name, line, column)

        season_no = parse_int(row["season"])
        if season_no is None:
            result.issues.append(
                Issue("bad_value", f"season {row['season']!r} is not a number", loc("season"))
            )
            continue
        raw_name = row["celebrity_name"]
        name = raw_name.strip()
        if name != raw_name:
            result.issues.append(Issue("name_whitespace", f"{raw_name!r}", loc("celebrity_name"), season_no))
        season = seasons.setdefault(season_no, SeasonRecord("dwts", season_no, "mcm"))
        couple = CoupleRecord(
            name,
            name,
            row["ballroom_partner"].strip(),
            row["results"].strip(),
            parse_int(row["placement"]),
            location=loc(),
        )
        _result(couple.result or "", couple, loc("results"), season_no, result.issues)
        if name in season.couples:
            result.issues.append(
                Issue("bad_value", f"{name} appears twice in season {season_no}", loc(), season_no)
            )
            continue
        season.couples[name] = couple
        for week in WEEKS:
            scores = _week_scores(row, week, season_no, loc, result.issues)
            if scores is None:
                continue
            _flag_scores(scores, week, season_no, name, loc, result.issues)
            season.performances.append(Performance(name, week, scores, location=loc(_column(week, 1))))
        if progress:
            progress(index, len(rows))
    for number in sorted(seasons):
        _check_weeks(seasons[number], result.issues)
        result.seasons.append(seasons[number])
    return result
