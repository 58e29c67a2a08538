"""The request and response bodies of the voting API as msgspec types: the handlers decode with them and
``voting_openapi`` builds the OpenAPI schemas from them, so the document cannot drift from the code."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

from msgspec import Meta, Struct, ValidationError

ID_PATTERN = r"^[A-Za-z0-9_.:-]+$"
Id = Annotated[str, Meta(min_length=1, max_length=64, pattern=ID_PATTERN)]
#: An :data:`Id` whose pattern the document states but the decoder does not check: in an SMS batch the
#: handler checks it once per distinct value (:func:`check_ids`) where the decoder would run the regex on
#: each of 2,000 messages (12 % of a busy server's event loop: docs/voting.md §7.1).
BatchId = Annotated[str, Meta(min_length=1, max_length=64, extra_json_schema={"pattern": ID_PATTERN})]
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
    couple: BatchId


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


_ID = re.compile(ID_PATTERN)


def check_ids(values: list[str], where: str) -> None:
    """The :data:`Id` pattern on ``values`` (a :data:`BatchId` column), each distinct value checked once:
    refused as the decoder refuses an :data:`Id` (msgspec too applies a pattern with ``re.search``), at
    ``where`` formatted with the index of the first such value."""
    bad = [value for value in set(values) if not _ID.search(value)]
    if bad:
        first = min(values.index(value) for value in bad)  # the decoder stops at the first, in order
        raise ValidationError(f"Expected `str` matching regex {ID_PATTERN!r} - at `{where.format(first)}`")
