"""Voter identities as keyed hashes (voting-at-scale.md §8 item 1): a voter is stored as the HMAC-SHA256 of
their normalised identity under the server's secret, never in clear.

Pure functions over ``hashlib``; a module of its own so that the SMS hashing helper process
(``voting/hash_helper.py``) starts without the store and the web stack.
"""

from __future__ import annotations

import functools
import hashlib

from floorcraft.voting.model import Channel

_NOT_PHONE_BYTES = bytes(c for c in range(128) if not (chr(c).isdigit() or chr(c) == "+"))


def voter_hash(secret: bytes, channel: str, identity: str) -> str:
    """The keyed hash that stands for a voter (HMAC-SHA256 with the server's secret). Identities are
    compared after trimming and case-folding (e-mail addresses, account ids); phone numbers keep only ``+``
    and digits."""
    ident = identity.strip().casefold()
    if channel == Channel.SMS:
        if ident.isascii():  # the common case, the same result as below: ASCII digits are the ASCII isdigit()
            ident = ident.encode().translate(None, _NOT_PHONE_BYTES).decode()
        else:
            ident = "".join(ch for ch in ident if ch.isdigit() or ch == "+")
    inner, outer = _hmac_pads(secret)
    inner = inner.copy()
    inner.update(f"{channel}:{ident}".encode())
    outer = outer.copy()
    outer.update(inner.digest())
    return outer.hexdigest()


def phone_hashes(secret: bytes, phones: list[str]) -> list[str]:
    """``voter_hash(secret, "sms", phone)`` of each phone, for a webhook batch: the key's pads and the
    ``sms:`` prefix hashed once, and an ASCII number normalised by deleting bytes (``bytes.translate``;
    trimming and case-folding cannot change what is left of it: only ``+`` and digits). About 0.5 µs a
    message less than normalising the ``str`` (docs/voting.md §7.1)."""
    inner0, outer0 = _hmac_pads(secret)
    prefixed = inner0.copy()
    prefixed.update(b"sms:")
    out: list[str] = []
    append = out.append
    for phone in phones:
        try:
            digits = phone.encode("ascii").translate(None, _NOT_PHONE_BYTES)
        except UnicodeEncodeError:
            append(voter_hash(secret, Channel.SMS, phone))
            continue
        inner = prefixed.copy()
        inner.update(digits)
        outer = outer0.copy()
        outer.update(inner.digest())
        append(outer.hexdigest())
    return out


@functools.lru_cache(maxsize=16)
def _hmac_pads(secret: bytes):
    """HMAC-SHA256 (RFC 2104) with the key's two padded states hashed once: each voter hash then costs two
    SHA-256 copies instead of a full HMAC set-up (a third of the CPU: the SMS webhook hashes every message).
    The result is the same as ``hmac.digest(secret, msg, "sha256")`` (tests/voting/test_polls.py)."""
    key = hashlib.sha256(secret).digest() if len(secret) > 64 else secret
    key = key.ljust(64, b"\0")
    return (
        hashlib.sha256(bytes(b ^ 0x36 for b in key)),
        hashlib.sha256(bytes(b ^ 0x5C for b in key)),
    )
