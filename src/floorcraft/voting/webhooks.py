"""Webhooks of the SMS aggregator (batches of messages) and the payment provider (signed donation events).

Signatures: header ``Floorcraft-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>``
(the scheme of Stripe's webhooks). A request is refused (``bad_signature``, HTTP 401) when the header is
missing or malformed, the HMAC does not match, or ``t`` is more than ``tolerance_s`` from the server clock —
a captured request cannot be replayed later. A replay inside the tolerance changes nothing either: every
message and event id is the idempotency key of its vote, so it returns the original receipt.
"""

from __future__ import annotations

import hmac
import time

from floorcraft.errors import NotAllowed
from floorcraft.voting.ledger import canonical_allocation, make_submission
from floorcraft.voting.model import Channel, Submission, votes_for_amount
from floorcraft.voting.polls import phone_hashes, voter_hash

DEFAULT_TOLERANCE_S = 300  # seconds
HEADER = "floorcraft-signature"


class SignatureError(NotAllowed):
    code = "bad_signature"


def sign(secret: bytes, body: bytes, timestamp: int | None = None) -> str:
    """The header value a sender puts on ``body`` (for providers' test kits, the bench and our tests)."""
    t = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret, f"{t}.".encode() + body, "sha256").hexdigest()
    return f"t={t},v1={mac}"


def verify_signature(
    secret: bytes,
    header: str | None,
    body: bytes,
    *,
    now: float | None = None,
    tolerance_s=DEFAULT_TOLERANCE_S,
) -> None:
    """Raise :class:`SignatureError` unless ``header`` signs ``body`` with ``secret`` recently enough."""
    if not header:
        raise SignatureError("missing signature header")
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        t = int(parts["t"])
        given = parts["v1"]
    except (KeyError, ValueError):
        raise SignatureError("malformed signature header") from None
    now = time.time() if now is None else now
    if abs(now - t) > tolerance_s:
        raise SignatureError("signature timestamp outside the tolerance (replayed or clock skew)")
    expected = hmac.new(secret, f"{t}.".encode() + body, "sha256").hexdigest()
    if not hmac.compare_digest(expected, given):
        raise SignatureError("signature does not match")


def sms_submissions(
    poll_id: str, messages: list[tuple[str, str, str]], *, secret: bytes, received_at: int
) -> list[Submission]:
    """One vote per message ``(message_id, sender_phone, couple_id)``; the voter is the keyed hash of the
    phone number. All messages of a batch share the batch's receipt time at the server. (The same
    submissions as :func:`make_submission` builds, with the voters hashed in one pass and each couple's
    allocation made once per batch and shared: nothing downstream changes an allocation.)"""
    channel = Channel.SMS
    allocations: dict[str, tuple[dict[str, int], str]] = {}
    for couple in {m[2] for m in messages}:
        allocations[couple] = ({couple: 1}, canonical_allocation({couple: 1}))
    voters = phone_hashes(secret, [m[1] for m in messages])
    return [
        Submission(
            poll_id=poll_id,
            channel=channel,
            idem_key=mid,
            voter_hash=voter,
            allocation=allocations[couple][0],
            received_at=received_at,
            allocation_json=allocations[couple][1],
        )
        for (mid, _phone, couple), voter in zip(messages, voters, strict=True)
    ]


def donation_submission(
    poll_id: str,
    *,
    event_id: str,
    payer: str,
    couple: str,
    amount_cents: int,
    price_cents: int,
    secret: bytes,
    received_at: int,
) -> Submission | None:
    """The votes a donation buys (amount ÷ price, rounded down), or ``None`` when it buys none."""
    n = votes_for_amount(amount_cents, price_cents)
    if n < 1:
        return None
    voter = voter_hash(secret, Channel.DONATIONS, payer)
    return make_submission(
        poll_id, Channel.DONATIONS, event_id, voter, {couple: n}, received_at, amount_cents
    )
