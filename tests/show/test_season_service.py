"""The show service, one floor action at a time, on a small season (SQLite; the demo runs on both)."""

from fractions import Fraction

import pytest
from sqlalchemy import func, select

from floorcraft.errors import Conflict, InvalidInput
from floorcraft.model.decision import Outcome
from floorcraft.show import service as s
from floorcraft.store.db import transaction
from floorcraft.store.season_tables import SeasonAuditRow, SeasonScoreRow, SeasonVotesRow

REGULAR = ("cai", "len", "bt")


def week(engine, data, scores, votes, *, panel=REGULAR):
    """Add a week with one dance per couple in ``scores`` (couple -> per-judge scores) and its votes."""
    period = s.add_week(engine, "small", {**data, "panel": list(panel)}, by="t")
    for couple in scores:
        s.add_performance(engine, "small", period.number, {"couple": couple, "dance": "Waltz"}, by="t")
    for couple, marks in scores.items():
        s.record_scores(engine, "small", period.number, couple, dict(zip(panel, marks, strict=True)), by="t")
    s.record_votes(engine, "small", period.number, votes, by="t")
    return period.number


@pytest.fixture
def engine(sqlite_engine, small):
    s.create_season(sqlite_engine, small, by="t")
    return sqlite_engine


def count(engine, table) -> int:
    with transaction(engine) as session:
        return session.execute(select(func.count()).select_from(table)).scalar_one()


def test_rollover_sums_raw_totals_and_votes(engine):
    week(
        engine,
        {"eliminate": 0},
        {"A": (8, 7, 9), "B": (6, 6, 7), "C": (5, 4, 5), "D": (7, 7, 7)},
        {"A": 100, "B": 300, "C": 90, "D": 100},
    )
    s.confirm_week(engine, "small", 1, by="t")
    # week 2: absent judge -> a panel of two (out of 20)
    week(
        engine,
        {"eliminate": 1, "bottom": 0},
        {"A": (9, 9), "B": (5, 5), "C": (6, 6), "D": (7, 7)},
        {"A": 10, "B": 20, "C": 30, "D": 40},
        panel=("cai", "bt"),
    )
    comp = s.compute_week(engine, "small", 2)
    assert comp.chain == (1, 2)
    totals = {e.id: (e.judges_total, e.votes) for e in comp.entries}
    assert totals == {"A": (42, 110), "B": (29, 320), "C": (26, 120), "D": (35, 140)}
    assert any("weeks 1 + 2 combined" in line for line in comp.explanation)


def test_team_dance_is_credited_to_each_member_and_guest_adds_a_score(engine):
    panel = (*REGULAR, "gs")
    n = s.add_week(engine, "small", {"eliminate": 1, "bottom": 0, "panel": list(panel)}, by="t").number
    for couple in "ABCD":
        s.add_performance(engine, "small", n, {"couple": couple, "dance": "Jive"}, by="t")
    s.add_performance(engine, "small", n, {"couples": ["A", "B"], "dance": "Team freestyle"}, by="t")
    for couple in "ABCD":
        s.record_scores(engine, "small", n, couple, dict.fromkeys(panel, 5), by="t", dance="Jive")
    s.record_scores(engine, "small", n, "1.5", dict.fromkeys(panel, 9), by="t")
    s.record_votes(engine, "small", n, dict.fromkeys("ABCD", 10), by="t")
    totals = {e.id: e.judges_total for e in s.compute_week(engine, "small", n).entries}
    # four judges (the guest adds a score): 4 × 5 own dance, + 4 × 9 team dance for A and B
    assert totals == {"A": 56, "B": 56, "C": 20, "D": 20}


def test_scores_are_checked_against_the_panel_and_the_scale(engine):
    n = s.add_week(engine, "small", {"panel": ["cai", "bt"]}, by="t").number
    s.add_performance(engine, "small", n, {"couple": "A"}, by="t")
    with pytest.raises(InvalidInput) as err:
        s.record_scores(engine, "small", n, "A", {"cai": 7, "len": 8, "bt": 11, "xx": 3}, by="t")
    text = str(err.value)
    assert "judge len: not on week 1's panel" in text
    assert "judge bt: score 11 is outside 1–10" in text
    assert "judge xx: unknown judge" in text
    assert count(engine, SeasonScoreRow) == 0  # all or nothing: cai's valid 7 was not stored either
    with pytest.raises(InvalidInput, match="not a multiple of 1"):
        s.record_scores(engine, "small", n, "A", {"cai": 7.5}, by="t")


def test_halves_allowed_by_a_season_setting(sqlite_engine, small):
    small["season"]["settings"] = {"score_step": "1/2"}
    s.create_season(sqlite_engine, small, by="t")
    n = s.add_week(sqlite_engine, "small", {}, by="t").number
    s.add_performance(sqlite_engine, "small", n, {"couple": "A"}, by="t")
    s.record_scores(sqlite_engine, "small", n, "A", {"cai": 6.5, "len": "7", "bt": "7.5"}, by="t")
    season = s.load(sqlite_engine, "small")
    assert [sc.value for sc in season.scores] == [Fraction(13, 2), 7, Fraction(15, 2)]


