"""Percentage-era vote shares: hand-computed weeks, and the exact closed forms against HiGHS."""

from fractions import Fraction as F

from hypothesis import given
from hypothesis import strategies as st

from floorcraft.analysis import lp, percent

# ABC's own example (tv-rules.md §6.3): judges 38 / 26 / 14 of 78, C eliminated.
ABC = {"A": F(38), "B": F(26), "C": F(14)}


def test_three_couple_week_by_hand():
    j = percent.judges_shares(ABC)
    found = percent.below(j, ["C"])
    # C can have at most 38/78: then A needs > 14/78 and B > 26/78 to stay above C's 52/78; 38+14+26 = 78.
    assert found.ranges["C"] == (0, F(19, 39))
    assert found.ranges["A"] == (0, 1) and found.ranges["B"] == (0, 1)
    assert not found.tie_only
    w = found.witness
    assert sum(w.values()) == 1
    assert max(j[c] + w[c] for c in "AB") > j["C"] + w["C"]
    assert min(j[c] + w[c] for c in "AB") > j["C"] + w["C"]


def test_votes_needed_by_hand():
    j = percent.judges_shares(ABC)
    # A is safe once its share v leaves too little for both others to pass 38/78 + v: 3v + 36/78 = 1.
    assert percent.needed_to_be_safe(j, "A", 1) == F(7, 39)
    assert percent.needed_to_be_safe(j, "C", 1) == F(19, 39)


def test_week_no_vote_can_explain():
    # A judges' share so high that even with no votes A stays above B with all the votes: 9 vs 1 of 10.
    j = percent.judges_shares({"A": F(95), "B": F(3), "C": F(2)})
    assert percent.below(j, ["A"]) is None
    assert percent.below(j, ["C"]) is not None


def test_tie_only_week():
    # Equal judges, two couples: B below A needs v_B < v_A; fine. With A's share one more than all the votes,
    # B can only tie at best when A is eliminated: j_A - j_B = 1 exactly.
    j = {"A": F(1), "B": F(0)}
    found = percent.below(j, ["A"])
    assert found is not None and found.tie_only and found.witness is None


def test_only_survivor_lower_bound():
    # Two couples, B eliminated: A's share must exceed B's combined minus its own judges' share.
    j = percent.judges_shares({"A": F(1), "B": F(3)})
    found = percent.below(j, ["B"])
    assert found.ranges["A"][0] == F(3, 4)  # v_A + 1/4 > 3/4 + (1 - v_A)  ⇔  v_A > 3/4
    assert found.ranges["B"] == (0, F(1, 4))


def _same_ranges(exact, numeric, names) -> bool:
    """The exact result and HiGHS agree (a tie-only case may be infeasible numerically); True if none."""
    if exact is None or exact.tie_only:
        assert numeric is None or exact is not None
        return True
    assert numeric is not None
    for c in names:
        assert abs(float(exact.ranges[c][0]) - numeric[c][0]) < 1e-6
        assert abs(float(exact.ranges[c][1]) - numeric[c][1]) < 1e-6
    return False


totals = st.lists(st.integers(min_value=10, max_value=40), min_size=3, max_size=7)


@given(totals, st.data())
def test_closed_forms_match_highs(values, data):
    names = [f"c{i}" for i in range(len(values))]
    j = percent.judges_shares({n: F(v) for n, v in zip(names, values, strict=True)})
    k = data.draw(st.integers(min_value=1, max_value=2))
    bottom = data.draw(st.lists(st.sampled_from(names), min_size=k, max_size=k, unique=True))
    exact = percent.below(j, bottom)
    pairs = [(b, s) for b in bottom for s in names if s not in bottom]
    numeric = lp.share_ranges(j, pairs, epsilon=1e-12)
    if _same_ranges(exact, numeric, names):
        return
    w = exact.witness
    assert sum(w.values()) == 1 and all(v >= 0 for v in w.values())
    assert max(j[b] + w[b] for b in bottom) < min(j[s] + w[s] for s in names if s not in bottom)


def test_final_chain_by_hand():
    # Judges 30 / 20 / 10 of 60; placings B, A, C. B needs v_B > v_A + 1/6; C anything below A.
    j = percent.judges_shares({"A": F(30), "B": F(20), "C": F(10)})
    found = percent.chain(j, ["B", "A", "C"])
    assert found.ranges["C"][0] == 0 and found.ranges["A"][0] == 0
    # B's least share: the others can hold at most v_A ≤ v_B − 1/6 and v_C ≤ v_A + 1/3 ≤ v_B + 1/6, so
    # 1 ≤ 3·v_B: v_B ≥ 1/3.
    assert found.ranges["B"][0] == F(1, 3)
    # A at most: B must exceed v_A + 1/6, C free at 0: v_A + v_A + 1/6 = 1 → 5/12
    assert found.ranges["A"][1] == F(5, 12)
    assert percent.chain(j, ["C", "B", "A"]) is not None
    # all judges' points to A: B can only draw level (every vote to B), never pass A
    assert percent.chain(percent.judges_shares({"A": F(99), "B": F(0)}), ["B", "A"]).tie_only


@given(st.lists(st.integers(min_value=10, max_value=40), min_size=2, max_size=6), st.randoms())
def test_chain_matches_highs(values, rng):
    names = [f"c{i}" for i in range(len(values))]
    j = percent.judges_shares({n: F(v) for n, v in zip(names, values, strict=True)})
    order = names[:]
    rng.shuffle(order)
    exact = percent.chain(j, order)
    numeric = lp.share_ranges(j, [(order[k + 1], order[k]) for k in range(len(order) - 1)], epsilon=1e-12)
    _same_ranges(exact, numeric, names)
