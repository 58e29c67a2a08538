"""What the screens show of the live night, as JSON-ready data (pure: a season and a live state in).

- :func:`board` — the public big-screen board: the week, the current performance, the scores revealed so
  far, the leaderboard of what has been revealed (never a score before its reveal), whether the vote is
  open, and the confirmed result with its explanation.
- :func:`control_view` — the producer's view: the board plus who has submitted and the running order.
"""

from __future__ import annotations

from fractions import Fraction

from floorcraft.model.scores import format_points
from floorcraft.model.season import Season
from floorcraft.show.live_state import LiveState, Phase
from floorcraft.show.tables import leaderboard


def _pts(value: Fraction) -> str:
    return format_points(value)


def performance_view(facts: Season, performance: str | None) -> dict | None:
    if performance is None:
        return None
    perf = facts.performance(performance)
    return {
        "id": perf.id,
        "order": perf.order,
        "dance": perf.dance,
        "couples": [{"id": c, "name": facts.couple(c).name} for c in perf.couples],
        "title": " & ".join(facts.couple(c).name for c in perf.couples),
    }


def shown_performances(facts: Season, state: LiveState) -> set[str]:
    """Performances whose scores the public may see: fully revealed tonight, or all once confirmed."""
    if state.week is None:
        return set()
    if facts.decision(state.week) is not None:
        return {p.id for p in facts.performances_in(state.week)}
    shown = set(state.done)
    if state.performance is not None and state.phase is Phase.REVEALED:
        shown.add(state.performance)
    return shown


def public_leaderboard(facts: Season, state: LiveState) -> list[dict]:
    """The week's judges' leaderboard counting only revealed performances (ranks shared on equal totals)."""
    if state.week is None:
        return []
    shown = shown_performances(facts, state)
    rows = []
    for line in leaderboard(facts, state.week):
        dances = [d for d in line.dances if d.performance in shown]
        total = sum((d.total for d in dances), Fraction(0))
        if facts.decision(state.week) is not None:
            total = line.judges_total
        rows.append({"couple": line.couple, "name": line.name, "total": total, "dances": len(dances)})
    rows.sort(key=lambda r: -r["total"])
    out, rank = [], 0
    for i, row in enumerate(rows):
        if i == 0 or row["total"] != rows[i - 1]["total"]:
            rank = i + 1
        out.append({**row, "rank": rank, "total": _pts(row["total"])})
    return out


def result_view(facts: Season, week: int | None) -> dict | None:
    decision = facts.decision(week) if week is not None else None
    if decision is None:
        return None
    return {
        "week": week,
        "outcomes": [
            {"couple": o.couple, "name": facts.couple(o.couple).name, "outcome": o.outcome.value}
            for o in decision.outcomes
        ],
        "explanation": list(decision.explanation),
    }


def board(facts: Season, state: LiveState) -> dict:
    """The public big-screen board (JSON-ready)."""
    period = facts.period(state.week) if state.week is not None else None
    revealed = [{"judge": j, "name": facts.judge(j).name, "score": _pts(v)} for j, v in state.revealed]
    return {
        "season": facts.id,
        "title": facts.title,
        "week": state.week,
        "week_title": period.title if period else "",
        "phase": state.phase.value,
        "performance": performance_view(facts, state.performance),
        "revealed": revealed,
        "revealed_total": _pts(sum((v for _, v in state.revealed), Fraction(0))),
        "panel_size": len(state.panel),
        "leaderboard": public_leaderboard(facts, state),
        "vote": {"poll": state.poll, "open": state.poll_open},
        "result": result_view(facts, state.week),
        "version": state.version,
    }


def control_view(facts: Season, state: LiveState) -> dict:
    """The producer's view: the board, who has submitted, the running order with what is done."""
    return {
        **board(facts, state),
        "panel": [
            {"judge": j, "name": facts.judge(j).name, "submitted": j in state.submitted} for j in state.panel
        ],
        "running_order": [
            {
                **(performance_view(facts, p) or {}),
                "done": p in state.done,
                "current": p == state.performance,
            }
            for p in state.running_order
        ],
        "next_performance": state.next_performance,
        "confirmed": state.week is not None and facts.decision(state.week) is not None,
    }


def computation_view(facts: Season, comp) -> dict:
    """A computed week (:class:`floorcraft.show.compute.PeriodComputation`) for the control room: the
    standings with every number, the bottom group, the judges' save and the rulebook explanation."""
    result = comp.result
    return {
        "week": comp.period,
        "kind": comp.kind,
        "standings": [
            {
                "rank": s.rank,
                "couple": s.id,
                "name": facts.couple(s.id).name,
                "judges_total": _pts(s.judges_total),
                "judges_score": _pts(s.judges_score),
                "votes": s.votes,
                "vote_score": _pts(s.vote_score),
                "combined": _pts(s.combined),
                "status": s.status.value,
                "bottom": s.id in result.bottom,
            }
            for s in result.standings
        ],
        "bottom": [s.id for s in result.standings if s.id in result.bottom],
        "save": None
        if comp.save is None
        else {
            "saved": comp.save.saved,
            "eliminated": comp.save.eliminated,
            "tally": dict(comp.save.tally),
            "explanation": list(comp.save.explanation),
        },
        "explanation": list(comp.explanation),
        "pending": list(comp.pending),
    }