def test_a_correction_keeps_the_old_value_who_when_why_and_is_audited(engine):
    n = s.add_week(engine, "small", {}, by="t").number
    s.add_performance(engine, "small", n, {"couple": "A"}, by="t")
    s.record_scores(engine, "small", n, "A", {"cai": 7, "len": 7, "bt": 7}, by="booth")
    with pytest.raises(InvalidInput, match="already scored"):
        s.record_scores(engine, "small", n, "A", {"bt": 8}, by="booth")
    with pytest.raises(InvalidInput, match="needs a reason"):
        s.correct_score(engine, "small", n, "A", "bt", 8, by="producer", reason=" ")
    s.correct_score(engine, "small", n, "A", "bt", 8, by="producer", reason="the keyed 8 is official")
    score = s.load(engine, "small").score("1.1", "bt")
    assert score.value == 8 and score.first_value == 7
    (c,) = score.history
    assert (c.old, c.new, c.by, c.reason) == (7, 8, "producer", "the keyed 8 is official")
    assert c.at is not None
    last = s.audit_log(engine, "small")[-1]
    assert (last.action, last.subject, last.old, last.new, last.actor) == (
        "score.corrected",
        "1.1/bt",
        "7",
        "8",
        "producer",
    )


def test_a_failing_action_leaves_the_database_unchanged(engine):
    n = s.add_week(engine, "small", {}, by="t").number
    before = count(engine, SeasonAuditRow)
    with pytest.raises(InvalidInput):
        s.record_votes(engine, "small", n, {"A": 10, "B": -1, "Z": 5}, by="t")
    assert count(engine, SeasonVotesRow) == 0
    assert count(engine, SeasonAuditRow) == before


def test_double_elimination_immunity_withdrawal_and_final(engine, small):
    marks = {"A": (9, 9, 9), "B": (8, 8, 8), "C": (4, 4, 4), "D": (3, 3, 3)}
    # immunity: D is lowest but immune; a withdrawal of B on top of one elimination
    n = week(engine, {"eliminate": 1, "bottom": 0, "immune": ["D"]}, marks, dict.fromkeys("ABCD", 10))
    s.withdraw(engine, "small", n, "B", reason="injury", by="t")
    comp = s.compute_week(engine, "small", n)
    assert {e.id for e in comp.entries} == {"A", "C", "D"}
    decision = s.confirm_week(engine, "small", n, by="t")
    assert decision.eliminated == ("C",) and decision.withdrawn == ("B",)
    with pytest.raises(Conflict):
        s.record_votes(engine, "small", n, {"A": 1}, by="t")
    s.add_week(engine, "small", {}, by="t")
    with pytest.raises(InvalidInput, match="no longer in the competition"):
        s.add_performance(engine, "small", 2, {"couple": "B"}, by="t")


def test_confirm_waits_for_the_judges_save_and_the_final_has_a_winner(engine):
    marks = {"A": (9, 9, 9), "B": (8, 8, 8), "C": (4, 4, 4), "D": (3, 3, 3)}
    n = week(engine, {}, marks, {"A": 40, "B": 30, "C": 20, "D": 10})  # preset default: bottom two
    with pytest.raises(InvalidInput, match="judges' save on C and D is not decided"):
        s.confirm_week(engine, "small", n, by="t")
    with pytest.raises(InvalidInput, match="not in the bottom group"):
        s.record_save_votes(engine, "small", n, {"cai": "A"}, by="t")
    comp = s.record_save_votes(engine, "small", n, {"cai": "C", "bt": "C"}, by="t")
    assert comp.save.saved == "C" and not comp.save.head_vote_used
    decision = s.confirm_week(engine, "small", n, by="t")
    assert dict((o.couple, o.outcome) for o in decision.outcomes) == {
        "C": Outcome.SAVED,
        "D": Outcome.ELIMINATED,
    }
    # the final (dwts-judges-save: combined rank points decide; B tops the public vote, A the judges)
    n = week(engine, {"final": True}, {k: marks[k] for k in "ABC"}, {"A": 10, "B": 50, "C": 20})
    comp = s.compute_week(engine, "small", n)
    assert comp.kind == "final"
    decision = s.confirm_week(engine, "small", n, by="t")
    assert decision.winner == "B"
    assert [(o.couple, o.place) for o in decision.outcomes] == [("B", 1), ("A", 2), ("C", 3)]
    with pytest.raises(Conflict, match="the season is over"):
        s.add_week(engine, "small", {}, by="t")


def test_double_elimination(engine):
    marks = {"A": (9, 9, 9), "B": (8, 8, 8), "C": (4, 4, 4), "D": (3, 3, 3)}
    n = week(engine, {"eliminate": 2}, marks, {"A": 40, "B": 30, "C": 20, "D": 10})
    comp = s.compute_week(engine, "small", n)
    assert comp.kind == "elimination" and comp.result.eliminated == {"C", "D"}
    assert set(s.confirm_week(engine, "small", n, by="t").eliminated) == {"C", "D"}
