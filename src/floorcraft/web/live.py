"""The live feed: an in-process publish/subscribe broker for show events, pushed to browsers over SSE.

A service publishes an event once (``broker.publish("reveal", {...})``); every connected screen whose
channels include the event's channel receives it as one Server-Sent Event::

    id: 42
    event: reveal
    data: {"couple": "12", "judge": "ana", "score": 9}

Guarantees and limits (docs/live-feed.md):

- **Ordered ids.** Ids grow by one per event within a broker's life. Publishing is thread-safe (services
  run in the thread pool) and every subscriber sees events in id order.
- **Resume.** A browser that reconnects sends ``Last-Event-ID``; the broker replays what it missed from a
  bounded history. When the gap is older than the history (or the id is from a previous server run), the
  client gets one ``reset`` event instead (carrying the current id, so later reconnects resume from it)
  and reloads the page state from the JSON twin.
- **Heartbeats.** A comment line every ``heartbeat`` seconds keeps proxies and hall Wi-Fi from closing an
  idle stream and lets the server notice gone clients.
- **A slow screen cannot stall the show.** Each subscriber has a bounded queue. Publishing never waits: a
  subscriber whose queue is full is cut off (its stream ends), and its browser reconnects and resumes
  from the history with ``Last-Event-ID``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from starlette.types import Receive, Scope, Send

#: Channel every screen may follow (scoreboard, big screen, voters).
PUBLIC = "public"
#: Channel for the control room only (live tallies, judges' submission status, audit).
CONTROL = "control"

DEFAULT_HISTORY = 1024
DEFAULT_QUEUE_SIZE = 256
DEFAULT_HEARTBEAT = 15.0
#: What browsers should wait before reconnecting (the SSE ``retry:`` field), in milliseconds.
DEFAULT_RETRY_MS = 1000

_CLOSE = object()


@dataclass(frozen=True)
class LiveEvent:
    """One published event; ``encoded`` is its SSE wire form, built once and shared by every client."""

    id: int
    kind: str
    data: dict
    channel: str
    at: float
    encoded: bytes = field(repr=False, compare=False)

    def as_json(self) -> dict:
        return {"id": self.id, "kind": self.kind, "channel": self.channel, "at": self.at, "data": self.data}


def encode_event(event_id: int, kind: str, data: dict) -> bytes:
    """The SSE frame of one event (``data`` is compact JSON on one line)."""
    if not kind or any(c in kind for c in "\r\n:"):
        raise ValueError(f"event kind {kind!r} must be a non-empty word")
    payload = json.dumps(data, separators=(",", ":"), ensure_ascii=False, default=str)
    return f"id: {event_id}\nevent: {kind}\ndata: {payload}\n\n".encode()


class Subscription:
    """One connected client: the channels it follows and its bounded queue (owned by its event loop)."""

    def __init__(self, channels: frozenset[str], queue_size: int, loop: asyncio.AbstractEventLoop):
        self.channels = channels
        self.queue_size = queue_size
        self.loop = loop
        self.queue: asyncio.Queue = asyncio.Queue()
        self.overflowed = False
        self.closed = False

    def _deliver(self, events: Iterable[LiveEvent]) -> None:
        """Runs in the subscriber's loop: enqueue, or cut the subscriber off when its queue is full."""
        for event in events:
            if self.closed:
                return
            if event.channel not in self.channels:
                continue
            if self.queue.qsize() >= self.queue_size:
                self.overflowed = True
                self.close()
                return
            self.queue.put_nowait(event)

    def close(self) -> None:
        """End this client's stream after what is already queued (safe to call twice)."""
        if not self.closed:
            self.closed = True
            self.queue.put_nowait(_CLOSE)

    async def next(self, timeout: float) -> LiveEvent | None:
        """The next event; ``None`` after ``timeout`` seconds of silence; raises ``EOFError`` when closed."""
        try:
            item = await asyncio.wait_for(self.queue.get(), timeout)
        except TimeoutError:
            return None
        if item is _CLOSE:
            raise EOFError
        return item


