"""Map importer records to the season domain model (:mod:`floorcraft.model`) and back.

Record → :class:`~floorcraft.model.season.Season`: the season id is ``<source>-<number>`` (``mcm-34``,
``howisonlab-30``, ``strictly-6``); couples get slug ids and keep their names; each distinct judge label is
a judge (MCM's ``judge1``… are scoring positions, not people: the import report says so); each week is a
period whose panel is the judges who scored in it; each row is a performance (running order from the source,
else the row order); eliminations, withdrawals and final placements become decisions.

What the model has no place for stays in the records and in the import report: the raw result text, the
source location of every value, and the importer's issues. Going back (:func:`season_to_record`) rebuilds
the record from the model; for Strictly the performance order is read as the running order.
"""

from __future__ import annotations

import re
from collections import defaultdict

from floorcraft.analysis.season_rules import dwts_preset, strictly_preset
from floorcraft.imports.records import CoupleRecord, Performance, SeasonRecord
from floorcraft.model.couple import Couple
from floorcraft.model.decision import CoupleOutcome, Decision, Outcome
from floorcraft.model.judge import Judge
from floorcraft.model.performance import Performance as ModelPerformance
from floorcraft.model.performance import performance_id
from floorcraft.model.period import Period, Withdrawal
from floorcraft.model.scores import JudgeScore
from floorcraft.model.season import Season

SHOW_TITLES = {"dwts": "Dancing with the Stars (US)", "strictly": "Strictly Come Dancing"}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def season_id(record: SeasonRecord) -> str:
    return f"{record.source}-{record.number}"


def _unique_ids(names: list[str]) -> dict[str, str]:
    ids: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        base = candidate = slug(name)
        n = 2
        while candidate in used:
            candidate, n = f"{base}-{n}", n + 1
        ids[name] = candidate
        used.add(candidate)
    return ids


def _decisions(record: SeasonRecord, couple_ids: dict[str, str]) -> tuple[Decision, ...]:
    decisions = []
    final = record.final_week
    scored = {p.couple for p in record.performances}
    for week in record.weeks():
        place = {c: r.placement for c, r in record.couples.items()}
        outcomes = [
            CoupleOutcome(couple_ids[c], Outcome.ELIMINATED, place[c]) for c in record.eliminated_in(week)
        ]
        outcomes += [
            CoupleOutcome(couple_ids[c], Outcome.WITHDRAWN, place[c]) for c in record.withdrawn_in(week)
        ]
        for couple, rec in record.couples.items():
            placed_here = record.last_week_scored(couple) == week or (week == final and couple not in scored)
            if place[couple] is not None and rec.eliminated_week is None and not rec.withdrew and placed_here:
                kind = Outcome.WINNER if place[couple] == 1 else Outcome.PLACED
                outcomes.append(CoupleOutcome(couple_ids[couple], kind, place[couple]))
        if outcomes:
            decisions.append(Decision(period=week, outcomes=tuple(outcomes), confirmed_by=record.source))
    return tuple(decisions)


def record_to_season(record: SeasonRecord) -> Season:
    """The domain-model season for an imported record (see the module docstring)."""
    couple_ids = _unique_ids(list(record.couples))
    judge_names = sorted({judge for p in record.performances for judge, _ in p.scores})
    judge_ids = _unique_ids(judge_names)
    preset = dwts_preset(record.number) if record.show == "dwts" else strictly_preset(record.number)[0]
    by_week: dict[int, list[Performance]] = defaultdict(list)
    for p in record.performances:
        by_week[p.week].append(p)
    performances, scores, periods = [], [], []
    final = record.final_week
    for week, rows in sorted(by_week.items()):
        panel = sorted({judge_ids[j] for p in rows for j, _ in p.scores})
        withdrawn = tuple(Withdrawal(couple_ids[c], "withdrew") for c in record.withdrawn_in(week))
        periods.append(
            Period(
                number=week,
                panel=tuple(panel),
                eliminate=len(record.eliminated_in(week)),
                final=week == final,
                withdrawals=withdrawn,
            )
        )
        ordered = sorted(enumerate(rows), key=lambda item: (item[1].running_order or 0, item[0]))
        for order, (_, p) in enumerate(ordered, 1):
            pid = performance_id(week, order)
            performances.append(ModelPerformance(pid, week, order, (couple_ids[p.couple],), p.dance or ""))
            scores += [JudgeScore(pid, judge_ids[j], v, entered_by=record.source) for j, v in p.scores]
    return Season(
        id=season_id(record),
        title=f"{SHOW_TITLES.get(record.show, record.show)} {record.number} ({record.source} import)",
        show=record.show,
        preset=preset,
        couples=tuple(
            Couple(couple_ids[c.key], c.celebrity, c.professional) for c in record.couples.values()
        ),
        judges=tuple(Judge(judge_ids[name], name) for name in judge_names),
        periods=tuple(periods),
        performances=tuple(performances),
        scores=tuple(scores),
        decisions=_decisions(record, couple_ids),
    )


def season_to_record(season: Season) -> SeasonRecord:
    """The analysis record of a stored season (inverse of :func:`record_to_season`)."""
    source, _, number = season.id.rpartition("-")
    record = SeasonRecord(season.show, int(number) if number.isdigit() else 0, source or "store")
    names = {c.id: c.celebrity for c in season.couples}
    judges = {j.id: j.name for j in season.judges}
    for c in season.couples:
        record.couples[c.celebrity] = CoupleRecord(c.celebrity, c.celebrity, c.professional)
    scores = defaultdict(list)
    for s in season.scores:
        scores[s.performance].append((judges[s.judge], s.value))
    record.judges_named = not all(name.startswith("judge") for name in judges.values())
    for p in sorted(season.performances, key=lambda p: (p.period, p.order)):
        order = p.order if season.show == "strictly" else None
        for couple in p.couples:
            record.performances.append(
                Performance(names[couple], p.period, tuple(scores[p.id]), p.dance or None, order)
            )
    for d in season.decisions:
        for o in d.outcomes:
            couple = record.couples[names[o.couple]]
            if o.outcome is Outcome.ELIMINATED:
                couple.eliminated_week = d.period
            elif o.outcome is Outcome.WITHDRAWN:
                couple.withdrew = True
            if o.place is not None:
                couple.placement = o.place
    record.has_results = bool(season.decisions)
    return record
