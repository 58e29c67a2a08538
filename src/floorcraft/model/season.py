"""A TV season: the aggregate of everything entered about it (tv-rules.md §0).

``Season`` is a frozen value object. The store loads and saves it whole
(:mod:`floorcraft.store.season_repo`); the show service changes it one fact at a time. Nothing derived
(totals, ranks, standings) is stored here: see :mod:`floorcraft.model.totals`.

``preset`` names a rules preset (``floorcraft.rules.presets``); ``settings`` overrides its fields for this
season (e.g. ``{"judge_ties": "standard", "score_step": "1/2"}``), values as plain JSON-able data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from floorcraft.errors import NotFound
from floorcraft.model.couple import Couple
from floorcraft.model.decision import Decision, SaveVote
from floorcraft.model.judge import Judge
from floorcraft.model.performance import Performance
from floorcraft.model.period import Period
from floorcraft.model.scores import Bonus, JudgeScore, VoteCount


@dataclass(frozen=True)
class Season:
    id: str
    title: str
    show: str
    preset: str
    settings: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    couples: tuple[Couple, ...] = ()
    judges: tuple[Judge, ...] = ()
    periods: tuple[Period, ...] = ()
    performances: tuple[Performance, ...] = ()
    scores: tuple[JudgeScore, ...] = ()
    bonuses: tuple[Bonus, ...] = ()
    votes: tuple[VoteCount, ...] = ()
    save_votes: tuple[SaveVote, ...] = ()
    decisions: tuple[Decision, ...] = ()

    # -- look-ups (NotFound names what is missing) -------------------------------------------------------
    def couple(self, couple_id: str) -> Couple:
        for c in self.couples:
            if c.id == couple_id:
                return c
        raise NotFound(f"season {self.id!r}: no couple {couple_id!r}")

    def judge(self, judge_id: str) -> Judge:
        for j in self.judges:
            if j.id == judge_id:
                return j
        raise NotFound(f"season {self.id!r}: no judge {judge_id!r}")

    def period(self, number: int) -> Period:
        for p in self.periods:
            if p.number == number:
                return p
        raise NotFound(f"season {self.id!r}: no week {number}")

    def performance(self, performance_id: str) -> Performance:
        for p in self.performances:
            if p.id == performance_id:
                return p
        raise NotFound(f"season {self.id!r}: no performance {performance_id!r}")

    def decision(self, number: int) -> Decision | None:
        for d in self.decisions:
            if d.period == number:
                return d
        return None

    # -- per-period views ---------------------------------------------------------------------------------
    def performances_in(self, number: int) -> tuple[Performance, ...]:
        return tuple(sorted((p for p in self.performances if p.period == number), key=lambda p: p.order))

    def scores_for(self, performance_id: str) -> tuple[JudgeScore, ...]:
        return tuple(s for s in self.scores if s.performance == performance_id)

    def score(self, performance_id: str, judge_id: str) -> JudgeScore | None:
        for s in self.scores:
            if s.performance == performance_id and s.judge == judge_id:
                return s
        return None

    def bonuses_in(self, number: int) -> tuple[Bonus, ...]:
        return tuple(b for b in self.bonuses if b.period == number)

    def votes_in(self, number: int) -> dict[str, int]:
        return {v.couple: v.votes for v in self.votes if v.period == number}

    def save_votes_in(self, number: int) -> dict[str, str]:
        return {v.judge: v.couple for v in self.save_votes if v.period == number}

    @property
    def head_judge(self) -> Judge | None:
        heads = [j for j in self.judges if j.is_head]
        return heads[0] if heads else None

    @property
    def last_period(self) -> Period | None:
        return max(self.periods, key=lambda p: p.number) if self.periods else None
