"""Importer for the howisonlab DWTS dataset: named judges, one score per judge per dance, seasons 1–31.

Quirks (``../shared/data/dwts-howisonlab/README.md``): group dances are dropped; weeks with two scores per
judge were averaged (.5 values in S10 W4, S11 W4; real halves only in S15) and reported as
``averaged_multi_dance``; a "couple" is whoever danced (``"Erin & Maks"``), so the celebrity key is the name
before `` & ``; IDs are only valid within one build (joined here, never hard-coded); "America's Score" (S19
W4) is not a judge and is left out (``pseudo_judge``); there are no results at all (``no_results``): combine
with the MCM file for eliminations.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

from floorcraft.errors import InvalidInput
from floorcraft.imports._csv import parse_fraction, parse_int, read_rows
from floorcraft.imports.records import CoupleRecord, ImportResult, Issue, Location, Performance, SeasonRecord

PSEUDO_JUDGES = frozenset({"America's Score"})
REAL_HALF_POINT_SEASONS = frozenset({15})
Progress = Callable[[int, int], None]


def _table(directory: Path, name: str, key: str, value: str) -> dict[str, str]:
    return {row[key]: row[value] for _, row in read_rows(directory / f"{name}.csv", [key, value])}


def load(path: Path, *, progress: Progress | None = None) -> ImportResult:
    """Read the dataset directory (``scores.csv``, ``performances.csv`` and their lookup tables)."""
    directory = path if path.is_dir() else path.parent
    if not (directory / "scores.csv").exists():
        raise InvalidInput(f"{directory}: no scores.csv (expected the howisonlab dataset directory)")
    result = ImportResult(source="howisonlab")
    judges = _table(directory, "judges", "judge_id", "judge")
    couples = _table(directory, "couples", "couple_id", "couple")
    pros = _table(directory, "professionals", "professional_id", "professional")
    styles = _table(directory, "primary_dance_styles", "primary_dance_style_id", "primary_dance_style")
    scores: dict[str, list[tuple[str, Fraction, Location]]] = defaultdict(list)
    for line, row in read_rows(directory / "scores.csv", ["performance_id", "judge_id", "judge_score"]):
        loc = Location("scores.csv", line, "judge_score")
        value = parse_fraction(row["judge_score"])
        judge = judges.get(row["judge_id"])
        if value is None or judge is None:
            result.issues.append(
                Issue("bad_value", f"score {row['judge_score']!r} judge {row['judge_id']!r}", loc)
            )
            continue
        scores[row["performance_id"]].append((judge, value, loc))
    seasons: dict[int, SeasonRecord] = {}
    needed = ["performance_id", "season", "week", "couple_id", "professional_id", "primary_dance_style_id"]
    rows = list(read_rows(directory / "performances.csv", needed))
    for index, (line, row) in enumerate(rows, 1):
        loc = Location("performances.csv", line)
        number, week = parse_int(row["season"]), parse_int(row["week"])
        couple_name = couples.get(row["couple_id"])
        if number is None or week is None or couple_name is None:
            result.issues.append(Issue("bad_value", "season, week or couple unreadable", loc, number))
            continue
        season = seasons.setdefault(number, SeasonRecord("dwts", number, "howisonlab", judges_named=True))
        celebrity = couple_name.split(" & ")[0].strip()
        if celebrity not in season.couples:
            pro = pros.get(row["professional_id"], "")
            season.couples[celebrity] = CoupleRecord(celebrity, celebrity, pro, location=loc)
        kept = []
        for judge, value, score_loc in scores.get(row["performance_id"], []):
            if judge in PSEUDO_JUDGES:
                result.issues.append(
                    Issue(
                        "pseudo_judge",
                        f"{judge} {float(value):g} for {couple_name} week {week}",
                        score_loc,
                        number,
                    )
                )
                continue
            if value.denominator != 1 and number not in REAL_HALF_POINT_SEASONS:
                result.issues.append(
                    Issue(
                        "averaged_multi_dance",
                        f"{judge} {float(value):g} for {couple_name} week {week} (two scores averaged)",
                        score_loc,
                        number,
                    )
                )
            kept.append((judge, value))
        if not kept:
            result.issues.append(
                Issue("unscored_dance", f"{couple_name} week {week}: no scores", loc, number)
            )
            continue
        dance = styles.get(row["primary_dance_style_id"])
        season.performances.append(Performance(celebrity, week, tuple(kept), dance, location=loc))
        if progress:
            progress(index, len(rows))
    for number in sorted(seasons):
        seasons[number].has_results = False
        result.issues.append(
            Issue(
                "no_results",
                f"season {number}: no eliminations or placements in this dataset",
                Location("performances.csv", 1),
                number,
            )
        )
        result.seasons.append(seasons[number])
    return result
