"""The import report: what an importer could not map as-is (:class:`Issue`, with file, line and column), and
the result of one import (:class:`ImportResult`: the seasons and every issue).

Nothing is repaired silently: a value the source does not hold stays ``None`` in the season records
(:mod:`floorcraft.analysis.records`, re-exported here for the importers) and the reason is an issue.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from floorcraft.analysis.records import CoupleRecord, Location, Performance, SeasonRecord

__all__ = ["ISSUE_KINDS", "CoupleRecord", "ImportResult", "Issue", "Location", "Performance", "SeasonRecord"]

#: Issue kinds an importer may report, with what each means (docs/data-and-analysis.md lists them too).
ISSUE_KINDS: dict[str, str] = {
    "averaged_multi_dance": "a per-judge value is a mean of several dances (9.3333), kept as given",
    "spread_bonus": "a per-judge value above 10: bonus or team points spread over the judges; not separable",
    "missing_week": "a couple still in the competition has no scores in a week the others danced",
    "results_mismatch": "the result text disagrees with the scores (eliminated in a week without scores)",
    "withdrawal": "the couple withdrew; it is kept out of the vote periods of its last week",
    "fifth_judge_lost": "the format holds at most four judges; a fifth score may be missing",
    "unscored_dance": "a dance row with no scores at all (show dance, or a dance not performed)",
    "judge_identity_suspect": "a score sits in the column of a judge who was not on the panel",
    "pseudo_judge": "a score column that is not a judge (America's Score); left out of the judges' totals",
    "no_results": "the source has no eliminations or placements for this season",
    "derived_elimination": "eliminations derived from each couple's last week of scores (no results column)",
    "name_whitespace": "a name with leading or trailing spaces; the stripped name is used",
    "bad_value": "a value that cannot be read as a score, number or week",
    "missing_column": "a column the format needs is not in the header",
    "unmatched_couple": "a couple that matches no single couple of the other source (combined import)",
}


@dataclass(frozen=True)
class Issue:
    """One thing an importer could not map as-is; never repaired silently."""

    kind: str
    message: str
    location: Location
    season: int | None = None

    def __str__(self) -> str:
        return f"{self.location}: {self.kind}: {self.message}"


@dataclass
class ImportResult:
    """What one import produced: the seasons, and every issue with its location."""

    source: str
    seasons: list[SeasonRecord] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    def season(self, number: int) -> SeasonRecord:
        for season in self.seasons:
            if season.number == number:
                return season
        raise KeyError(number)

    def summary(self, *, examples: int = 3) -> list[tuple[str, int, list[str]]]:
        """Per issue kind: how many, and the first few examples (with their locations)."""
        counts = Counter(issue.kind for issue in self.issues)
        shown: dict[str, list[str]] = defaultdict(list)
        for issue in self.issues:
            if len(shown[issue.kind]) < examples:
                shown[issue.kind].append(str(issue))
        return [(kind, counts[kind], shown[kind]) for kind in sorted(counts)]
