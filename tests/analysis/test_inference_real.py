"""Fan-vote inference over every DWTS decision in the MCM data, and Strictly under its own rules."""

import pytest

from floorcraft.analysis.inference import EXPLAINED, NOT_ANALYSABLE, infer_season
from floorcraft.analysis.periods import vote_periods
from floorcraft.analysis.season_rules import dwts_preset
from floorcraft.rules.tv import Method


@pytest.fixture(scope="module")
def weeks(dwts):
    return [w for season in dwts.seasons for w in infer_season(season)]


def test_every_elimination_week_is_reported(dwts, weeks):
    expected = sum(1 for s in dwts.seasons for w in s.weeks() if s.eliminated_in(w))
    eliminations = {(w.season, w.weeks[-1]) for w in weeks if w.eliminated}
    assert len(eliminations) == expected
    assert {w.season for w in weeks if w.final} == set(range(1, 35))


def test_status_and_ranges_for_each_week(weeks):
    for week in weeks:
        if week.status == NOT_ANALYSABLE:
            assert week.notes
            continue
        assert week.couples, week.label
        if week.status == EXPLAINED:
            for line in week.couples:
                assert line.low is not None and line.high is not None and line.low <= line.high
                if week.rules.method == Method.PERCENT_SHARE:
                    assert 0 <= line.low <= line.high <= 1
                else:
                    assert 1 <= line.low <= line.high <= len(week.couples)
            if week.witness is not None:
                assert week.verified, (week.season, week.label)


def test_the_one_unanalysable_week_is_diana_nyads(weeks):
    flagged = [w for w in weeks if w.status == NOT_ANALYSABLE]
    assert [(w.season, w.weeks) for w in flagged] == [(18, (1, 2))]
    assert "Diana Nyad" in flagged[0].notes[0]


def test_season_34_double_elimination_after_a_rollover(dwts):
    (first, *_) = infer_season(dwts.season(34))
    assert first.weeks == (1, 2) and set(first.eliminated) == {"Baron Davis", "Corey Feldman"}
    assert first.rules.preset == "dwts-current" and first.bottom == 2
    baron = first.couple("Baron Davis")
    assert baron.outcome == "eliminated" and baron.low >= 2  # cannot have topped the vote


def test_judges_save_seasons_use_a_bottom_two(dwts):
    week = next(w for w in infer_season(dwts.season(29)) if len(w.eliminated) == 1)
    assert dwts_preset(29) == "dwts-judges-save" and week.bottom == 2


def test_percent_week_reports_vote_shares(dwts):
    week = next(w for w in infer_season(dwts.season(5)) if w.weeks == (9,))
    jennie = week.couple("Jennie Garth")
    assert week.rules.method == Method.PERCENT_SHARE and jennie.outcome == "eliminated"
    assert 0 <= jennie.low < jennie.high < 1 and 0 < jennie.needed < 1


def test_rollover_setting_changes_the_periods(dwts):
    s34 = dwts.season(34)
    merged = vote_periods(s34)
    alone = vote_periods(s34, rollover_merge="none")
    assert merged[0].weeks == (1, 2) and alone[0].weeks == (2,)
    normalised = vote_periods(s34, rollover_merge="normalise_per_week")
    assert normalised[0].totals["Robert Irwin"] < 2


def test_strictly_series_infer_under_their_own_rules(strictly):
    weeks = infer_season(strictly.season(6))
    assert weeks[0].rules.preset == "strictly-classic"
    assert all(w.status != EXPLAINED or w.couples for w in weeks)


def test_highs_solver_agrees_with_the_exact_methods(dwts):
    """linprog (percentage era: S5, S17) and milp (rank eras: S2, S34) give the exact bounds."""
    for number in (5, 17, 2, 34):
        exact = infer_season(dwts.season(number))
        highs = infer_season(dwts.season(number), solver="highs")
        for a, b in zip(exact, highs, strict=True):
            assert a.status == b.status
            for x, y in zip(a.couples, b.couples, strict=True):
                assert abs(float(x.low - y.low)) < 1e-6 and abs(float(x.high - y.high)) < 1e-6
    with pytest.raises(ValueError, match="unknown solver"):
        infer_season(dwts.season(5), solver="guess")
