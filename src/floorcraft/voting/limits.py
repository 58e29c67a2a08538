"""Limit presets per show, registered by name (style.md §4): a new show is one entry.

Each preset builds the :class:`~floorcraft.voting.model.ChannelRules` of a poll. Open interpretations are
keyword-only settings with documented defaults.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from floorcraft.errors import InvalidInput
from floorcraft.voting.model import CapScope, Channel, ChannelRules, Mode


@dataclass(frozen=True)
class Preset:
    name: str
    source: str
    build: Callable[..., tuple[ChannelRules, ...]]


def dwts(*, cap_scope: CapScope = CapScope.PER_METHOD, online_reassignable: bool = True):
    """DWTS US S32–S34: 10 votes per method (online, SMS) per episode, to one couple or split; online votes
    re-assignable until close, SMS not (tv-rules.md §5). ``cap_scope`` settles the conflict of tv-rules.md §7
    row 9 (default ``per_method``, the ABC reading)."""
    web_mode = Mode.ALLOCATION if online_reassignable else Mode.COUNT
    return (
        ChannelRules(channel=Channel.WEB, cap=10, cap_scope=cap_scope, mode=web_mode),
        ChannelRules(channel=Channel.SMS, cap=10, cap_scope=cap_scope),
    )


def strictly(*, final: bool = False):
    """Strictly (to 2024): 3 online votes per BBC account per week, 1 in the final (tv-rules.md §5)."""
    return (ChannelRules(channel=Channel.WEB, cap=1 if final else 3),)


def charity(*, price_cents: int = 100):
    """Charity nights: votes = amount ÷ price, no cap; $1 = 1 vote by default (voting-at-scale.md §3)."""
    return (ChannelRules(channel=Channel.DONATIONS, price_cents=price_cents),)


PRESETS: dict[str, Preset] = {
    "dwts": Preset("dwts", "tv-rules.md §5 (DWTS S32–S34)", dwts),
    "strictly": Preset("strictly", "tv-rules.md §5 (Strictly to 2024)", strictly),
    "strictly-final": Preset(
        "strictly-final", "tv-rules.md §5 (Strictly final)", lambda: strictly(final=True)
    ),
    "charity": Preset("charity", "voting-at-scale.md §3", charity),
}


def find_preset(name: str) -> Preset:
    """The preset registered as ``name``; an unknown name lists the known ones."""
    try:
        return PRESETS[name]
    except KeyError:
        raise InvalidInput(f"preset {name!r}: unknown (known: {', '.join(sorted(PRESETS))})") from None
