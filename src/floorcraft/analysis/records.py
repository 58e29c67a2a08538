"""Plain season records: couples, performances with per-judge scores, and results, as a source holds them.

Every importer (:mod:`floorcraft.imports`) produces these, the analysis and the season reports read them, and
:mod:`floorcraft.imports.to_model` maps them to and from the season domain model. A value the source does not
hold is ``None``; why is in the importer's issues. Each performance may carry the :class:`Location` (file,
line, column) it came from.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction


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
