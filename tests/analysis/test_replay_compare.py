"""What-if replays and the rank/percent comparison on small hand-made seasons and the real data."""

from fractions import Fraction

from floorcraft.analysis.compare import compare_methods
from floorcraft.analysis.periods import VotePeriod
from floorcraft.analysis.replay import decide, replay_season
from floorcraft.analysis.season_rules import rules_from_preset
from floorcraft.analysis.vote_models import InferredVotes, PopularityPrior, vote_model

# tv-rules.md §6.3 (ABC): judges 38 / 26 / 14; votes 20 / 40 / 40 % → C out under percentages. Under dense
# rank points the same votes give A 3 + 2 = 5, B 2 + 3 = 5, C 1 + 3 = 4: C out too. With votes 10 / 45 / 45
# percentages give A 48.7 + 10 = 58.7 < C 17.9 + 45 = 62.9: A goes instead.
ABC = VotePeriod(3, (1,), {"A": Fraction(38), "B": Fraction(26), "C": Fraction(14)}, ("C",))
ABC_VOTES = {"A": 20, "B": 40, "C": 40}


def test_decide_percent_and_rank_on_the_abc_example():
    _, percent_out = decide(ABC, ABC_VOTES, rules_from_preset("dwts-percent"))
    assert percent_out == ("C",)
    result, rank_out = decide(ABC, ABC_VOTES, rules_from_preset("dwts-current"))
    assert rank_out == ("C",) and not result.tied_at_cut
    _, percent_out = decide(ABC, {"A": 10, "B": 45, "C": 45}, rules_from_preset("dwts-percent"))
    assert percent_out == ("A",)


def test_save_model_keeps_the_higher_judges_total():
    votes = {"A": 10, "B": 50, "C": 40}
    result, gone = decide(ABC, votes, rules_from_preset("dwts-judges-save"))
    assert result.bottom == {"A", "C"} and gone == ("C",)


def test_inferred_votes_replay_reproduces_the_season(small_season):
    season = small_season(
        5, {1: {"A": 30, "B": 25, "C": 20, "D": 28}, 2: {"A": 30, "B": 25, "D": 28}}, {"C": 1, "B": 2}
    )
    season.couples["A"].placement, season.couples["D"].placement = 1, 2
    replay = replay_season(season, rules_from_preset("dwts-percent"), InferredVotes())
    assert [w.actual for w in replay] == [("C",)]
    assert not any(w.changed for w in replay)


def test_prior_votes_are_seeded_and_order_free():
    period = VotePeriod(1, (1,), {"A": Fraction(1), "B": Fraction(1)}, ("A",))
    swapped = VotePeriod(1, (1,), {"B": Fraction(1), "A": Fraction(1)}, ("A",))
    assert PopularityPrior(seed=3).votes(period) == PopularityPrior(seed=3).votes(swapped)
    assert PopularityPrior(seed=3).votes(period) != PopularityPrior(seed=4).votes(period)
    assert sum(PopularityPrior().votes(period).values()) == 10_000_000
    assert vote_model("prior", seed=2) == PopularityPrior(seed=2)


def test_comparison_on_real_seasons(dwts):
    comparison = compare_methods(dwts.seasons)
    assert len(comparison.seasons) == 34
    assert comparison.weeks == sum(s.weeks for s in comparison.seasons) > 250
    assert 0 <= comparison.different <= comparison.weeks
    for row in comparison.seasons:
        assert len(row.examples) == row.different
    prior = compare_methods(dwts.seasons[:5], vote_model=PopularityPrior(seed=1))
    assert prior.vote_model == "prior" and prior.weeks > 0


def test_replaying_under_the_own_rules_with_inferred_votes_changes_nothing(dwts):
    for number, preset in ((2, "dwts-rank-s1"), (5, "dwts-percent"), (34, "dwts-current")):
        weeks = replay_season(dwts.season(number), rules_from_preset(preset), InferredVotes())
        assert weeks and not any(w.changed for w in weeks if not w.tied), number
