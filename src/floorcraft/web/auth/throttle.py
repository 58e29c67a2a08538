"""Login throttles: two separate sliding windows, per account and per IP (voting-at-scale.md §7).

OWASP: "two separate throttles, per username and per IP, never one combined key", and "use a token
bucket or sliding window; avoid fixed-window counters: they allow bursts at boundary times". A
:class:`SlidingWindow` keeps the times of the recent failures of each key; a key with ``limit`` failures
in the last ``window`` seconds is refused until the oldest one ages out. A throttled login is refused
with one generic 429 whichever throttle tripped and whether or not the account exists, and the password
is not even checked.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass

from floorcraft.web.errors import Throttled

GENERIC_MESSAGE = "too many sign-in attempts: wait a moment and try again"


class SlidingWindow:
    """At most ``limit`` hits per key in any ``window`` seconds (a sliding log, thread-safe).

    ``max_keys`` bounds memory under a flood of distinct keys: the least recently used key is forgotten.
    """

    def __init__(self, limit: int, window: float, *, clock=time.monotonic, max_keys: int = 100_000):
        if limit < 1 or window <= 0:
            raise ValueError("limit must be >= 1 and window > 0")
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self._clock = clock
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        hits = self._hits.get(key)
        if hits is None:
            return deque()
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        return hits

    def retry_after(self, key: str) -> float:
        """Seconds until ``key`` may try again (0 when it may now)."""
        with self._lock:
            now = self._clock()
            hits = self._recent(key, now)
            if len(hits) < self.limit:
                return 0.0
            return hits[len(hits) - self.limit] + self.window - now

    def hit(self, key: str) -> None:
        with self._lock:
            now = self._clock()
            hits = self._recent(key, now)
            hits.append(now)
            self._hits[key] = hits
            self._hits.move_to_end(key)
            while len(self._hits) > self.max_keys:
                self._hits.popitem(last=False)

    def reset(self, key: str) -> None:
        with self._lock:
            self._hits.pop(key, None)


#: Defaults: 5 failures per account and 20 per IP address in 5 minutes (a hall's judges may share one NAT).
DEFAULT_ACCOUNT_LIMIT = (5, 300.0)
DEFAULT_IP_LIMIT = (20, 300.0)


@dataclass
class LoginThrottle:
    """The two login throttles. Only failed sign-ins count; a throttled attempt does not extend the wait."""

    per_account: SlidingWindow
    per_ip: SlidingWindow

    @classmethod
    def default(cls, *, clock=time.monotonic) -> LoginThrottle:
        return cls(
            per_account=SlidingWindow(*DEFAULT_ACCOUNT_LIMIT, clock=clock),
            per_ip=SlidingWindow(*DEFAULT_IP_LIMIT, clock=clock),
        )

    def check(self, username: str, ip: str) -> None:
        """Raise :class:`Throttled` (generic 429) if either throttle is closed for this attempt."""
        wait = max(self.per_account.retry_after(account_key(username)), self.per_ip.retry_after(ip))
        if wait > 0:
            raise Throttled(GENERIC_MESSAGE, retry_after=wait)

    def failed(self, username: str, ip: str) -> None:
        self.per_account.hit(account_key(username))
        self.per_ip.hit(ip)


def account_key(username: str) -> str:
    """Usernames are throttled as they are matched: trimmed and case-folded."""
    return username.strip().casefold()
