"""Named rulebooks: one frozen ``Preset`` per show era, with its sources (tv-rules.md; docs/tv-rules.md).

A preset fixes the defaults a season starts from; every field can still be overridden per season (the
UNCONFIRMED points of tv-rules.md §7 are exactly why). Look presets up with ``get_preset(name)``. Pure,
standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from floorcraft.errors import InvalidInput
from floorcraft.rules.finals import FinalMode
from floorcraft.rules.judges_vote import SaveRule
from floorcraft.rules.rollover import RolloverMerge
from floorcraft.rules.tv import Method, TiePolicy

__all__ = ["ELIMINATION_MODES", "PRESETS", "Preset", "get_preset"]

ELIMINATION_MODES = ("lowest", "bottom_then_judges_vote")


@dataclass(frozen=True)
class Preset:
    """A show's rulebook as settings. ``seasons`` is free text ("3–27", "2009+"); ``sources`` cite
    tv-rules.md."""

    name: str
    title: str
    seasons: str
    sources: tuple[str, ...]
    method: Method
    judge_ties: TiePolicy = TiePolicy.DENSE
    elimination: str = "lowest"  # "lowest" | "bottom_then_judges_vote"
    bottom_size: int = 0  # size of the bottom group when elimination = "bottom_then_judges_vote"
    save_rule: SaveRule | None = None
    final_mode: FinalMode = FinalMode.COMBINED
    score_min: Fraction = Fraction(1)
    score_max: Fraction = Fraction(10)
    score_step: Fraction = Fraction(1)
    rollover_merge: RolloverMerge = RolloverMerge.RAW_SUM
    judges_weight: Fraction = Fraction(1)
    votes_weight: Fraction = Fraction(1)
    notes: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.elimination not in ELIMINATION_MODES:
            raise ValueError(f"preset {self.name}: unknown elimination {self.elimination!r}")
        if (self.elimination == "bottom_then_judges_vote") != (
            self.save_rule is not None and self.bottom_size > 0
        ):
            raise ValueError(f"preset {self.name}: a judges' vote needs a save_rule and a bottom_size")


_PRESETS = (
    Preset(
        name="dwts-rank-s1",
        title="Dancing with the Stars (US), seasons 1–2: rank method",
        seasons="1–2",
        sources=("tv-rules.md §2.1 ([MCM] App. 1)", "tv-rules.md §6.1"),
        method=Method.RANK_POINTS,
        notes=("Adding ranks (highest sum out) equals rank points N…1 (lowest sum out).",),
    ),
    Preset(
        name="dwts-percent",
        title="Dancing with the Stars (US), seasons 3–27: percentage shares",
        seasons="3–27",
        sources=("tv-rules.md §2.1 ([MCM] App. 2; ABC via blogmaverick.com)", "tv-rules.md §6.2, §6.3"),
        method=Method.PERCENT_SHARE,
        notes=(
            "No published tie rule: public-vote precedence, then a genuine tie (tv-rules.md §7 #3).",
            "Season 15 allowed half points: set score_step = 1/2 for it (tv-rules.md §1.1).",
        ),
    ),
    Preset(
        name="dwts-judges-save",
        title="Dancing with the Stars (US), seasons 28–31: rank points, bottom two, judges' save",
        seasons="28–31",
        sources=("tv-rules.md §2.1 [GREEN-2025]", "tv-rules.md §2.2 [WP-US 28–31]"),
        method=Method.RANK_POINTS,
        elimination="bottom_then_judges_vote",
        bottom_size=2,
        save_rule=SaveRule.MAJORITY_HEAD_BREAKS_TIE,
        notes=("S28 as the switch to rank points is [MCM]'s assumption (tv-rules.md §7 #4).",),
    ),
    Preset(
        name="dwts-current",
        title="Dancing with the Stars (US), season 32 on: rank points, lowest combined out",
        seasons="32+",
        sources=("tv-rules.md §2.1 [GREEN-2025]", "tv-rules.md §2.4, §2.5"),
        method=Method.RANK_POINTS,
        notes=("Judges' tie points on DWTS are UNCONFIRMED; dense by default (tv-rules.md §7 #1).",),
    ),
    Preset(
        name="strictly",
        title="Strictly Come Dancing, series 7 (2009) on: dense rank points, dance-off, public-vote final",
        seasons="2009+",
        sources=("tv-rules.md §3.2 (talktalk.co.uk 2009)", "tv-rules.md §3.3, §3.5"),
        method=Method.RANK_POINTS,
        elimination="bottom_then_judges_vote",
        bottom_size=2,
        save_rule=SaveRule.HEAD_DECIDES_SPLIT,
        final_mode=FinalMode.PUBLIC_ONLY,
        notes=(
            "Series 8–9 had no dance-off (CONFLICT, tv-rules.md §3.3): use elimination = 'lowest' there.",
        ),
    ),
    Preset(
        name="strictly-classic",
        title="Strictly Come Dancing before 2009: standard rank points, dance-off, combined cut in the final",
        seasons="2004–2008",
        sources=("tv-rules.md §3.2", "tv-rules.md §3.3", "tv-rules.md §3.5 (2008 final)", "tv-rules.md §6.5"),
        method=Method.RANK_POINTS,
        judge_ties=TiePolicy.STANDARD,
        elimination="bottom_then_judges_vote",
        bottom_size=2,
        save_rule=SaveRule.HEAD_DECIDES_SPLIT,
        final_mode=FinalMode.CUT_THEN_PUBLIC,
        notes=("Series 1–4 had no dance-off: use elimination = 'lowest' there (tv-rules.md §3.3).",),
    ),
    Preset(
        name="lets-dance",
        title="Let's Dance (RTL): rank points, fewest points out, ties to more viewer votes",
        seasons="all",
        sources=("tv-rules.md §4 (prisma.de, rtl.de, abendzeitung-muenchen.de)",),
        method=Method.RANK_POINTS,
        notes=(
            "Judges' tie points are not published: dense by default.",
            "Llambi once gave -1: lower score_min.",
        ),
    ),
    Preset(
        name="charity",
        title="Charity fundraiser: Judges' Choice, People's Choice (donation votes) and Grand Champion",
        seasons="any",
        sources=("tv-rules.md §5 (charity DWTS events)", "floorcraft.rules.charity"),
        method=Method.PERCENT_SHARE,
        notes=("Grand Champion = judges' share + vote share, weights 1 and 1 unless set (rules.charity).",),
    ),
)

PRESETS: dict[str, Preset] = {preset.name: preset for preset in _PRESETS}


def get_preset(name: str) -> Preset:
    """The preset called ``name``; an unknown name raises ``InvalidInput`` naming the known ones."""
    try:
        return PRESETS[name]
    except (KeyError, TypeError):
        raise InvalidInput(f"unknown rules preset {name!r} (known: {', '.join(PRESETS)})") from None
