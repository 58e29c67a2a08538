"""The request and response bodies of the voting API as msgspec types: the handlers decode with them and
``voting_openapi`` builds the OpenAPI schemas from them, so the document cannot drift from the code."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from msgspec import Meta, Struct

Id = Annotated[str, Meta(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
Key = Annotated[str, Meta(min_length=1, max_length=255)]
Identity = Annotated[str, Meta(min_length=1, max_length=200)]
Count = Annotated[int, Meta(ge=1, le=1_000_000)]


class VoteIn(Struct, forbid_unknown_fields=True):
    """``idempotency_key`` may come in the body or in the ``Idempotency-Key`` header
    (draft-ietf-httpapi-idempotency-key-header); one of them is required."""

    voter: Identity
    votes: Annotated[dict[Id, Count], Meta(min_length=1, max_length=100)]
    idempotency_key: Key | None = None
    challenge: Annotated[str, Meta(max_length=2048)] | None = None


class Receipt(Struct):
    receipt: str
    poll_id: str
    channel: str
    votes: int
    received_at: int
    replayed: bool


class SmsMessage(Struct, forbid_unknown_fields=True, gc=False):
    id: Key
    sender: Identity
    couple: Id


class SmsBatchIn(Struct, forbid_unknown_fields=True):
    batch_id: Key
    messages: Annotated[list[SmsMessage], Meta(min_length=1, max_length=100_000)]


class SmsResult(Struct, omit_defaults=True, gc=False):
    id: str
    status: str
    receipt: str | None = None
    code: str | None = None


class SmsBatchOut(Struct):
    batch_id: str
    accepted: int
    replayed: int
    rejected: int
    results: list[SmsResult]


class DonationIn(Struct, forbid_unknown_fields=True):
    id: Key
    payer: Identity
    couple: Id
    amount_cents: Annotated[int, Meta(ge=1, le=10**11)]
    currency: Annotated[str, Meta(min_length=3, max_length=3)] = "USD"


class DonationOut(Struct):
    id: str
    status: str
    votes: int
    receipt: str | None = None


class ChoiceIn(Struct, forbid_unknown_fields=True):
    id: Id
    name: Annotated[str, Meta(min_length=1, max_length=200)]


class ChannelIn(Struct, forbid_unknown_fields=True):
    channel: Literal["web", "sms", "donations"]
    cap: Annotated[int, Meta(ge=1, le=10_000)] | None = None
    cap_scope: Literal["per_method", "per_couple_per_method"] = "per_method"
    mode: Literal["count", "allocation"] = "count"
    price_cents: Annotated[int, Meta(ge=1)] | None = None
    challenge: bool = False


class PollIn(Struct, forbid_unknown_fields=True):
    id: Id
    title: Annotated[str, Meta(min_length=1, max_length=200)]
    choices: Annotated[list[ChoiceIn], Meta(min_length=1, max_length=100)]
    preset: str | None = None
    channels: list[ChannelIn] | None = None
    season_ref: Id | None = None
    period_ref: Id | None = None


class WindowIn(Struct, forbid_unknown_fields=True):
    opens_at: datetime | None = None
    closes_at: datetime | None = None


class VoidIn(Struct, forbid_unknown_fields=True):
    kind: Literal["channel", "voter", "ip_range"]
    target: Annotated[str, Meta(min_length=1, max_length=200)]
    reason: Annotated[str, Meta(min_length=1, max_length=2000)]
    channel: Literal["web", "sms", "donations"] | None = None


class ErrorBody(Struct):
    code: str
    message: str
    where: str | None = None


class Error(Struct):
    error: ErrorBody
