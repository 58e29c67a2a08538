"""SeasonRepo: a whole season saved and loaded back unchanged; facts added one at a time; audit trail."""

from datetime import UTC, datetime
from fractions import Fraction

import pytest

from floorcraft.errors import Conflict, NotFound
from floorcraft.model.couple import Couple
from floorcraft.model.decision import CoupleOutcome, Decision, Outcome, SaveVote
from floorcraft.model.judge import Judge, JudgeRole
from floorcraft.model.performance import Performance, PerformanceKind
from floorcraft.model.period import Period, Substitute, Withdrawal
from floorcraft.model.scores import Bonus, JudgeScore, ScoreCorrection, VoteCount
from floorcraft.model.season import Season
from floorcraft.store.db import transaction
from floorcraft.store.season_repo import SeasonRepo

T0 = datetime(2025, 9, 16, 1, 0, tzinfo=UTC)


def sample_season() -> Season:
    return Season(
        id="s34",
        title="DWTS season 34",
        show="dwts",
        preset="dwts-current",
        settings={"judge_ties": "standard", "score_step": "1/2"},
        couples=(
            Couple("RI", "Robert Irwin", "Witney Carson"),
            Couple("WL", "Whitney Leavitt", "Mark Ballas"),
        ),
        judges=(
            Judge("CAI", "Carrie Ann Inaba"),
            Judge("BT", "Bruno Tonioli", JudgeRole.HEAD),
            Judge("DH", "Derek Hough"),
            Judge("GS", "Gene Simmons", JudgeRole.GUEST),
        ),
        periods=(
            Period(1, "Premiere", panel=("BT", "DH"), eliminate=0),
            Period(
                2,
                "Week 2",
                nights=2,
                panel=("CAI", "BT", "DH", "GS"),
                eliminate=1,
                immune=("RI",),
                substitutes=(Substitute("WL", "Pasha Pashkov"),),
                withdrawals=(Withdrawal("WL", "injury"),),
            ),
            Period(3, "Final", panel=("CAI", "BT", "DH"), eliminate=0, final=True, carry_over=False),
        ),
        performances=(
            Performance("1.1", 1, 1, ("RI",), "Cha-cha", "Song A"),
            Performance("1.2", 1, 2, ("WL",), "Jive", "Song B"),
            Performance("2.1", 2, 1, ("RI", "WL"), "Team freestyle", kind=PerformanceKind.TEAM, night=2),
        ),
        scores=(
            JudgeScore("1.1", "BT", Fraction(8), "booth", T0),
            JudgeScore(
                "1.2",
                "BT",
                Fraction(8),
                "booth",
                T0,
                history=(ScoreCorrection(Fraction(7), Fraction(8), "producer", T0, "keyed 8 stands"),),
            ),
            JudgeScore("2.1", "GS", Fraction(15, 2), "booth", T0),
        ),
        bonuses=(Bonus(2, "RI", Fraction(5), "marathon"),),
        votes=(VoteCount(1, "RI", 1200), VoteCount(1, "WL", 900)),
        save_votes=(SaveVote(2, "BT", "RI"),),
        decisions=(
            Decision(
                1,
                (CoupleOutcome("WL", Outcome.TIED), CoupleOutcome("RI", Outcome.PLACED, 1)),
                ("nobody leaves",),
                "producer",
                T0,
                rolled_over=True,
            ),
        ),
    )


def test_a_whole_season_round_trips(store):
    season = sample_season()
    with transaction(store) as session:
        SeasonRepo(session).add(season)
    with transaction(store) as session:
        loaded = SeasonRepo(session).load("s34")
    assert loaded == season


def test_facts_one_at_a_time_and_audit(store):
    with transaction(store) as session:
        SeasonRepo(session).add(sample_season())
    with transaction(store) as session:
        repo = SeasonRepo(session)
        repo.add_performance("s34", Performance("3.1", 3, 1, ("RI",), "Freestyle"))
        repo.add_score("s34", JudgeScore("3.1", "CAI", Fraction(9), "booth", T0))
        repo.correct_score("s34", "3.1", "CAI", ScoreCorrection(Fraction(9), Fraction(10), "p", T0, "typo"))
        assert repo.set_votes("s34", 1, "RI", 1300) == 1200
        repo.audit(
            "s34", action="score.corrected", subject="3.1/CAI", actor="p", old="9", new="10", reason="typo"
        )
    with transaction(store) as session:
        repo = SeasonRepo(session)
        season = repo.load("s34")
        log = repo.audit_log("s34")
    score = season.score("3.1", "CAI")
    assert score.value == 10 and score.first_value == 9 and score.history[0].reason == "typo"
    assert season.votes_in(1)["RI"] == 1300
    assert [(e.action, e.old, e.new) for e in log] == [("score.corrected", "9", "10")]


def test_duplicates_and_missing_parts_are_refused(store):
    with transaction(store) as session:
        SeasonRepo(session).add(sample_season())
    with pytest.raises(Conflict), transaction(store) as session:
        SeasonRepo(session).add(sample_season())
    with pytest.raises(Conflict), transaction(store) as session:
        SeasonRepo(session).add_score("s34", JudgeScore("1.1", "BT", Fraction(5)))
    with pytest.raises(NotFound), transaction(store) as session:
        SeasonRepo(session).load("nope")
    with pytest.raises(NotFound), transaction(store) as session:
        SeasonRepo(session).add_score("s34", JudgeScore("9.9", "BT", Fraction(5)))


def test_delete_removes_everything(store):
    with transaction(store) as session:
        SeasonRepo(session).add(sample_season())
    with transaction(store) as session:
        SeasonRepo(session).delete("s34")
    with transaction(store) as session:
        repo = SeasonRepo(session)
        assert not repo.exists("s34")
        repo.add(sample_season())  # the key is free again
        assert repo.keys() == ["s34"]
