"""Judges of a TV season: regular, guest, head judge (tv-rules.md §1.3, §2.2, §3.3).

The panel is chosen per period (:attr:`floorcraft.model.period.Period.panel`): an absent judge is simply not
on that period's panel (the panel shrinks, nobody replaces them) and a guest judge on the panel adds a score.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class JudgeRole(StrEnum):
    REGULAR = "regular"
    GUEST = "guest"
    HEAD = "head"


@dataclass(frozen=True)
class Judge:
    id: str
    name: str
    role: JudgeRole = JudgeRole.REGULAR

    @property
    def is_head(self) -> bool:
        return self.role is JudgeRole.HEAD
