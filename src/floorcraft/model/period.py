"""Scoring periods (weeks) of a TV season (tv-rules.md §0, §1.3, §2.4).

A period is usually a week; it may span several nights. Its ``panel`` lists the judges scoring in it: an
absent judge is left off (the panel shrinks), a guest judge is added (one more score). ``eliminate`` couples
leave (0 = no elimination, 2 = a double elimination); ``bottom`` > 0 instead picks a bottom group for a
judges' vote. A period with no elimination (``eliminate == 0``, ``bottom == 0``, not the final) *rolls over*:
its judges' totals and votes are merged into the next period's (tv-rules.md §2.4), unless ``carry_over`` is
False.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Substitute:
    """A substitute professional dancing with ``couple``'s celebrity for one period (tv-rules.md §2.4)."""

    couple: str
    professional: str


@dataclass(frozen=True)
class Withdrawal:
    """``couple`` withdraws in this period: it is left out of the period's standings (tv-rules.md §2.4)."""

    couple: str
    reason: str = ""


@dataclass(frozen=True)
class Period:
    number: int
    title: str = ""
    nights: int = 1
    panel: tuple[str, ...] = ()
    eliminate: int = 1
    bottom: int = 0
    final: bool = False
    carry_over: bool = True
    immune: tuple[str, ...] = ()
    substitutes: tuple[Substitute, ...] = ()
    withdrawals: tuple[Withdrawal, ...] = ()

    @property
    def has_cut(self) -> bool:
        """Whether the period decides anything (an elimination, a bottom group or the final placings)."""
        return self.final or self.eliminate > 0 or self.bottom > 0

    @property
    def rolls_over(self) -> bool:
        """True when this period's scores and votes are carried into the next period (tv-rules.md §2.4)."""
        return not self.has_cut and self.carry_over

    @property
    def withdrawn(self) -> tuple[str, ...]:
        return tuple(w.couple for w in self.withdrawals)
