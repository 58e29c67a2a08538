"""The live night on both backends: persisted transitions, idempotent tablet submissions, the vote through
the voting service, results with the judges' save, undo before confirmation, and the audit trail."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from floorcraft.errors import Conflict, InvalidInput
from floorcraft.show import live
from floorcraft.show import service as s
from floorcraft.show.live_state import Phase
from floorcraft.voting import polls

PANEL = ("cai", "len", "bt")
COUPLES = ("A", "B", "C", "D")


@pytest.fixture
def night(store, small):
    """The small season with week 1 (four couples, three judges, bottom two + judges' save) set up."""
    s.create_season(store, small, by="t")
    s.add_week(store, "small", {"panel": list(PANEL)}, by="t")
    for couple in COUPLES:
        s.add_performance(store, "small", 1, {"couple": couple, "dance": "Waltz"}, by="t")
    return store


def published(events: list):
    return lambda kind, data, channel: events.append((kind, channel, data))


def judge_and_reveal(engine, perf: str, marks: dict[str, int], by: str = "pat") -> None:
    live.start_performance(engine, "small", perf, by=by)
    live.finish_performance(engine, "small", perf, by=by)
    live.open_judging(engine, "small", perf, by=by)
    for judge, mark in marks.items():
        live.submit_score(engine, "small", perf, judge, mark, by=judge, key=f"{perf}/{judge}")
    for _ in marks:
        live.reveal_next(engine, "small", by=by)


def test_open_store_creates_the_live_tables(store):
    assert {"live_night", "live_step", "live_submission"} <= set(inspect(store).get_table_names())


def test_the_night_starts_on_the_first_unconfirmed_week(night):
    state = live.current(night, "small")
    assert (state.week, state.phase, state.version) == (1, Phase.IDLE, 0)
    assert state.running_order == ("1.1", "1.2", "1.3", "1.4") and state.panel == PANEL


def test_each_step_is_stored_audited_and_published(night):
    events: list = []
    state = live.start_performance(night, "small", "1.1", by="pat", publish=published(events))
    assert live.current(night, "small") == state and state.phase is Phase.PERFORMING
    assert [(k, c) for k, c, _ in events] == [("show", "public"), ("control", "control")]
    board = events[0][2]
    assert board["performance"]["title"] == "Ann & Pro A" and board["phase"] == "performing"
    with pytest.raises(Conflict, match="cannot start a performance while performing"):
        live.start_performance(night, "small", "1.2", by="pat")
    assert live.current(night, "small") == state  # a refused step changes nothing
    steps = live.steps(night, "small")
    assert [(x["action"], x["actor"], x["detail"]) for x in steps] == [
        ("performance.started", "pat", {"performance": "1.1"})
    ]


def test_a_submission_is_idempotent_on_its_key_and_a_second_one_is_a_conflict(night):
    live.start_performance(night, "small", "1.1", by="pat")
    with pytest.raises(Conflict, match="judging is not open"):
        live.submit_score(night, "small", "1.1", "cai", 8, by="cai", key="k1")
    live.open_judging(night, "small", "1.1", by="pat")
    first = live.submit_score(night, "small", "1.1", "cai", 8, by="cai", key="k1")
    again = live.submit_score(night, "small", "1.1", "cai", "8", by="cai", key="k1")
    assert again.replayed and not first.replayed and again.receipt == first.receipt
    with pytest.raises(Conflict, match="already used for another submission"):
        live.submit_score(night, "small", "1.1", "cai", 9, by="cai", key="k1")
    with pytest.raises(Conflict, match="already submitted"):
        live.submit_score(night, "small", "1.1", "cai", 9, by="cai", key="k2")
    with pytest.raises(Conflict, match="not open"):
        live.submit_score(night, "small", "1.2", "len", 9, by="len", key="k3")
    with pytest.raises(InvalidInput, match="outside 1–10"):
        live.submit_score(night, "small", "1.1", "len", 11, by="len", key="k4")
    season = s.load(night, "small")
    assert [(x.judge, x.value) for x in season.scores_for("1.1")] == [("cai", 8)]
    assert live.current(night, "small").submitted == {"cai"}
    assert [a.action for a in s.audit_log(night, "small")].count("score.recorded") == 1


def test_scores_are_revealed_one_judge_at_a_time_and_only_revealed_scores_are_public(night):
    events: list = []
    live.start_performance(night, "small", "1.1", by="pat")
    live.open_judging(night, "small", "1.1", by="pat")
    for judge, mark in zip(PANEL, (7, 8, 9), strict=True):
        live.submit_score(night, "small", "1.1", judge, mark, by=judge, key=judge)
    assert live.current(night, "small").phase is Phase.JUDGED
    state = live.reveal_next(night, "small", by="pat", publish=published(events))
    assert state.revealed == (("cai", 7),) and state.phase is Phase.REVEALING
    board = events[0][2]
    assert board["revealed"] == [{"judge": "cai", "name": "Carrie Ann Inaba", "score": "7"}]
    assert all(line["total"] == "0" for line in board["leaderboard"])  # not on the leaderboard yet
    live.reveal_next(night, "small", by="pat")
    state = live.reveal_next(night, "small", by="pat", publish=published(events))
    assert state.phase is Phase.REVEALED and events[-2][2]["leaderboard"][0] == {
        "couple": "A",
        "name": "Ann & Pro A",
        "total": "24",
        "dances": 1,
        "rank": 1,
    }
    with pytest.raises(Conflict, match="cannot reveal"):
        live.reveal_next(night, "small", by="pat")


def test_undo_walks_back_steps_but_never_stored_scores_or_a_confirmed_week(night):
    live.start_performance(night, "small", "1.1", by="pat")
    live.finish_performance(night, "small", "1.1", by="pat")
    state = live.undo(night, "small", by="pat")
    assert state.phase is Phase.PERFORMING and state.version == 3
    assert live.undo(night, "small", by="pat").phase is Phase.IDLE
    with pytest.raises(Conflict, match="nothing to undo"):
        live.undo(night, "small", by="pat")
    live.start_performance(night, "small", "1.1", by="pat")
    live.open_judging(night, "small", "1.1", by="pat")
    live.submit_score(night, "small", "1.1", "cai", 8, by="cai", key="x")
    with pytest.raises(Conflict, match="correct the score instead"):
        live.undo(night, "small", by="pat")
    steps = live.steps(night, "small")
    assert [x["action"] for x in steps if x["undone"]] == ["performance.started", "performance.finished"]
    assert [x["detail"]["undid"] for x in steps if x["action"] == "undo"] == [
        "performance.finished",
        "performance.started",
    ]


def test_a_full_week_vote_results_judges_save_and_confirmation(night):
    marks = {"1.1": 9, "1.2": 8, "1.3": 7, "1.4": 6}
    with pytest.raises(Conflict, match="no public vote yet"):
        live.compute_results(night, "small", by="pat")
    state = live.open_vote(night, "small", by="pat")
    assert state.poll_open and state.poll.startswith("small-week-1-")
    info = polls.get_poll(night, state.poll)
    assert list(info.choices) == list(COUPLES) and info.preset == "dwts" and info.channels["web"].cap == 10
    for perf, mark in marks.items():
        judge_and_reveal(night, perf, dict.fromkeys(PANEL, mark))
    with pytest.raises(Conflict, match="close the vote"):
        live.compute_results(night, "small", by="pat")
    assert live.tally(night, "small")["total"] == {}
    live.close_vote(night, "small", by="pat")
    comp = live.compute_results(night, "small", by="pat")
    assert s.load(night, "small").votes_in(1) == dict.fromkeys(COUPLES, 0)
    assert comp.kind == "bottom"
    assert sorted(comp.result.bottom) == ["C", "D"] and comp.save is None
    with pytest.raises(InvalidInput, match="not decided"):
        live.confirm(night, "small", by="pat")
    comp = live.record_save_votes(night, "small", dict.fromkeys(PANEL, "C"), by="pat")
    assert (comp.save.saved, comp.save.eliminated) == ("C", "D")
    events: list = []
    decision = live.confirm(night, "small", by="pat", publish=published(events))
    assert decision.eliminated == ("D",)
    result = events[0][2]["result"]
    assert {o["couple"]: o["outcome"] for o in result["outcomes"]} == {"C": "saved", "D": "eliminated"}
    with pytest.raises(Conflict, match="is confirmed"):
        live.undo(night, "small", by="pat")
    actions = [x["action"] for x in live.steps(night, "small")]
    assert actions[0] == "vote.opened" and actions[-4:] == [
        "vote.closed",
        "results.computed",
        "save_votes.recorded",
        "week.confirmed",
    ]


def test_a_correction_goes_through_the_audited_service(night):
    judge_and_reveal(night, "1.1", dict.fromkeys(PANEL, 7))
    correction = live.correct_score(night, "small", "1.1", "len", 8, by="pat", reason="keyed score differs")
    assert (correction.old, correction.new) == (7, 8)
    assert s.load(night, "small").score("1.1", "len").value == 8
    entry = next(a for a in s.audit_log(night, "small") if a.action == "score.corrected")
    assert (entry.actor, entry.reason) == ("pat", "keyed score differs")
    assert live.steps(night, "small")[-1]["action"] == "score.corrected"


def test_judges_submitting_at_the_same_moment_are_all_recorded(night):
    """Four tablets at once: every write names the version it read, so none is lost."""
    from concurrent.futures import ThreadPoolExecutor

    live.start_performance(night, "small", "1.1", by="pat")
    live.open_judging(night, "small", "1.1", by="pat")
    with ThreadPoolExecutor(len(PANEL)) as pool:
        receipts = list(
            pool.map(lambda j: live.submit_score(night, "small", "1.1", j, 7, by=j, key=f"k-{j}"), PANEL)
        )
    state = live.current(night, "small")
    assert state.submitted == set(PANEL) and state.phase is Phase.JUDGED
    assert {r.judge for r in receipts} == set(PANEL)
    assert [x["action"] for x in live.steps(night, "small")].count("score.submitted") == len(PANEL)
