"""Which rules preset applied to which real season (tv-rules.md §2.1–2.2 DWTS eras, §3.2–3.3 Strictly).

A :class:`SeasonRules` is what the analysis needs from a preset: the combination method, the tie policy for
judges' rank points, and the size of the bottom group when a judges' save or dance-off decides between the
bottom couples. Every choice the sources leave open is a keyword setting here with its default.
"""

from __future__ import annotations

from dataclasses import dataclass

from floorcraft.rules.presets import get_preset
from floorcraft.rules.tv import Method, TiePolicy


@dataclass(frozen=True)
class SeasonRules:
    """The rules the analysis applies to one season, taken from a named preset."""

    preset: str
    method: Method
    judge_ties: TiePolicy
    bottom_size: int  # 0: the lowest couples go; 2: the eliminated couple came from a bottom two

    @property
    def label(self) -> str:
        save = f", bottom {self.bottom_size} + judges' vote" if self.bottom_size else ""
        return f"{self.preset} ({self.method}{save})"


def rules_from_preset(
    name: str, *, judge_ties: str | None = None, bottom_size: int | None = None
) -> SeasonRules:
    """The :class:`SeasonRules` of preset ``name`` (``InvalidInput`` for an unknown name), with overrides."""
    preset = get_preset(name)
    size = preset.bottom_size if preset.elimination == "bottom_then_judges_vote" else 0
    return SeasonRules(
        preset=name,
        method=preset.method,
        judge_ties=TiePolicy(judge_ties) if judge_ties else preset.judge_ties,
        bottom_size=size if bottom_size is None else bottom_size,
    )


def dwts_preset(season: int, *, rank_era_start: int = 28, last_save_season: int = 31) -> str:
    """The preset of DWTS season ``season`` (tv-rules.md §2.1–2.2).

    * ``rank_era_start`` (default 28, [MCM]'s assumption; only S34 is confirmed, §7 #4): first season of rank
      points after the percentage era (3 to ``rank_era_start`` − 1).
    * ``last_save_season`` (default 31; S32 scrapped the save, none found for S33, §7 #5): seasons
      ``rank_era_start``…``last_save_season`` had a bottom two and a judges' save.
    """
    if season <= 2:
        return "dwts-rank-s1"
    if season < rank_era_start:
        return "dwts-percent"
    if season <= last_save_season:
        return "dwts-judges-save"
    return "dwts-current"


def strictly_preset(series: int) -> tuple[str, int | None]:
    """(preset, bottom-size override) of Strictly series ``series`` (tv-rules.md §3.2–3.3).

    Standard tie points before series 7 (2009), dense from series 7. No dance-off in series 1–4 and, by
    default, series 8–9 (CONFLICT in the sources, §7 #12): the lowest combined couple left.
    """
    preset = "strictly-classic" if series < 7 else "strictly"
    no_dance_off = series <= 4 or series in (8, 9)
    return preset, 0 if no_dance_off else None


def rules_for(
    show: str, number: int, *, judge_ties: str | None = None, rank_era_start: int = 28
) -> SeasonRules:
    """The rules of a real season: DWTS by era, Strictly by series (see the two functions above)."""
    if show == "strictly":
        preset, bottom = strictly_preset(number)
        return rules_from_preset(preset, judge_ties=judge_ties, bottom_size=bottom)
    return rules_from_preset(dwts_preset(number, rank_era_start=rank_era_start), judge_ties=judge_ties)
