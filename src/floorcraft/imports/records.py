"""Plain records that every importer produces: seasons, couples, performances, and import issues.

These are the importers' own neutral shape: what a file says, with the file, line and column it came from.
They carry no rules and no storage. ``floorcraft.imports.to_model`` maps them to the season domain model; the
analysis and report modules read them directly, so that a season can be studied straight from a CSV file.

Nothing here invents data: a value the source does not hold is ``None`` and the reason is an :class:`Issue`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

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
}


@dataclass(frozen=True)
class Location:
    """Where a value came from: file, 1-based line, and the column name when it is one cell."""

    file: str
    line: int
    column: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return f"{where} column {self.column}" if self.column else where


@dataclass(frozen=True)
class Issue:
    """One thing an importer could not map as-is; never repaired silently."""

    kind: str
    message: str
    location: Location
    season: int | None = None

    def __str__(self) -> str:
        return f"{self.location}: {self.kind}: {self.message}"


@dataclass(frozen=True)
class Performance:
    """One couple's scores in one week: one dance, or (MCM) the per-judge average of the week's dances."""

    couple: str
    week: int
    scores: tuple[tuple[str, Fraction], ...]
    dance: str | None = None
    running_order: int | None = None
    location: Location | None = None

    @property
    def total(self) -> Fraction:
        return sum((value for _, value in self.scores), Fraction(0))


@dataclass
class CoupleRecord:
    """A celebrity and professional in one season, with the published result when the source has one."""

    key: str
    celebrity: str
    professional: str
    result: str | None = None
    placement: int | None = None
    eliminated_week: int | None = None
    withdrew: bool = False
    location: Location | None = None


@dataclass
class SeasonRecord:
    """One season (DWTS) or series (Strictly) as a source holds it."""

    show: str
    number: int
    source: str
    couples: dict[str, CoupleRecord] = field(default_factory=dict)
    performances: list[Performance] = field(default_factory=list)
    judges_named: bool = False
    has_results: bool = True

    @property
    def label(self) -> str:
        return f"{self.show} {self.number}"

    def weeks(self) -> list[int]:
        return sorted({p.week for p in self.performances})

    def week_totals(self, week: int) -> dict[str, Fraction]:
        """Each couple's judges' total in ``week`` (the sum over its rows that week)."""
        totals: dict[str, Fraction] = defaultdict(Fraction)
        for p in self.performances:
            if p.week == week:
                totals[p.couple] += p.total
        return dict(totals)

    def totals_by_week(self) -> dict[int, dict[str, Fraction]]:
        table: dict[int, dict[str, Fraction]] = defaultdict(lambda: defaultdict(Fraction))
        for p in self.performances:
            table[p.week][p.couple] += p.total
        return {week: dict(row) for week, row in sorted(table.items())}

    def last_week_scored(self, couple: str) -> int | None:
        weeks = [p.week for p in self.performances if p.couple == couple]
        return max(weeks) if weeks else None

    def eliminated_in(self, week: int) -> list[str]:
        return sorted(c.key for c in self.couples.values() if c.eliminated_week == week)

    def withdrawn_in(self, week: int) -> list[str]:
        return sorted(
            c.key for c in self.couples.values() if c.withdrew and self.last_week_scored(c.key) == week
        )

    @property
    def final_week(self) -> int | None:
        weeks = self.weeks()
        return weeks[-1] if weeks else None


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
