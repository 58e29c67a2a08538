"""A couple on a TV season: a celebrity and a professional (tv-rules.md §0).

A substitute professional for one week is a fact of that week (:class:`floorcraft.model.period.Period`),
not of the couple (tv-rules.md §2.4, S34 W9). A withdrawal is a decision recorded in a period
(:class:`floorcraft.model.decision.Decision`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Couple:
    """``id`` is the season-unique short key used everywhere (CLI, exports, engine entries)."""

    id: str
    celebrity: str
    professional: str

    @property
    def name(self) -> str:
        return f"{self.celebrity} & {self.professional}"
