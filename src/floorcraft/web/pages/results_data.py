"""What the public results pages publish, as plain JSON-able data (the page and its JSON twin share it).

Publication rule (issue #5 "never live tallies or unconfirmed results"): a week's marks, bonuses, totals and
decision are public only once the producer has **confirmed** the week (``Season.decision(week)`` exists).
Until then the week is listed as "not confirmed yet" with no numbers at all: scores revealed on the night
are on the big screen, not on the permanent record. Vote counts are never published (the audience vote is
secret; ``docs/judging-and-voting-pages.md``). The season table shows confirmed weeks only.
"""

from __future__ import annotations

from fractions import Fraction

from floorcraft.model.scores import format_points
from floorcraft.model.season import Season
from floorcraft.show.tables import LEGEND, leaderboard, season_table


def number(value: Fraction) -> dict:
    """An exact number for JSON: ``{"text": "7.5", "exact": "15/2"}`` (as printed; as a fraction)."""
    return {"text": format_points(value), "exact": str(value)}


def confirmed_weeks(season: Season) -> list[int]:
    return sorted(p.number for p in season.periods if season.decision(p.number) is not None)


def season_summary(season: Season) -> dict:
    """The season's title and its weeks with whether each is confirmed (what the index lists)."""
    return {
        "season": season.id,
        "title": season.title,
        "weeks": [
            {
                "week": p.number,
                "title": p.title,
                "confirmed": season.decision(p.number) is not None,
                "url": f"/results/{season.id}/weeks/{p.number}",
            }
            for p in sorted(season.periods, key=lambda p: p.number)
        ],
    }


def week_results(season: Season, week: int) -> dict:
    """The week's full marks table and decision, or only its title and ``confirmed: false``.

    Raises ``NotFound`` for a week the season does not have."""
    period = season.period(week)
    decision = season.decision(week)
    out = {
        "season": season.id,
        "season_title": season.title,
        "week": week,
        "title": period.title,
        "confirmed": decision is not None,
    }
    if decision is None:
        return out
    judges = [{"id": j, "name": season.judge(j).name} for j in period.panel]
    rows = []
    for line in leaderboard(season, week):
        rows.append(
            {
                "rank": line.rank,
                "couple": line.couple,
                "name": line.name,
                "immune": line.immune,
                "dances": [
                    {
                        "performance": d.performance,
                        "dance": d.dance,
                        "kind": d.kind,
                        "scores": {j: number(v) for j, v in d.scores},
                        "total": number(d.total),
                    }
                    for d in line.dances
                ],
                "bonus": number(line.bonus),
                "judges_total": number(line.judges_total),
            }
        )
    names = {c.id: c.name for c in season.couples}
    out |= {
        "judges": judges,
        "rows": rows,
        "decision": {
            "outcomes": [
                {
                    "couple": o.couple,
                    "name": names.get(o.couple, o.couple),
                    "outcome": o.outcome.value,
                    "place": o.place,
                }
                for o in decision.outcomes
            ],
            "explanation": list(decision.explanation),
            "rolled_over": decision.rolled_over,
            "confirmed_by": decision.confirmed_by,
            "confirmed_at": decision.confirmed_at.isoformat() if decision.confirmed_at else None,
        },
    }
    return out


def season_results(season: Season) -> dict:
    """The season table over confirmed weeks only (later weeks' columns are left out)."""
    weeks, rows = season_table(season)
    shown = confirmed_weeks(season)
    keep = [i for i, w in enumerate(weeks) if w in shown]
    return {
        **season_summary(season),
        "table": {
            "weeks": [weeks[i] for i in keep],
            "rows": [
                {"couple": r.couple, "name": r.name, "cells": [r.weeks[i] for i in keep], "result": r.result}
                for r in rows
            ],
            "legend": LEGEND,
        },
    }
