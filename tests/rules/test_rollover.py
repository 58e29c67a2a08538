"""Rollovers (tv-rules.md §2.4, §3.4, §7 #6)."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from floorcraft.errors import InvalidInput
from floorcraft.rules.period_input import parse_period
from floorcraft.rules.rollover import RolloverMerge, merge_periods
from floorcraft.rules.tv import Entry, compute_period

S34_W1 = Path(__file__).resolve().parents[1] / "data" / "tv" / "6.6-dwts-s34-w1-two-judges.json"


def test_s28_raw_sum_12_plus_11_is_23():
    """Lamar Odom: W1 11, W2 12 → "12 + 11 = 23 out of 60" (tv-rules.md §2.4, fame10.com)."""
    week1 = [Entry("Lamar Odom", Fraction(11), 500), Entry("Other", Fraction(20), 900)]
    week2 = [Entry("Lamar Odom", Fraction(12), 700), Entry("Other", Fraction(21), 100)]
    merged = merge_periods([week1, week2])
    assert merged == [Entry("Lamar Odom", Fraction(23), 1200), Entry("Other", Fraction(41), 1000)]


def test_couples_gone_from_the_last_period_are_dropped_and_immunity_is_the_last_periods():
    week1 = [
        Entry("A", Fraction(20), 1, immune=True),
        Entry("B", Fraction(18), 2),
        Entry("C", Fraction(10), 3),
    ]
    week2 = [Entry("B", Fraction(25), 5), Entry("A", Fraction(24), 4)]
    assert merge_periods([week1, week2]) == [Entry("B", Fraction(43), 7), Entry("A", Fraction(44), 5)]


def test_s34_week_1_out_of_20_and_week_2_out_of_30_under_both_merges():
    """S34 W1 (two judges, /20) + W2 (three judges, /30): raw sum is the default (§2.4, §7 #6)."""
    case = json.loads(S34_W1.read_text(encoding="utf-8"))["cases"][0]
    week1, _ = parse_period(case["input"])
    week2 = [Entry(e.id, e.judges_total * Fraction(3, 2) - 1, 0) for e in week1]
    raw = {e.id: e.judges_total for e in merge_periods([week1, week2])}
    normalised = merge_periods([week1, week2], merge=RolloverMerge.NORMALISE_PER_WEEK, maxima=[20, 30])
    assert raw["Robert Irwin"] == 15 + Fraction(45, 2) - 1
    assert {e.id: e.judges_total for e in normalised}["Robert Irwin"] == Fraction(15 * 3, 2) + Fraction(43, 2)
    result = compute_period(merge_periods([week1, week2]), method="rank_points", eliminate=2)
    assert result.eliminated == {"Corey Feldman", "Andy Richter"}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"merge": "average"}, "unknown rollover merge 'average'"),
        ({"merge": "normalise_per_week"}, "needs one maximum per period"),
        ({"merge": "normalise_per_week", "maxima": [20, 0]}, "positive exact number"),
    ],
)
def test_bad_settings_are_invalid(kwargs, message):
    with pytest.raises(InvalidInput, match=message):
        merge_periods([[Entry("A", Fraction(1), 1)], [Entry("A", Fraction(1), 1)]], **kwargs)
