"""Performances: who danced what, when, and how a performance's scores are credited (tv-rules.md §1.4, §1.5).

Kinds:

* ``couple`` — one couple's routine; its judges' scores count towards that couple's total.
* ``team`` — one routine by several couples, judged once; the same team score is added to *each* member's
  total (tv-rules.md §1.5 "Team dances").
* ``marathon`` — everyone on the floor; it carries no judges' scores, its points are
  :class:`~floorcraft.model.scores.Bonus` entries (tv-rules.md §1.5, §3.4).
* ``dance_off`` — the bottom couples dance again for the judges' vote; its scores do not count towards the
  period's totals (tv-rules.md §3.3).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PerformanceKind(StrEnum):
    COUPLE = "couple"
    TEAM = "team"
    MARATHON = "marathon"
    DANCE_OFF = "dance_off"

    @property
    def counts_towards_total(self) -> bool:
        """Whether judges' scores of this kind are summed into the period's judges' totals."""
        return self in (PerformanceKind.COUPLE, PerformanceKind.TEAM)


@dataclass(frozen=True)
class Performance:
    """One routine in a period.

    ``id`` is ``"<period>.<order>"`` (see :func:`performance_id`), ``order`` the running order within the
    period (1, 2, ...), ``night`` the night of the period it was danced on (1 for single-night periods).
    """

    id: str
    period: int
    order: int
    couples: tuple[str, ...]
    dance: str = ""
    song: str = ""
    kind: PerformanceKind = PerformanceKind.COUPLE
    night: int = 1


def performance_id(period: int, order: int) -> str:
    """The season-unique id of the performance at running ``order`` of ``period``: ``"3.2"``."""
    return f"{period}.{order}"
