"""How often the rank and percentage methods would have produced a different elimination (MCM 2026 C).

For every elimination of every season, the same judges' totals and the same votes (from a vote model,
default the inferred votes) are combined both ways (rank points with ``judge_ties``, default dense;
percentage shares), the lowest ``k`` couples go (no judges' save, to compare the methods alone), and the two
sets are compared. A week where either method ends in a tie at the cut counts as different.
"""

from __future__ import annotations

from dataclasses import dataclass

from floorcraft.analysis.inference import WeekInference, infer_season
from floorcraft.analysis.records import SeasonRecord
from floorcraft.analysis.replay import replay_season
from floorcraft.analysis.season_rules import SeasonRules
from floorcraft.analysis.vote_models import InferredVotes
from floorcraft.rules.tv import Method, TiePolicy


@dataclass(frozen=True)
class DifferentWeek:
    season: int
    label: str
    rank: tuple[str, ...]
    percent: tuple[str, ...]


@dataclass(frozen=True)
class SeasonComparison:
    season: int
    weeks: int
    different: int
    skipped: int
    examples: tuple[DifferentWeek, ...]

    @property
    def rate(self) -> float:
        return self.different / self.weeks if self.weeks else 0.0


@dataclass(frozen=True)
class Comparison:
    seasons: tuple[SeasonComparison, ...]
    vote_model: str

    @property
    def weeks(self) -> int:
        return sum(s.weeks for s in self.seasons)

    @property
    def different(self) -> int:
        return sum(s.different for s in self.seasons)

    @property
    def rate(self) -> float:
        return self.different / self.weeks if self.weeks else 0.0


def compare_methods(
    seasons: list[SeasonRecord],
    *,
    vote_model=None,
    judge_ties: str = "dense",
    rollover_merge: str = "raw_sum",
    inferences: dict[tuple[str, int], list[WeekInference]] | None = None,
) -> Comparison:
    """The rank-vs-percent comparison over ``seasons`` (see the module docstring).

    ``inferences`` ((show, number) → :func:`infer_season` result) saves recomputing them.
    """
    model = vote_model or InferredVotes()
    ties = TiePolicy(judge_ties)
    rank_rules = SeasonRules("rank_points", Method.RANK_POINTS, ties, 0)
    percent_rules = SeasonRules("percent_share", Method.PERCENT_SHARE, ties, 0)
    rows = []
    for season in seasons:
        key = (season.show, season.number)
        if inferences and key in inferences:
            inferred = inferences[key]
        else:
            inferred = infer_season(season, rollover_merge=rollover_merge)
        by_rank = replay_season(season, rank_rules, model, rollover_merge=rollover_merge, inferences=inferred)
        by_percent = replay_season(
            season, percent_rules, model, rollover_merge=rollover_merge, inferences=inferred
        )
        compared = [(r, p) for r, p in zip(by_rank, by_percent, strict=True) if not r.skipped]
        different = [
            DifferentWeek(season.number, r.label, r.replayed, p.replayed)
            for r, p in compared
            if set(r.replayed) != set(p.replayed) or r.tied or p.tied
        ]
        rows.append(
            SeasonComparison(
                season.number, len(compared), len(different), len(by_rank) - len(compared), tuple(different)
            )
        )
    return Comparison(tuple(rows), model.name)
