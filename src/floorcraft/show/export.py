"""floorcraft's own season export (JSON, lossless; read back by :func:`season_from_json`) and CSV.

The JSON holds the recorded facts only (nothing derived): cast, judges, weeks, performances, official scores
with their correction history, bonuses, votes, save votes and confirmed decisions. Exact numbers are strings
of fractions where they are not whole (``"15/2"``); times are ISO 8601. ``format`` names the version.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from floorcraft.errors import InvalidInput
from floorcraft.model.couple import Couple
from floorcraft.model.decision import CoupleOutcome, Decision, Outcome, SaveVote
from floorcraft.model.judge import Judge, JudgeRole
from floorcraft.model.performance import Performance, PerformanceKind
from floorcraft.model.period import Period, Substitute, Withdrawal
from floorcraft.model.scores import Bonus, JudgeScore, ScoreCorrection, VoteCount
from floorcraft.model.season import Season
from floorcraft.model.totals import couples_in, judges_total

FORMAT = "floorcraft-season/1"


def _num(value: Fraction) -> int | str:
    return value.numerator if value.denominator == 1 else str(value)


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def season_to_json(season: Season) -> dict[str, Any]:
    """The season as plain JSON data (see the module docstring)."""
    return {
        "format": FORMAT,
        "season": {
            "id": season.id,
            "title": season.title,
            "show": season.show,
            "preset": season.preset,
            "settings": dict(season.settings),
        },
        "couples": [
            {"id": c.id, "celebrity": c.celebrity, "professional": c.professional} for c in season.couples
        ],
        "judges": [{"id": j.id, "name": j.name, "role": j.role.value} for j in season.judges],
        "weeks": [
            {
                "number": p.number,
                "title": p.title,
                "nights": p.nights,
                "panel": list(p.panel),
                "eliminate": p.eliminate,
                "bottom": p.bottom,
                "final": p.final,
                "carry_over": p.carry_over,
                "immune": list(p.immune),
                "substitutes": {s.couple: s.professional for s in p.substitutes},
                "withdrawals": [{"couple": w.couple, "reason": w.reason} for w in p.withdrawals],
            }
            for p in season.periods
        ],
        "performances": [
            {
                "id": p.id,
                "week": p.period,
                "order": p.order,
                "night": p.night,
                "kind": p.kind.value,
                "couples": list(p.couples),
                "dance": p.dance,
                "song": p.song,
            }
            for p in sorted(season.performances, key=lambda p: (p.period, p.order))
        ],
        "scores": [
            {
                "performance": s.performance,
                "judge": s.judge,
                "value": _num(s.value),
                "entered_by": s.entered_by,
                "entered_at": _time(s.entered_at),
                "corrections": [
                    {
                        "old": _num(c.old),
                        "new": _num(c.new),
                        "by": c.by,
                        "at": _time(c.at),
                        "reason": c.reason,
                    }
                    for c in s.history
                ],
            }
            for s in season.scores
        ],
        "bonuses": [
            {"week": b.period, "couple": b.couple, "points": _num(b.points), "reason": b.reason}
            for b in season.bonuses
        ],
        "votes": [{"week": v.period, "couple": v.couple, "votes": v.votes} for v in season.votes],
        "save_votes": [{"week": v.period, "judge": v.judge, "couple": v.couple} for v in season.save_votes],
        "decisions": [
            {
                "week": d.period,
                "outcomes": [
                    {"couple": o.couple, "outcome": o.outcome.value, "place": o.place} for o in d.outcomes
                ],
                "explanation": list(d.explanation),
                "confirmed_by": d.confirmed_by,
                "confirmed_at": _time(d.confirmed_at),
                "rolled_over": d.rolled_over,
            }
            for d in season.decisions
        ],
    }


def season_from_json(data: Any, *, source: str = "export") -> Season:
    """Read floorcraft's own JSON export back; a malformed file is InvalidInput naming the place."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InvalidInput(f'{source}: not a floorcraft season export (expected "format": "{FORMAT}")')
    where = source
    try:
        head = data["season"]
        where = f"{source}: season"
        settings = MappingProxyType(dict(head.get("settings", {})))
        couples = tuple(Couple(c["id"], c["celebrity"], c["professional"]) for c in data["couples"])
        judges = tuple(Judge(j["id"], j["name"], JudgeRole(j["role"])) for j in data["judges"])
        where = f"{source}: weeks"
        periods = tuple(
            Period(
                number=int(p["number"]),
                title=p["title"],
                nights=int(p["nights"]),
                panel=tuple(p["panel"]),
                eliminate=int(p["eliminate"]),
                bottom=int(p["bottom"]),
                final=bool(p["final"]),
                carry_over=bool(p["carry_over"]),
                immune=tuple(p["immune"]),
                substitutes=tuple(Substitute(c, pro) for c, pro in p["substitutes"].items()),
                withdrawals=tuple(Withdrawal(w["couple"], w["reason"]) for w in p["withdrawals"]),
            )
            for p in data["weeks"]
        )
        where = f"{source}: performances"
        performances = tuple(
            Performance(
                id=p["id"],
                period=int(p["week"]),
                order=int(p["order"]),
                couples=tuple(p["couples"]),
                dance=p["dance"],
                song=p["song"],
                kind=PerformanceKind(p["kind"]),
                night=int(p["night"]),
            )
            for p in data["performances"]
        )
        where = f"{source}: scores"
        scores = tuple(
            JudgeScore(
                performance=s["performance"],
                judge=s["judge"],
                value=Fraction(s["value"]),
                entered_by=s["entered_by"],
                entered_at=_parse_time(s["entered_at"]),
                history=tuple(
                    ScoreCorrection(
                        Fraction(c["old"]), Fraction(c["new"]), c["by"], _parse_time(c["at"]), c["reason"]
                    )
                    for c in s["corrections"]
                ),
            )
            for s in data["scores"]
        )
        where = f"{source}: bonuses, votes, save votes"
        bonuses = tuple(
            Bonus(int(b["week"]), b["couple"], Fraction(b["points"]), b["reason"]) for b in data["bonuses"]
        )
        votes = tuple(VoteCount(int(v["week"]), v["couple"], int(v["votes"])) for v in data["votes"])
        save_votes = tuple(SaveVote(int(v["week"]), v["judge"], v["couple"]) for v in data["save_votes"])
        where = f"{source}: decisions"
        decisions = tuple(
            Decision(
                period=int(d["week"]),
                outcomes=tuple(
                    CoupleOutcome(o["couple"], Outcome(o["outcome"]), o["place"]) for o in d["outcomes"]
                ),
                explanation=tuple(d["explanation"]),
                confirmed_by=d["confirmed_by"],
                confirmed_at=_parse_time(d["confirmed_at"]),
                rolled_over=bool(d["rolled_over"]),
            )
            for d in data["decisions"]
        )
        return Season(
            id=head["id"],
            title=head["title"],
            show=head["show"],
            preset=head["preset"],
            settings=settings,
            couples=couples,
            judges=judges,
            periods=periods,
            performances=performances,
            scores=scores,
            bonuses=bonuses,
            votes=votes,
            save_votes=save_votes,
            decisions=decisions,
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        detail = f"missing key {exc}" if isinstance(exc, KeyError) else str(exc)
        raise InvalidInput(f"{where}: {detail}") from None


def _parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


CSV_COLUMNS = ("week", "couple", "celebrity", "professional", "judges_total", "votes", "outcome")


def season_to_csv(season: Season) -> str:
    """One row per couple per week it took part in: judges' total, votes and the confirmed outcome."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for period in sorted(season.periods, key=lambda p: p.number):
        votes = season.votes_in(period.number)
        decision = season.decision(period.number)
        outcome = {o.couple: o.outcome.value for o in decision.outcomes} if decision else {}
        for couple in (*couples_in(season, period.number), *period.withdrawn):
            c = season.couple(couple)
            total = judges_total(season, period.number, couple)
            writer.writerow(
                (
                    period.number,
                    c.id,
                    c.celebrity,
                    c.professional,
                    _num(total),
                    votes.get(couple, ""),
                    outcome.get(couple, ""),
                )
            )
    return out.getvalue()
