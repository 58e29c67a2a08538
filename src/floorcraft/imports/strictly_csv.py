"""Importer for the four-tens Strictly Come Dancing results CSV: series 1–15, one row per scored dance.

Quirks (``../shared/data/strictly-four-tens/README.md``): ``0`` in a ``score_*`` column means "not on the
panel"; all-zero rows are unscored dances (reported, not imported); the panel varies (guest 5th judges, a
3-judge week); two s15 rows have Bruno's score under Len (reported as ``judge_identity_suspect``: a judge
scoring only some of a week's dances); there are no votes, bottom twos or eliminations, so a couple's
elimination week is *derived* from its last week of scores and reported as such (a withdrawal cannot be told
apart).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

from floorcraft.imports._csv import parse_int, read_rows
from floorcraft.imports.records import CoupleRecord, ImportResult, Issue, Location, Performance, SeasonRecord

FILE_NAME = "results.csv"
JUDGES = {
    "score_craig": "Craig Revel Horwood",
    "score_arlene": "Arlene Phillips",
    "score_len": "Len Goodman",
    "score_bruno": "Bruno Tonioli",
    "score_alesha": "Alesha Dixon",
    "score_darcey": "Darcey Bussell",
    "score_jennifer": "Jennifer Grey",
    "score_donny": "Donny Osmond",
    "score_shirley": "Shirley Ballas",
}
REQUIRED = ["celebrity", "professional", "dance", "series", "week", "running_order", *JUDGES, "total"]

Progress = Callable[[int, int], None]


def resolve(path: Path) -> Path:
    return path / FILE_NAME if path.is_dir() else path


def _scores(row, loc, series, issues) -> tuple[tuple[str, Fraction], ...] | None:
    scores = []
    for column, judge in JUDGES.items():
        value = parse_int(row[column])
        if value is None or not 0 <= value <= 10:
            issues.append(Issue("bad_value", f"not a score 0–10: {row[column]!r}", loc(column), series))
            return None
        if value:
            scores.append((judge, Fraction(value)))
    total = parse_int(row["total"])
    if total != sum(v for _, v in scores):
        issues.append(
            Issue("bad_value", f"total {row['total']!r} is not the sum of the scores", loc("total"), series)
        )
        return None
    return tuple(scores)


def _flag_partial_judges(season: SeasonRecord, issues: list[Issue]) -> None:
    """A judge who scored only some of a week's dances: the score is probably in the wrong column."""
    by_week: dict[int, list[Performance]] = defaultdict(list)
    for p in season.performances:
        by_week[p.week].append(p)
    for week, rows in sorted(by_week.items()):
        panels = [{judge for judge, _ in p.scores} for p in rows]
        everyone = set().union(*panels)
        for judge in sorted(everyone):
            partial = [p for p, panel in zip(rows, panels, strict=True) if judge in panel]
            if len(partial) < len(rows) and len(partial) <= len(rows) // 2:
                for p in partial:
                    issues.append(
                        Issue(
                            "judge_identity_suspect",
                            f"{judge} scored only {len(partial)} of "
                            f"{len(rows)} dances in week {week} ({p.couple})",
                            p.location,
                            season.number,
                        )
                    )


def _derive_results(season: SeasonRecord, issues: list[Issue], file: str) -> None:
    final = season.final_week
    for couple in season.couples.values():
        last = season.last_week_scored(couple.key)
        if last is not None and final is not None and last < final:
            couple.eliminated_week = last
    issues.append(
        Issue(
            "derived_elimination",
            f"series {season.number}: eliminations derived from each couple's "
            f"last week of scores; finalists have no placement",
            Location(file, 1),
            season.number,
        )
    )


def load(path: Path, *, progress: Progress | None = None) -> ImportResult:
    """Read ``results.csv`` (or a directory holding it) into one :class:`SeasonRecord` per series."""
    path = resolve(path)
    result = ImportResult(source="strictly")
    seasons: dict[int, SeasonRecord] = {}
    rows = list(read_rows(path, REQUIRED))
    for index, (line, row) in enumerate(rows, 1):

        def loc(column: str | None = None, line: int = line) -> Location:
            return Location(path.name, line, column)

        series, week, order = (parse_int(row[c]) for c in ("series", "week", "running_order"))
        if series is None or week is None:
            result.issues.append(Issue("bad_value", "series and week must be numbers", loc("series"), series))
            continue
        scores = _scores(row, loc, series, result.issues)
        if scores is None:
            continue
        name = row["celebrity"].strip()
        season = seasons.setdefault(series, SeasonRecord("strictly", series, "strictly", judges_named=True))
        if not scores:
            result.issues.append(
                Issue("unscored_dance", f"{name} week {week} {row['dance']}: all scores 0", loc(), series)
            )
            continue
        if name not in season.couples:
            season.couples[name] = CoupleRecord(name, name, row["professional"].strip(), location=loc())
        season.performances.append(Performance(name, week, scores, row["dance"], order, loc()))
        if progress:
            progress(index, len(rows))
    for number in sorted(seasons):
        season = seasons[number]
        season.has_results = False
        _flag_partial_judges(season, result.issues)
        _derive_results(season, result.issues, path.name)
        result.seasons.append(season)
    return result
