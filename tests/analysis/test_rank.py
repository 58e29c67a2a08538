"""Rank-era vote ranks: the published S1 W4 example and a brute-force check of the exchange argument."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from floorcraft.analysis import rank

# tv-rules.md §6.1, DWTS S1 W4: judges' rank points Kelly 4, Rachel 3, John 2, Joey 1; Rachel eliminated.
S1W4 = {"Kelly": 4, "Rachel": 3, "John": 2, "Joey": 1}


def test_s1_week_4_rachel_must_be_last_in_the_vote():
    found = rank.below(S1W4, ["Rachel"])
    # Rank 3 in the vote gives Rachel 3 + 2 = 5; Joey and John reach 5 only with vote ranks 1 and 2, which
    # leaves Kelly 4 + 1 = 5 with fewer votes than Rachel: Kelly would go. So only vote rank 4 explains it.
    assert found.feasible["Rachel"] == {4}
    assert found.feasible["Joey"] == {1, 2}
    assert found.feasible["Kelly"] == {1, 2, 3}


def test_votes_needed_s1_week_4():
    # Kelly last in the vote: 4 + 1 = 5; Rachel 3 + 2, John 2 + 3, Joey 1 + 4 tie on 5 with more votes.
    assert rank.needed_to_be_safe(S1W4, "Kelly", 1) == 3
    # Joey second in the vote: 1 + 3 = 4 < Kelly 4 + 1, Rachel 3 + 2, John 2 + 4.
    assert rank.needed_to_be_safe(S1W4, "Joey", 1) == 1


def _brute(judges, bottom):
    n = len(judges)
    names = list(judges)
    feasible = {c: set() for c in names}
    for perm in itertools.permutations(range(1, n + 1)):
        keys = {c: (n + 1) * (judges[c] + v) + v for c, v in zip(names, perm, strict=True)}
        if max(keys[b] for b in bottom) < min(keys[c] for c in names if c not in bottom):
            for c, v in zip(names, perm, strict=True):
                feasible[c].add(n + 1 - v)
    return feasible if any(feasible.values()) else None


@given(st.lists(st.integers(min_value=1, max_value=6), min_size=3, max_size=6), st.data())
def test_exchange_argument_matches_enumeration(points, data):
    judges = {f"c{i}": p for i, p in enumerate(points)}
    k = data.draw(st.integers(min_value=1, max_value=2))
    bottom = data.draw(st.lists(st.sampled_from(sorted(judges)), min_size=k, max_size=k, unique=True))
    found = rank.below(judges, bottom)
    expected = _brute(judges, bottom)
    if expected is None:
        assert found is None
    else:
        assert {c: set(r) for c, r in found.feasible.items()} == expected


def _at_risk(judges, couple, votes, danger):
    """Brute force: some ranking of the others puts ``couple`` (``votes`` points) in the bottom group."""
    n = len(judges)
    others = [c for c in judges if c != couple]
    rest = [v for v in range(1, n + 1) if v != votes]
    mine = (n + 1) * (judges[couple] + votes) + votes
    for perm in itertools.permutations(rest):
        above = sum((n + 1) * (judges[c] + v) + v > mine for c, v in zip(others, perm, strict=True))
        if above >= n - danger:
            return True
    return False


@given(st.lists(st.integers(min_value=1, max_value=6), min_size=3, max_size=5), st.integers(1, 2))
def test_votes_needed_matches_enumeration(points, danger):
    judges = {f"c{i}": p for i, p in enumerate(points)}
    n = len(judges)
    for couple in judges:
        safe_ranks = [n + 1 - v for v in range(1, n + 1) if not _at_risk(judges, couple, v, danger)]
        assert rank.needed_to_be_safe(judges, couple, danger) == (max(safe_ranks) if safe_ranks else 0)


def _brute_period(judges, eliminated, bottom):
    """Every vote ranking (by enumeration) with each eliminated couple among the lowest ``bottom``."""
    n = len(judges)
    names = list(judges)
    feasible = {c: set() for c in names}
    for perm in itertools.permutations(range(1, n + 1)):
        keys = {c: (n + 1) * (judges[c] + v) + v for c, v in zip(names, perm, strict=True)}
        lowest = sorted(names, key=keys.__getitem__)[:bottom]
        if set(eliminated) <= set(lowest):
            for c, v in zip(names, perm, strict=True):
                feasible[c].add(n + 1 - v)
    return feasible


def test_real_rank_era_weeks_match_enumeration(dwts):
    """Every real rank-era elimination with at most 7 couples, against all vote rankings."""
    from floorcraft.analysis.inference import infer_season

    checked = 0
    for season in dwts.seasons:
        for week in infer_season(season):
            if week.rules.method != "rank_points" or week.final or len(week.couples) > 7 or not week.couples:
                continue
            judges = {line.couple: int(line.judges_score) for line in week.couples}
            expected = _brute_period(judges, week.eliminated, week.bottom)
            assert {line.couple: set(line.ranks) for line in week.couples} == expected, (
                season.number,
                week.label,
            )
            checked += 1
    assert checked >= 20


@settings(max_examples=40)
@given(st.lists(st.integers(min_value=1, max_value=6), min_size=3, max_size=6), st.data())
def test_milp_ranges_match_enumeration(points, data):
    from floorcraft.analysis.milp import rank_ranges

    judges = {f"c{i}": p for i, p in enumerate(points)}
    k = data.draw(st.integers(min_value=1, max_value=2))
    out = data.draw(st.lists(st.sampled_from(sorted(judges)), min_size=k, max_size=k, unique=True))
    bottom = data.draw(st.sampled_from([k, k + 1] if k + 1 < len(judges) else [k]))
    expected = _brute_period(judges, out, bottom)
    found = rank_ranges(judges, out, bottom)
    if not any(expected.values()):
        assert found is None
    else:
        assert found == {c: (min(r), max(r)) for c, r in expected.items()}
