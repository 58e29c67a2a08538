"""The live night's pure state machine: the order of steps, the panel's last score, reveals, the vote."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from floorcraft.errors import Conflict
from floorcraft.show import live_state as ls
from floorcraft.show.live_state import LiveState, Phase

PANEL = ("a", "b", "c")


def week() -> LiveState:
    return ls.begin_week(LiveState(season="s"), 3, ("3.1", "3.2"), PANEL)


def judged(state: LiveState, perf: str) -> LiveState:
    state = ls.open_judging(ls.finish_performance(ls.start_performance(state, perf), perf), perf)
    for judge in PANEL:
        state = ls.score_submitted(state, perf, judge)
    return state


def revealed(state: LiveState) -> LiveState:
    for _ in PANEL:
        state = ls.reveal_next(state, dict.fromkeys(PANEL, Fraction(5)))
    return state


def test_a_performance_goes_through_every_phase_in_order():
    state = week()
    assert (state.phase, state.next_performance) == (Phase.IDLE, "3.1")
    state = ls.start_performance(state, "3.1")
    assert state.phase is Phase.PERFORMING
    state = ls.finish_performance(state, "3.1")
    assert state.phase is Phase.FINISHED
    state = ls.open_judging(state, "3.1")
    assert ls.judging_open_for(state, "3.1") and not ls.judging_open_for(state, "3.2")
    state = ls.score_submitted(state, "3.1", "a")
    state = ls.score_submitted(state, "3.1", "b")
    assert state.phase is Phase.JUDGING and state.submitted == {"a", "b"}
    state = ls.score_submitted(state, "3.1", "c")
    assert state.phase is Phase.JUDGED
    scores = {"a": Fraction(7), "b": Fraction(8), "c": Fraction(15, 2)}
    state = ls.reveal_next(state, scores)
    assert state.phase is Phase.REVEALING and state.revealed == (("a", Fraction(7)),)
    state = ls.reveal_next(ls.reveal_next(state, scores), scores)
    assert state.phase is Phase.REVEALED and [j for j, _ in state.revealed] == list(PANEL)
    state = ls.start_performance(state, "3.2")
    assert state.done == ("3.1",) and state.revealed == () and state.submitted == frozenset()


def test_steps_out_of_order_are_conflicts_naming_the_phase():
    state = ls.start_performance(week(), "3.1")
    with pytest.raises(Conflict, match="cannot start a performance while performing"):
        ls.start_performance(state, "3.2")
    with pytest.raises(Conflict, match=r"the current performance is 3\.1"):
        ls.finish_performance(state, "3.2")
    with pytest.raises(Conflict, match="judging is not open"):
        ls.score_submitted(state, "3.1", "a")
    with pytest.raises(Conflict, match="cannot reveal"):
        ls.reveal_next(state, {})
    with pytest.raises(Conflict, match="not in week 3's running order"):
        ls.start_performance(week(), "9.9")


def test_a_judge_off_the_panel_cannot_score_and_a_revealed_performance_cannot_start_again():
    state = ls.open_judging(ls.start_performance(week(), "3.1"), "3.1")
    with pytest.raises(Conflict, match="not on week 3's panel"):
        ls.score_submitted(state, "3.1", "z")
    state = revealed(judged(revealed(judged(week(), "3.1")), "3.2"))
    assert state.next_performance is None
    with pytest.raises(Conflict, match="already been danced"):
        ls.start_performance(state, "3.1")


def test_the_vote_opens_once_and_closes_once():
    state = ls.vote_opened(week(), "p1")
    with pytest.raises(Conflict, match="already open"):
        ls.vote_opened(state, "p1")
    state = ls.vote_closed(state)
    with pytest.raises(Conflict, match="not open"):
        ls.vote_closed(state)
    with pytest.raises(Conflict, match="no week"):
        ls.vote_opened(LiveState(season="s"), "p")


@given(st.lists(st.sampled_from(["start", "finish", "judging", "score", "reveal", "vote"]), max_size=30))
def test_any_sequence_of_steps_keeps_the_state_consistent_and_survives_json(actions):
    """Whatever the producer clicks, a refused step changes nothing, the version grows by one per accepted
    step, revealed scores are a prefix of the panel, and the state round-trips through its JSON."""
    state = week()
    scores = dict.fromkeys(PANEL, Fraction(6))
    for action in actions:
        perf = state.performance or state.next_performance or "3.1"
        step = {
            "start": lambda s: ls.start_performance(s, s.next_performance or "3.1"),
            "finish": lambda s, p=perf: ls.finish_performance(s, p),
            "judging": lambda s, p=perf: ls.open_judging(s, p),
            "score": lambda s, p=perf: ls.score_submitted(s, p, next(iter(set(PANEL) - s.submitted), "a")),
            "reveal": lambda s: ls.reveal_next(s, scores),
            "vote": lambda s: ls.vote_closed(s) if s.poll_open else ls.vote_opened(s, "p"),
        }[action]
        try:
            after = step(state)
        except Conflict:
            continue
        assert after.version == state.version + 1
        state = after
        assert [j for j, _ in state.revealed] == list(PANEL[: len(state.revealed)])
        assert state.submitted <= set(PANEL)
        assert ls.from_json(ls.to_json(state)) == state
