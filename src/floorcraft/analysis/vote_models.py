"""Vote models for what-if replays and the rank/percent comparison: where the unseen public votes come from.

Real vote counts are secret (tv-rules.md §5), so every replay states its vote model:

* :class:`InferredVotes` (``inferred``) — the witness of the fan-vote inference under the season's own
  rules: a vote outcome that reproduces what really happened. Percentage era: the witness shares. Rank eras:
  the witness vote ranking, turned into shares by ``rank_shares`` (default ``harmonic``: the r-th most voted
  couple gets a share ∝ 1/r; ``linear``: ∝ n + 1 − r).
* :class:`PopularityPrior` (``prior``) — each couple gets a fixed popularity for the season, drawn from a
  gamma distribution (``concentration``, default 1: a flat Dirichlet over the cast) with a seeded generator
  (``seed``, default 0) keyed by season and couple, so the draw does not depend on the order of anything.
  Votes in a week are proportional to popularity over the couples still dancing.

Both give whole vote counts out of ``total`` (default 10,000,000) for the rules engine.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction

from floorcraft.analysis.inference import WeekInference
from floorcraft.analysis.periods import VotePeriod
from floorcraft.rules.tv import Method

DEFAULT_TOTAL = 10_000_000
RANK_SHARES = ("harmonic", "linear")


def _counts(weights: dict[str, Fraction], total: int) -> dict[str, int]:
    whole = sum(weights.values(), Fraction(0))
    return {c: round(total * w / whole) for c, w in weights.items()}


@dataclass(frozen=True)
class InferredVotes:
    """Votes from the inference witness (see the module docstring); ``None`` when a week has no witness."""

    rank_shares: str = "harmonic"
    total: int = DEFAULT_TOTAL
    name: str = "inferred"

    def votes(self, period: VotePeriod, inference: WeekInference | None) -> dict[str, int] | None:
        if inference is None or inference.witness is None:
            return None
        if inference.rules.method == Method.PERCENT_SHARE:
            return _counts({c: Fraction(v) for c, v in inference.witness.items()}, self.total)
        n = len(inference.witness)
        ranks = {c: n + 1 - points for c, points in inference.witness.items()}
        if self.rank_shares == "linear":
            weights = {c: Fraction(n + 1 - r) for c, r in ranks.items()}
        else:
            weights = {c: Fraction(1, r) for c, r in ranks.items()}
        return _counts(weights, self.total)


@dataclass(frozen=True)
class PopularityPrior:
    """Votes ∝ a seeded per-couple popularity (see the module docstring)."""

    seed: int = 0
    concentration: float = 1.0
    total: int = DEFAULT_TOTAL
    name: str = "prior"

    def popularity(self, season: int, couple: str) -> Fraction:
        rng = random.Random(f"{self.seed}:{season}:{couple}")
        return Fraction(rng.gammavariate(self.concentration, 1.0)).limit_denominator(10**9) + Fraction(
            1, 10**9
        )

    def votes(self, period: VotePeriod, inference: WeekInference | None = None) -> dict[str, int]:
        return _counts({c: self.popularity(period.season, c) for c in period.totals}, self.total)


def vote_model(name: str, *, seed: int = 0, rank_shares: str = "harmonic") -> InferredVotes | PopularityPrior:
    """The vote model called ``name`` (``inferred`` or ``prior``); ``ValueError`` for anything else."""
    if name == "inferred":
        if rank_shares not in RANK_SHARES:
            raise ValueError(f"unknown rank_shares {rank_shares!r} (known: {', '.join(RANK_SHARES)})")
        return InferredVotes(rank_shares=rank_shares)
    if name == "prior":
        return PopularityPrior(seed=seed)
    raise ValueError(f"unknown vote model {name!r} (known: inferred, prior)")
