"""Decisions confirmed by the producer at the end of a period (tv-rules.md §0, §2.2, §2.4, §2.5, §3.3).

A :class:`Decision` records what happened: who was eliminated, the bottom group and the judges' save votes,
withdrawals, couples tied at the cut, and for a final the placings and the winner. It carries the
explanation a producer reads aloud, as data (one line per step).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Outcome(StrEnum):
    """What a decision did to one couple."""

    ELIMINATED = "eliminated"
    BOTTOM = "bottom"
    SAVED = "saved"
    WITHDRAWN = "withdrawn"
    TIED = "tied"
    PLACED = "placed"
    WINNER = "winner"

    @property
    def leaves(self) -> bool:
        """Whether the couple takes no further part in the season after this decision."""
        return self in (Outcome.ELIMINATED, Outcome.WITHDRAWN)


@dataclass(frozen=True)
class SaveVote:
    """A judge's vote to *save* one of the bottom couples (tv-rules.md §2.2, §3.3)."""

    period: int
    judge: str
    couple: str


@dataclass(frozen=True)
class CoupleOutcome:
    couple: str
    outcome: Outcome
    place: int | None = None


@dataclass(frozen=True)
class Decision:
    """The confirmed result of one period. ``outcomes`` lists every couple the decision concerns."""

    period: int
    outcomes: tuple[CoupleOutcome, ...] = ()
    explanation: tuple[str, ...] = ()
    confirmed_by: str = ""
    confirmed_at: datetime | None = None
    rolled_over: bool = field(default=False)

    def couples(self, outcome: Outcome) -> tuple[str, ...]:
        return tuple(o.couple for o in self.outcomes if o.outcome is outcome)

    @property
    def eliminated(self) -> tuple[str, ...]:
        return self.couples(Outcome.ELIMINATED)

    @property
    def withdrawn(self) -> tuple[str, ...]:
        return self.couples(Outcome.WITHDRAWN)

    @property
    def leaving(self) -> tuple[str, ...]:
        return tuple(o.couple for o in self.outcomes if o.outcome.leaves)

    @property
    def winner(self) -> str | None:
        won = self.couples(Outcome.WINNER)
        return won[0] if won else None
