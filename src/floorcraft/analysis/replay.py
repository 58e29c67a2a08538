"""What-if replays: a real season's judges' scores under another rules preset, with a stated vote model.

Each decision is replayed from the *real* line-up of that week (``mode`` ``per_week``, the only mode: a couple
saved by the replay has no later scores to carry on with), using the vote periods of the real season
(:mod:`floorcraft.analysis.periods`) and votes from a :mod:`~floorcraft.analysis.vote_models` model. The
replay says, week by week, who would have gone and whether that differs from what happened.

With a bottom-two preset the judges' vote is not in the data; ``save_model`` (default ``higher_judges_total``)
assumes the judges save the bottom couple with the higher judges' total (ties: the higher combined standing).
"""

from __future__ import annotations

from dataclasses import dataclass

from floorcraft.analysis.inference import WeekInference, infer_season
from floorcraft.analysis.periods import VotePeriod, vote_periods
from floorcraft.analysis.records import SeasonRecord
from floorcraft.analysis.season_rules import SeasonRules
from floorcraft.rules.tv import Entry, PeriodResult, compute_period

SAVE_MODELS = ("higher_judges_total",)


@dataclass(frozen=True)
class ReplayWeek:
    season: int
    label: str
    actual: tuple[str, ...]
    replayed: tuple[str, ...]
    bottom: tuple[str, ...]
    tied: tuple[str, ...]
    explanation: str
    skipped: str = ""

    @property
    def changed(self) -> bool:
        return not self.skipped and set(self.actual) != set(self.replayed)


def decide(
    period: VotePeriod, votes: dict[str, int], rules: SeasonRules
) -> tuple[PeriodResult, tuple[str, ...]]:
    """Run one period through the rules engine; returns the result and who goes (save model applied)."""
    entries = [Entry(c, period.totals[c], votes[c]) for c in sorted(period.totals)]
    k = len(period.eliminated)
    save = rules.bottom_size > k
    result = compute_period(
        entries,
        method=rules.method,
        judge_ties=rules.judge_ties,
        eliminate=0 if save else k,
        bottom=rules.bottom_size if save else 0,
    )
    if not save:
        return result, tuple(sorted(result.eliminated))
    bottom = [s for s in result.standings if s.id in result.bottom]
    ordered = sorted(bottom, key=lambda s: (s.judges_total, -s.rank))
    return result, tuple(sorted(s.id for s in ordered[:k]))


def replay_season(
    season: SeasonRecord,
    rules: SeasonRules,
    vote_model,
    *,
    rollover_merge: str = "raw_sum",
    inferences: list[WeekInference] | None = None,
) -> list[ReplayWeek]:
    """Every elimination of ``season`` replayed under ``rules`` with votes from ``vote_model``.

    ``inferences`` (the season's :func:`infer_season` result) is computed when not given.
    """
    if inferences is None:
        inferences = infer_season(season, rollover_merge=rollover_merge)
    inferred = {w.weeks: w for w in inferences}
    weeks = []
    for period in vote_periods(season, rollover_merge=rollover_merge):
        if not period.eliminated or period.problems:
            continue
        base = dict(season=season.number, label=period.label, actual=period.eliminated)
        votes = vote_model.votes(period, inferred.get(period.weeks))
        if votes is None:
            weeks.append(
                ReplayWeek(**base, replayed=(), bottom=(), tied=(), explanation="", skipped="no votes")
            )
            continue
        result, gone = decide(period, votes, rules)
        weeks.append(
            ReplayWeek(
                **base,
                replayed=gone,
                bottom=tuple(sorted(result.bottom)),
                tied=tuple(sorted(result.tied_at_cut)),
                explanation=result.summary,
            )
        )
    return weeks
