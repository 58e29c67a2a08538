"""The SMS webhook's hashing in a helper process, so that a server process uses both cores.

An SMS batch of 2,000 messages needs 4,000 SHA-256 hashes (each sender's keyed voter hash, each message's
receipt): about half of the CPU the webhook costs the server's event loop, which can use only one core
(docs/voting.md §7.3). Hashing is pure — the same inputs give the same hashes wherever they are computed —
so each server process starts one helper process (``python -m floorcraft.voting.hash_helper``) and sends it
the batch's three columns; the loop decides other batches meanwhile and takes the hashes back when they
are ready.

Nothing depends on the helper for correctness: a batch that it cannot take — it is switched off, the batch
is small, the helper is busy with :data:`MAX_QUEUED` batches already, it failed to start, died or did not
answer within :data:`TIMEOUT` seconds — is hashed on the loop as before (:func:`~floorcraft.voting.singles.
sms_hashes`), and a dead helper is started again :data:`RESTART_AFTER` seconds later. The helper holds no
state but the voter secret, which it reads from its stdin (not from its command line, which other users of
the machine can read).

Wire format on the pipes: frames of a 4-byte little-endian length and a msgpack body. Parent → helper: the
secret (first frame), then ``[id, poll_id, channel, received_at, keys, phones, couples]``; helper → parent:
``[id, voters, receipts]`` (``None`` twice if it could not hash them).
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import struct
import subprocess
import sys
import threading
import time

import msgspec

from floorcraft.voting.singles import sms_hashes

log = logging.getLogger(__name__)

MIN_BATCH = 256  # messages: a smaller batch is hashed on the loop (the round trip costs ~0.1 ms)
MAX_QUEUED = 8  # batches waiting at the helper (~50 ms of its work): one more is hashed on the loop
TIMEOUT = 10.0  # seconds for an answer before the helper is taken for hung (and stopped)
RESTART_AFTER = 5.0  # seconds between a helper's failure and the next start
PIPE_BYTES = 1 << 20  # each pipe's buffer: a few batches (Linux's default limit for unprivileged users)

_LENGTH = struct.Struct("<I")
_encode = msgspec.msgpack.Encoder().encode
_decode = msgspec.msgpack.Decoder().decode


def _widen(*pipes) -> None:
    """Give ``pipes`` room for a whole batch (Linux). With the default 64 kB, a 2,000-message batch (about
    100 kB out, 270 kB back) crossed in pieces, and the helper sat blocked on a full pipe until the event
    loop came back from a ledger batch to read it: idle a third of the time with batches queued, and the
    webhook 10-28 % slower in alternating runs (docs/voting.md §7.1)."""
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None)  # Linux only
    if set_size is None:
        return
    for pipe in pipes:
        with contextlib.suppress(OSError):  # above the system's limit (fs.pipe-max-size): keeps its size
            fcntl.fcntl(pipe.fileno(), set_size, PIPE_BYTES)


def _frame(body: bytes) -> bytes:
    return _LENGTH.pack(len(body)) + body


class HelperGone(Exception):
    """The helper could not answer: hash here."""


class HashHelper:
    """The hashing of a server process's SMS batches, in a helper process when it can (module docstring).
    ``await helper.sms(...)`` gives what :func:`~floorcraft.voting.singles.sms_hashes` gives.

    The helper belongs to the event loop that first uses it (the server's); batches from other loops are
    hashed where they are. ``enabled=False`` never starts one. Counters: ``offloaded`` / ``here`` batches
    hashed by the helper / on the loop."""

    def __init__(
        self,
        secret: bytes,
        *,
        enabled: bool = True,
        min_batch: int = MIN_BATCH,
        max_queued: int = MAX_QUEUED,
        timeout: float = TIMEOUT,
        restart_after: float = RESTART_AFTER,
    ):
        self.secret = secret
        self.enabled = enabled
        self.min_batch = min_batch
        self.max_queued = max_queued
        self.timeout = timeout
        self.restart_after = restart_after
        self.offloaded = 0
        self.here = 0
        self._owner: asyncio.AbstractEventLoop | None = None
        self._link: _Link | None = None
        self._starting: asyncio.Future | None = None
        self._retry_at = 0.0
        self._lock = threading.Lock()

    async def sms(
        self, poll_id: str, channel: str, received_at: int, keys, phones, couples
    ) -> tuple[list[str], list[str]]:
        """``(voter hashes, receipts)`` of one SMS batch."""
        if self.enabled and len(keys) >= self.min_batch:
            try:
                link = await self._ready()
                if link is not None and link.queued < self.max_queued:
                    answer = await link.ask((poll_id, channel, received_at, keys, phones, couples))
                    self.offloaded += 1
                    return answer
            except HelperGone:
                pass
            except Exception:  # a fault of the helper's plumbing never costs a batch: hash it here
                log.exception("SMS hashing helper failed on a batch; hashing it on the event loop")
        self.here += 1
        return sms_hashes(self.secret, poll_id, channel, received_at, keys, phones, couples)

    async def _ready(self) -> _Link | None:
        """The running helper of this loop, starting one if it may; ``None`` if none can answer now."""
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._owner is not loop:
                if self._owner is not None and not self._owner.is_closed():
                    return None  # another loop's helper
                self._owner, self._starting = loop, None
                self._stop()
        if self._link is not None:  # a link that closes clears itself from here (_failed)
            return self._link
        if self._starting is None:
            if time.monotonic() < self._retry_at:
                return None
            self._starting = loop.create_task(self._start(loop))
        starting = self._starting
        try:
            await asyncio.shield(starting)
        finally:
            if self._starting is starting and starting.done():
                self._starting = None
        return self._link

    async def _start(self, loop: asyncio.AbstractEventLoop) -> None:
        link = None
        try:
            proc = subprocess.Popen(
                [sys.executable, "-m", "floorcraft.voting.hash_helper"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
            )
            _widen(proc.stdin, proc.stdout)
            link = _Link(proc, self)
            proc.stdin.write(_frame(self.secret))
            proc.stdin.flush()
            link.writer, _ = await loop.connect_write_pipe(asyncio.BaseProtocol, proc.stdin)
            await loop.connect_read_pipe(lambda: link, proc.stdout)
        except Exception as exc:  # no helper: the batches are hashed on the loop
            log.warning("SMS hashing helper did not start (%r); hashing on the event loop", exc)
            if link is not None:
                link.close()
            self._retry_at = time.monotonic() + self.restart_after
            return
        if link.closed:  # died while starting (its close found no link here to clear)
            self._retry_at = time.monotonic() + self.restart_after
            return
        self._link = link

    def _failed(self, link: _Link) -> None:
        """``link`` stopped answering: the next batches are hashed here until a new helper starts."""
        if self._link is link:
            self._link = None
            self._retry_at = time.monotonic() + self.restart_after
            log.warning("SMS hashing helper stopped; hashing on the event loop until it restarts")

    def _stop(self) -> None:
        link, self._link = self._link, None
        if link is not None:
            link.close()

    def close(self) -> None:
        """Stop the helper (the server is shutting down)."""
        with self._lock:
            self._stop()
            self.enabled = False


class _Link(asyncio.Protocol):
    """The parent's end of one helper process: the pipes, and the batches waiting for their hashes."""

    def __init__(self, proc: subprocess.Popen, owner: HashHelper):
        self.proc = proc
        self.owner = owner
        self.writer: asyncio.WriteTransport | None = None
        self.reader: asyncio.ReadTransport | None = None
        self.closed = False
        self._buffer = bytearray()
        self._waiting: dict[int, asyncio.Future] = {}
        self._next = 0

    @property
    def queued(self) -> int:
        return len(self._waiting)

    async def ask(self, request: tuple) -> tuple[list[str], list[str]]:
        if self.closed or self.writer is None or self.writer.is_closing():
            raise HelperGone()
        loop = asyncio.get_running_loop()
        self._next += 1
        rid = self._next
        fut = self._waiting[rid] = loop.create_future()
        self.writer.write(_frame(_encode((rid, *request))))
        timer = loop.call_later(self.owner.timeout, self._timed_out, rid)
        try:
            return await fut
        finally:
            timer.cancel()
            self._waiting.pop(rid, None)

    def _timed_out(self, rid: int) -> None:
        fut = self._waiting.get(rid)
        if fut is not None and not fut.done():
            log.warning("SMS hashing helper gave no answer in %.0f s: stopping it", self.owner.timeout)
            self.close()

    # -- asyncio.Protocol (the helper's stdout) ------------------------------------------------------------
    def connection_made(self, transport) -> None:
        self.reader = transport

    def data_received(self, data: bytes) -> None:
        buf = self._buffer
        buf += data
        start = 0
        while len(buf) - start >= 4:
            (n,) = _LENGTH.unpack_from(buf, start)
            if len(buf) - start - 4 < n:
                break
            with memoryview(buf) as view:  # released before the buffer is trimmed below
                rid, voters, receipts = _decode(view[start + 4 : start + 4 + n])
            start += 4 + n
            fut = self._waiting.get(rid)
            if fut is not None and not fut.done():
                if voters is None:
                    fut.set_exception(HelperGone())
                else:
                    fut.set_result((voters, receipts))
        if start:
            del buf[:start]

    def connection_lost(self, exc) -> None:
        self.close()

    def close(self) -> None:
        """Stop the helper; every batch waiting for it is hashed on the loop instead."""
        if self.closed:
            return
        self.closed = True
        for fut in self._waiting.values():
            if not fut.done():
                fut.set_exception(HelperGone())
        for transport in (self.writer, self.reader):
            if transport is not None:
                with contextlib.suppress(RuntimeError):  # its event loop is closed already
                    transport.close()
        if self.proc.poll() is None:
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=2)
        for pipe in (self.proc.stdin, self.proc.stdout):
            with contextlib.suppress(OSError):
                pipe.close()
        self.owner._failed(self)


# -- the helper process ------------------------------------------------------------------------------------
def _read_frame(stream) -> bytes | None:
    head = stream.read(4)
    if len(head) < 4:
        return None  # the server closed our stdin (it stopped): so do we
    (n,) = _LENGTH.unpack(head)
    body = stream.read(n)
    return body if len(body) == n else None


def main() -> None:
    """Hash batches from stdin until it closes; answers on stdout, in order."""
    import signal

    # Our life is the server's: we stop when it closes our stdin (or dies). Ctrl-C in its terminal, or a
    # SIGTERM to its process group, is for the server, which then stops us itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    secret = _read_frame(source)
    if secret is None:
        return
    while (frame := _read_frame(source)) is not None:
        rid, poll_id, channel, received_at, keys, phones, couples = _decode(frame)
        try:
            voters, receipts = sms_hashes(secret, poll_id, channel, received_at, keys, phones, couples)
        except Exception:
            log.exception("SMS hashing helper: batch %s", rid)
            voters = receipts = None
        sink.write(_frame(_encode((rid, voters, receipts))))
        sink.flush()


if __name__ == "__main__":
    main()