class Broker:
    """Publishes show events to every subscribed client; see the module docstring for the guarantees."""

    def __init__(
        self,
        *,
        history: int = DEFAULT_HISTORY,
        queue_size: int = DEFAULT_QUEUE_SIZE,
        heartbeat: float = DEFAULT_HEARTBEAT,
        retry_ms: int = DEFAULT_RETRY_MS,
        clock=time.time,
    ):
        if history < 1 or queue_size < 1 or heartbeat <= 0:
            raise ValueError("history and queue_size must be >= 1 and heartbeat > 0")
        self.heartbeat = heartbeat
        self.retry_ms = retry_ms
        self.queue_size = queue_size
        self._clock = clock
        self._lock = threading.RLock()  # re-entered when a direct delivery cuts a client off
        self._history: deque[LiveEvent] = deque(maxlen=history)
        self._latest: dict[tuple[str, str], LiveEvent] = {}
        self._subscribers: set[Subscription] = set()
        self._last_id = 0

    @property
    def last_id(self) -> int:
        return self._last_id

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)

    def latest(self, kind: str, *, channel: str = PUBLIC) -> LiveEvent | None:
        """The most recent event of ``kind`` on ``channel`` (what a newly opened screen should show)."""
        return self._latest.get((channel, kind))

    def publish(self, kind: str, data: dict, *, channel: str = PUBLIC) -> LiveEvent:
        """Publish one event to every subscriber of ``channel``; never blocks on a client. Thread-safe."""
        with self._lock:
            self._last_id += 1
            event = LiveEvent(
                self._last_id, kind, data, channel, self._clock(), encode_event(self._last_id, kind, data)
            )
            self._history.append(event)
            self._latest[(channel, kind)] = event
            by_loop: dict[asyncio.AbstractEventLoop, list[Subscription]] = {}
            for sub in list(self._subscribers):
                if sub.loop.is_closed():  # its server loop is gone without unsubscribing
                    self._subscribers.discard(sub)
                elif channel in sub.channels:
                    by_loop.setdefault(sub.loop, []).append(sub)
            # Scheduling inside the lock keeps every loop's callbacks in id order.
            for loop, subs in by_loop.items():
                self._schedule(loop, subs, event)
        return event

    def _schedule(self, loop: asyncio.AbstractEventLoop, subs: list[Subscription], event: LiveEvent) -> None:
        def deliver() -> None:
            for sub in subs:
                sub._deliver((event,))
                if sub.overflowed:
                    self.unsubscribe(sub)

        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            deliver()
            return
        # The loop may have closed since the check in publish; its subscribers go at the next publish.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(deliver)

    def subscribe(self, channels: Iterable[str] = (PUBLIC,), *, last_event_id: int | None = None):
        """Register a client (call from its event loop); returns ``(subscription, events to replay)``.

        The replay holds the missed events after ``last_event_id`` or, when they are no longer in the
        history (or the id is from before a restart), a single ``reset`` event.
        """
        sub = Subscription(frozenset(channels), self.queue_size, asyncio.get_running_loop())
        with self._lock:
            replay: list[LiveEvent] = []
            if last_event_id is not None:
                oldest = self._history[0].id if self._history else self._last_id + 1
                if last_event_id > self._last_id or last_event_id < oldest - 1:
                    data = {"last_id": self._last_id, "asked": last_event_id}
                    # Carries the current id: the browser resumes from here after reloading the state.
                    frame = encode_event(self._last_id, "reset", data)
                    replay = [LiveEvent(self._last_id, "reset", data, PUBLIC, self._clock(), frame)]
                else:
                    replay = [e for e in self._history if e.id > last_event_id and e.channel in sub.channels]
            self._subscribers.add(sub)
        return sub, replay

    def unsubscribe(self, sub: Subscription) -> None:
        with self._lock:
            self._subscribers.discard(sub)

    def close_all(self) -> None:
        """End every stream (server shutdown): browsers reconnect and resume."""
        with self._lock:
            subs = list(self._subscribers)
            self._subscribers.clear()
        for sub in subs:
            if not sub.loop.is_closed():
                sub.loop.call_soon_threadsafe(sub.close)


def parse_last_event_id(value: str | None) -> int | None:
    """The ``Last-Event-ID`` header (or ``last_event_id`` query value) as an int; junk counts as absent."""
    if value is None:
        return None
    value = value.strip()
    return int(value) if value.isdigit() else None


SSE_HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache, no-store"),
    (b"x-accel-buffering", b"no"),
]


class EventStream:
    """An ASGI response streaming one subscription as SSE until the client leaves or is cut off.

    Like Starlette's ``StreamingResponse`` (return it from any endpoint), but it always watches for
    ``http.disconnect`` itself: ``StreamingResponse`` stops listening under ASGI spec 2.4 and would only
    notice a gone client at its next write, keeping the subscription for up to a heartbeat.
    """

    def __init__(self, broker: Broker, channels: Iterable[str], *, last_event_id: int | None = None):
        self.broker = broker
        self.channels = frozenset(channels)
        self.last_event_id = last_event_id

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        broker = self.broker
        sub, replay = broker.subscribe(self.channels, last_event_id=self.last_event_id)

        async def watch_disconnect() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass
            sub.close()

        watcher = asyncio.create_task(watch_disconnect())
        try:
            await send({"type": "http.response.start", "status": 200, "headers": SSE_HEADERS})
            opening = f"retry: {broker.retry_ms}\n: connected {broker.last_id}\n\n".encode()
            await _body(send, opening + b"".join(e.encoded for e in replay))
            while True:
                try:
                    event = await sub.next(broker.heartbeat)
                except EOFError:
                    break
                await _body(send, b": heartbeat\n\n" if event is None else event.encoded)
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        except OSError:
            pass  # the client went away mid-write
        finally:
            watcher.cancel()
            broker.unsubscribe(sub)


async def _body(send: Send, chunk: bytes) -> None:
    await send({"type": "http.response.body", "body": chunk, "more_body": True})
