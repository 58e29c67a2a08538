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
from floorcraft.voting.identity import voter_hash
from floorcraft.voting.ledger import make_submission
from floorcraft.voting.model import Channel, Submission, votes_for_amount

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
