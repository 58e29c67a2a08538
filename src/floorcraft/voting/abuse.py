"""Anti-automation: token-bucket rate limits (per IP, per voter, per channel), the challenge hook, and the
anomaly report (voting-at-scale.md §7: OAT-016 Skewing; OWASP Bot Management cheat sheet: "token bucket or
sliding window ... avoid fixed-window counters"; answer with a generic 429).

Rate limits are per server process and approximate by design (a burst guard in memory); the vote *caps* are
exact and live in the ledger's transaction.
"""

from __future__ import annotations

import ipaddress
import itertools
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from floorcraft.voting import journal

# A challenge hook checks a CAPTCHA/Turnstile-style token server-side: (token, client_ip) -> passed?
ChallengeVerifier = Callable[[str | None, str | None], bool]


@dataclass(frozen=True, kw_only=True)
class RateLimits:
    """Requests per second and burst size per key; ``None`` switches a limit off."""

    per_ip: tuple[float, float] | None = (20.0, 60.0)
    per_voter: tuple[float, float] | None = (2.0, 10.0)
    per_channel: tuple[float, float] | None = None


class TokenBucket:
    """Buckets keyed by any hashable; ``allow(key)`` takes one token or says no. Thread-safe."""

    def __init__(
        self, rate: float, burst: float, *, clock: Callable[[], float] = time.monotonic, max_keys=200_000
    ):
        self.rate, self.burst, self.clock, self.max_keys = rate, burst, clock, max_keys
        self._state: dict = {}
        self._lock = threading.Lock()

    def allow(self, key, cost: float = 1.0) -> bool:
        now = self.clock()
        with self._lock:
            tokens, last = self._state.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            ok = tokens >= cost
            self._state[key] = (tokens - cost if ok else tokens, now)
            if len(self._state) > self.max_keys:
                self._prune(now)
            return ok

    def _prune(self, now: float) -> None:
        full = [k for k, (tok, last) in self._state.items() if tok + (now - last) * self.rate >= self.burst]
        for k in full:
            del self._state[k]


class RateLimiter:
    """The three limits of :class:`RateLimits`; :meth:`check` names the first one that refuses."""

    def __init__(self, limits: RateLimits | None, *, clock: Callable[[], float] = time.monotonic):
        limits = limits or RateLimits(per_ip=None, per_voter=None, per_channel=None)
        self.buckets = {
            name: TokenBucket(*spec, clock=clock)
            for name, spec in (
                ("ip", limits.per_ip),
                ("voter", limits.per_voter),
                ("channel", limits.per_channel),
            )
            if spec is not None
        }

    def check(self, *, ip: str | None, voter: str | None, channel: str, cost: float = 1.0) -> str | None:
        for name, key in (("ip", ip), ("voter", voter), ("channel", channel)):
            bucket = self.buckets.get(name)
            if bucket is not None and key is not None and not bucket.allow(key, cost):
                return name
        return None


def network_of(ip: str) -> str:
    """The network an address is judged by: /24 for IPv4, /48 for IPv6."""
    addr = ipaddress.ip_address(ip)
    prefix = 24 if addr.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def anomalies(
    rows: list[tuple],
    *,
    burst_per_minute: int = 600,
    spread_couples: int = 3,
    machine_gap_us: int = 1_000_000,
) -> list[dict]:
    """Signals for the producer's review queue, each with its numbers (voting-at-scale.md §8 item 5):

    * ``network_burst``: more than ``burst_per_minute`` submissions from one network in one minute;
    * ``machine_speed_spread``: one identity voting for at least ``spread_couples`` couples with every gap
      between its submissions shorter than ``machine_gap_us``.

    ``rows`` are ``(received_at_us, channel, voter_hash, ip, allocation_couples)``.
    """
    found: list[dict] = []
    per_minute: dict[tuple[str, int], int] = defaultdict(int)
    by_voter: dict[tuple[str, str], list[tuple[int, frozenset]]] = defaultdict(list)
    for received_at, channel, voter, ip, couples in rows:
        if ip:
            per_minute[(network_of(ip), received_at // 60_000_000)] += 1
        by_voter[(channel, voter)].append((received_at, frozenset(couples)))
    for (net, minute), n in sorted(per_minute.items()):
        if n > burst_per_minute:
            found.append({"signal": "network_burst", "network": net, "minute": minute * 60, "submissions": n})
    for (channel, voter), items in sorted(by_voter.items()):
        items.sort()
        couples = frozenset().union(*(c for _, c in items))
        gaps = [b[0] - a[0] for a, b in itertools.pairwise(items)]
        if len(couples) >= spread_couples and gaps and max(gaps) < machine_gap_us:
            found.append(
                {
                    "signal": "machine_speed_spread",
                    "channel": channel,
                    "voter_hash": voter,
                    "couples": len(couples),
                    "submissions": len(items),
                    "max_gap_ms": max(gaps) / 1000,
                }
            )
    return found


def anomaly_report(engine: Engine, poll_id: str, **settings) -> list[dict]:
    """:func:`anomalies` over a poll's ledger."""
    import json

    with engine.connect() as conn:
        rows = [
            (v.received_at, v.channel, v.voter_hash, v.ip, list(json.loads(v.allocation)))
            for v in journal.poll_votes(conn, poll_id)
        ]
    return anomalies(rows, **settings)
