"""Pure types and limit rules of the audience vote (standard library only, no I/O).

A *poll* is a voting window over the couples of one scoring period; each *channel* (web/app, SMS, donations)
has its own rules: a cap per voter (or none), the cap's scope, whether a new submission replaces the voter's
previous one (allocation mode), and for donations the price of one vote. The ledger (``voting/ledger.py``)
applies these rules inside its write transaction; the functions here decide, and say why, as data.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from floorcraft.errors import Problems


class Channel(StrEnum):
    """How a vote reached us (voting-at-scale.md §2: each method has its own limit)."""

    WEB = "web"
    SMS = "sms"
    DONATIONS = "donations"


class Mode(StrEnum):
    """``count``: every accepted submission adds votes. ``allocation``: the voter's latest submission replaces
    the previous one and the state at close counts (voting-at-scale.md §2 "Allocation model")."""

    COUNT = "count"
    ALLOCATION = "allocation"


class CapScope(StrEnum):
    """What one cap covers. tv-rules.md §7 row 9 (DWTS conflict): ``per_method`` = (voter, method, window);
    ``per_couple_per_method`` = (voter, method, couple, window)."""

    PER_METHOD = "per_method"
    PER_COUPLE_PER_METHOD = "per_couple_per_method"


@dataclass(frozen=True, kw_only=True)
class ChannelRules:
    """The rules of one channel in one poll. ``cap=None`` means no cap (charity nights)."""

    channel: Channel
    cap: int | None = None
    cap_scope: CapScope = CapScope.PER_METHOD
    mode: Mode = Mode.COUNT
    price_cents: int | None = None
    challenge: bool = False

    def __post_init__(self) -> None:
        problems = Problems()
        if self.cap is not None and self.cap < 1:
            problems.add(f"channel {self.channel}: cap must be at least 1 or absent")
        if self.channel == Channel.DONATIONS and (self.price_cents is None or self.price_cents < 1):
            problems.add(f"channel {self.channel}: price_cents must be a positive whole number of cents")
        if self.mode == Mode.ALLOCATION and self.cap is None:
            problems.add(f"channel {self.channel}: an allocation channel needs a cap")
        problems.raise_if_any()


@dataclass(frozen=True)
class CapDecision:
    """Why a submission was accepted or refused by its cap: the rule, the scope key and the numbers."""

    accepted: bool
    rule: str
    scope: str = ""
    used: int = 0
    requested: int = 0
    cap: int | None = None

    def message(self) -> str:
        where = f" for couple {self.scope!r}" if self.scope else ""
        return f"{self.rule}: {self.used} used + {self.requested} requested > cap {self.cap}{where}"


@dataclass(frozen=True)
class Window:
    """A poll's window in microseconds since the epoch: ``opens_at`` ≤ t < ``closes_at``; ``None`` = unset."""

    opens_at: int | None = None
    closes_at: int | None = None


def is_open(window: Window, received_at: int) -> bool:
    """Whether a vote received at ``received_at`` (server time, µs) counts: the window is half-open
    ``[opens_at, closes_at)``; the server's receipt time decides (voting-at-scale.md §4, X Factor 2005;
    §8 item 1)."""
    if window.opens_at is None or received_at < window.opens_at:
        return False
    return window.closes_at is None or received_at < window.closes_at


def cap_keys(rules: ChannelRules, allocation: dict[str, int]) -> dict[str, int]:
    """The counters a submission uses up: one key ``""`` for a cap per method, one key per couple for a cap
    per couple per method (tv-rules.md §7 row 9)."""
    if rules.cap_scope == CapScope.PER_COUPLE_PER_METHOD:
        return dict(allocation)
    return {"": sum(allocation.values())}


def check_cap(rules: ChannelRules, used: dict[str, int], allocation: dict[str, int]) -> CapDecision:
    """Whether ``allocation`` fits the voter's remaining cap, given ``used`` per cap key (tv-rules.md §5:
    "10 votes per method ... to one couple or split"; voting-at-scale.md §5 "per-voter caps in the same
    transaction"). In allocation mode ``used`` is ignored: the new allocation replaces the old one."""
    rule = f"cap {rules.cap_scope} on {rules.channel}"
    if rules.cap is None:
        return CapDecision(True, "no cap")
    for key, n in sorted(cap_keys(rules, allocation).items()):
        already = 0 if rules.mode == Mode.ALLOCATION else used.get(key, 0)
        if already + n > rules.cap:
            return CapDecision(False, rule, key, already, n, rules.cap)
    return CapDecision(True, rule, cap=rules.cap)


def votes_for_amount(amount_cents: int, price_cents: int) -> int:
    """Charity nights: votes = amount ÷ price, rounded down, no cap (voting-at-scale.md §3: "$1 donation = 1
    vote", "$5 per vote"). The remainder is a donation without a vote."""
    return amount_cents // price_cents


def validate_allocation(allocation: object, choices: set[str], *, where: str = "votes") -> Problems:
    """Every problem of a submitted ``{couple_id: n}`` mapping (unknown couple, non-positive count, empty)."""
    problems = Problems()
    if not isinstance(allocation, dict) or not allocation:
        problems.add(f"{where}: must map at least one couple id to a number of votes")
        return problems
    for couple, n in sorted(allocation.items(), key=lambda kv: str(kv[0])):
        if couple not in choices:
            problems.add(f"{where}.{couple}: not a choice of this poll")
        if not isinstance(n, int) or isinstance(n, bool) or n < 1:
            problems.add(f"{where}.{couple}: must be a whole number of votes, at least 1")
    return problems


@dataclass(kw_only=True, slots=True)
class Submission:
    """One vote submission as the ledger sees it: identity already hashed, time taken at the server.
    (Not frozen: a frozen dataclass costs a ``__setattr__`` call per field, and this is the hot path.)"""

    poll_id: str
    channel: Channel
    idem_key: str
    voter_hash: str
    allocation: dict[str, int]
    received_at: int
    ip: str | None = None
    amount_cents: int | None = None
    allocation_json: str = ""
