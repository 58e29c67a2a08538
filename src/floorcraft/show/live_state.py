"""The live night's state machine, pure: what the producer may do next, and what it leads to.

No I/O: :mod:`floorcraft.show.live` loads a :class:`LiveState`, applies one of these transitions, stores the
result (with an audit line) and publishes it. Each transition returns a new state (``version`` + 1) or raises
:class:`~floorcraft.errors.Conflict` naming what is wrong. One performance at a time (issue #5 §1)::

    IDLE ──start──▶ PERFORMING ──finish──▶ FINISHED ──open judging──▶ JUDGING
      ▲                                                               │ (the panel's last score)
      └──────start (next)─── REVEALED ◀──reveal (last)── REVEALING ◀──┴─ JUDGED

Scores are revealed one judge at a time in panel order. The vote window (``poll_open``) is independent of
the performance phases: producers open it after the first dance or after the last (DWTS opens it at the
top of the show).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from fractions import Fraction

from floorcraft.errors import Conflict


class Phase(StrEnum):
    IDLE = "idle"  # between performances (or before the first)
    PERFORMING = "performing"  # the couple is dancing
    FINISHED = "finished"  # the dance is over; judging not yet open
    JUDGING = "judging"  # judges submit from their tablets
    JUDGED = "judged"  # every judge on the panel has submitted
    REVEALING = "revealing"  # scores are being shown one judge at a time
    REVEALED = "revealed"  # every score is shown


@dataclass(frozen=True)
class LiveState:
    """The state of the night for one season (the week being played, and where in it we are)."""

    season: str
    week: int | None = None
    running_order: tuple[str, ...] = ()  # performance ids judged tonight, in order
    performance: str | None = None
    phase: Phase = Phase.IDLE
    panel: tuple[str, ...] = ()  # judge ids of the week's panel, in reveal order
    submitted: frozenset[str] = frozenset()  # judges who submitted for ``performance``
    revealed: tuple[tuple[str, Fraction], ...] = ()  # (judge, score) shown so far for ``performance``
    done: tuple[str, ...] = ()  # performances fully revealed tonight
    poll: str | None = None
    poll_open: bool = False
    version: int = 0

    def step(self, **changes) -> LiveState:
        return replace(self, version=self.version + 1, **changes)

    @property
    def next_performance(self) -> str | None:
        """The first performance of the running order not yet revealed (the producer's default next)."""
        for perf in self.running_order:
            if perf not in self.done and perf != self.performance:
                return perf
        return None


# -- transitions ------------------------------------------------------------------------------------------
def _expect(state: LiveState, action: str, *phases: Phase) -> None:
    if state.phase not in phases:
        allowed = " or ".join(p.value for p in phases)
        raise Conflict(
            f"season {state.season}: cannot {action} while {state.phase.value} (only when {allowed})"
        )


def _expect_current(state: LiveState, performance: str, action: str) -> None:
    if state.performance != performance:
        raise Conflict(
            f"season {state.season}: cannot {action} performance {performance}: "
            f"the current performance is {state.performance or 'none'}"
        )


def begin_week(
    state: LiveState, week: int, running_order: tuple[str, ...], panel: tuple[str, ...]
) -> LiveState:
    """Set up a week: its running order and panel; nothing performed yet."""
    if state.phase not in (Phase.IDLE, Phase.REVEALED):
        raise Conflict(f"season {state.season}: finish performance {state.performance} before changing week")
    if state.poll_open:
        raise Conflict(f"season {state.season}: close the vote of week {state.week} first")
    return LiveState(
        season=state.season,
        week=week,
        running_order=running_order,
        panel=panel,
        version=state.version + 1,
    )


def start_performance(state: LiveState, performance: str) -> LiveState:
    _expect(state, "start a performance", Phase.IDLE, Phase.REVEALED)
    if performance not in state.running_order:
        raise Conflict(f"season {state.season}: {performance} is not in week {state.week}'s running order")
    if performance in state.done or performance == state.performance:
        raise Conflict(f"season {state.season}: {performance} has already been danced and judged")
    done = state.done if state.performance is None else (*state.done, state.performance)
    return state.step(
        performance=performance, phase=Phase.PERFORMING, submitted=frozenset(), revealed=(), done=done
    )


def finish_performance(state: LiveState, performance: str) -> LiveState:
    _expect_current(state, performance, "finish")
    _expect(state, "finish a performance", Phase.PERFORMING)
    return state.step(phase=Phase.FINISHED)


def open_judging(state: LiveState, performance: str) -> LiveState:
    _expect_current(state, performance, "open judging for")
    _expect(state, "open judging", Phase.FINISHED, Phase.PERFORMING)
    return state.step(phase=Phase.JUDGING)


def judging_open_for(state: LiveState, performance: str) -> bool:
    return state.performance == performance and state.phase is Phase.JUDGING


def score_submitted(state: LiveState, performance: str, judge: str) -> LiveState:
    """A judge's score is stored: mark them submitted; the panel's last score closes judging (JUDGED)."""
    if not judging_open_for(state, performance):
        raise Conflict(f"performance {performance}: judging is not open")
    if judge not in state.panel:
        raise Conflict(f"performance {performance}, judge {judge}: not on week {state.week}'s panel")
    submitted = state.submitted | {judge}
    phase = Phase.JUDGED if submitted >= set(state.panel) else Phase.JUDGING
    return state.step(submitted=submitted, phase=phase)


def reveal_next(state: LiveState, scores: dict[str, Fraction]) -> LiveState:
    """Show the next judge's score (panel order); ``scores`` are the official scores of the performance."""
    _expect(state, "reveal a score", Phase.JUDGED, Phase.REVEALING)
    shown = {j for j, _ in state.revealed}
    judge = next(j for j in state.panel if j not in shown)
    if judge not in scores:
        raise Conflict(f"performance {state.performance}, judge {judge}: no score stored")
    revealed = (*state.revealed, (judge, scores[judge]))
    phase = Phase.REVEALED if len(revealed) == len(state.panel) else Phase.REVEALING
    return state.step(revealed=revealed, phase=phase)


def vote_opened(state: LiveState, poll: str) -> LiveState:
    if state.week is None:
        raise Conflict(f"season {state.season}: no week is being played")
    if state.poll_open:
        raise Conflict(f"season {state.season}: the vote is already open")
    return state.step(poll=poll, poll_open=True)


def vote_closed(state: LiveState) -> LiveState:
    if not state.poll_open:
        raise Conflict(f"season {state.season}: the vote is not open")
    return state.step(poll_open=False)


def undo_to(state: LiveState, before: LiveState) -> LiveState:
    """The state before a mistaken step, as a new version (the history only grows)."""
    return replace(before, version=state.version + 1)


# -- serialising (the store keeps the state as JSON) -------------------------------------------------------
def to_json(state: LiveState) -> dict:
    return {
        "season": state.season,
        "week": state.week,
        "running_order": list(state.running_order),
        "performance": state.performance,
        "phase": state.phase.value,
        "panel": list(state.panel),
        "submitted": sorted(state.submitted),
        "revealed": [[j, str(v)] for j, v in state.revealed],
        "done": list(state.done),
        "poll": state.poll,
        "poll_open": state.poll_open,
        "version": state.version,
    }


def from_json(data: dict) -> LiveState:
    return LiveState(
        season=data["season"],
        week=data["week"],
        running_order=tuple(data["running_order"]),
        performance=data["performance"],
        phase=Phase(data["phase"]),
        panel=tuple(data["panel"]),
        submitted=frozenset(data["submitted"]),
        revealed=tuple((j, Fraction(v)) for j, v in data["revealed"]),
        done=tuple(data.get("done", ())),
        poll=data["poll"],
        poll_open=data["poll_open"],
        version=data["version"],
    )
