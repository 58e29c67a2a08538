"""The rules presets registry (tv-rules.md; docs/tv-rules.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from floorcraft.errors import InvalidInput
from floorcraft.rules.finals import FinalMode
from floorcraft.rules.judges_vote import SaveRule
from floorcraft.rules.presets import PRESETS, get_preset
from floorcraft.rules.tv import Method, TiePolicy

DOC = Path(__file__).resolve().parents[2] / "docs" / "tv-rules.md"
NAMES = [
    "dwts-rank-s1",
    "dwts-percent",
    "dwts-judges-save",
    "dwts-current",
    "strictly",
    "strictly-classic",
    "lets-dance",
    "charity",
]


def test_the_issue_presets_are_all_registered():
    assert sorted(PRESETS) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_preset_cites_a_section_of_the_rulebook_and_is_documented(name):
    preset = get_preset(name)
    assert preset.name == name
    assert any(re.search(r"tv-rules\.md §\d", source) for source in preset.sources)
    assert f"`{name}`" in DOC.read_text(encoding="utf-8")


def test_eras_follow_the_rulebook():
    assert get_preset("dwts-percent").method == Method.PERCENT_SHARE
    assert get_preset("dwts-rank-s1").method == get_preset("dwts-current").method == Method.RANK_POINTS
    assert get_preset("dwts-judges-save").save_rule == SaveRule.MAJORITY_HEAD_BREAKS_TIE
    assert get_preset("strictly").judge_ties == TiePolicy.DENSE
    assert get_preset("strictly-classic").judge_ties == TiePolicy.STANDARD
    assert get_preset("strictly").final_mode == FinalMode.PUBLIC_ONLY
    assert get_preset("dwts-current").elimination == "lowest" and get_preset("dwts-current").save_rule is None


def test_unknown_preset_names_the_known_ones():
    with pytest.raises(InvalidInput) as caught:
        get_preset("dwts-s99")
    assert "unknown rules preset 'dwts-s99'" in str(caught.value)
    for name in NAMES:
        assert name in str(caught.value)
