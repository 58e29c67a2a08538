"""The voting service one server process runs: the store, its single-writer ledger, the secrets, the rate
limits, the challenge hook and a cache of each poll's fixed parts (choices, channel rules).

Use cases: :meth:`VotingService.cast` (web/app), :meth:`VotingService.sms_batch` and
:meth:`VotingService.donation` (webhooks). Producer actions are the functions of ``polls.py`` and
``tally.py`` on :attr:`VotingService.engine`.
"""

from __future__ import annotations

import itertools
import os
import secrets
import threading
from dataclasses import dataclass

from sqlalchemy import Engine

from floorcraft.errors import InvalidInput, LimitExceeded, NotAllowed, NotFound
from floorcraft.voting import webhooks
from floorcraft.voting.abuse import ChallengeVerifier, RateLimiter, RateLimits
from floorcraft.voting.backends import backend_for
from floorcraft.voting.hash_helper import HashHelper
from floorcraft.voting.identity import voter_hash
from floorcraft.voting.ledger import (
    DEFAULT_MAX_BATCH,
    DEFAULT_MAX_WAIT_MS,
    Ledger,
    Outcome,
    make_submission,
    now_us,
)
from floorcraft.voting.model import Channel, Window, is_open, validate_allocation
from floorcraft.voting.polls import PollInfo, get_poll, list_polls
from floorcraft.voting.singles import Singles


class RateLimited(LimitExceeded):
    code = "rate_limited"


class ChallengeFailed(NotAllowed):
    code = "challenge_failed"


@dataclass(frozen=True)
class Secrets:
    """``voter``: the key of the voter hashes; ``producer_token``: the bearer token of producer endpoints;
    ``sms`` / ``donations``: the webhook signing secrets."""

    voter: bytes
    producer_token: str | None = None
    sms: bytes | None = None
    donations: bytes | None = None

    @classmethod
    def from_env(cls) -> Secrets:
        """``FLOORCRAFT_VOTER_SECRET`` (required), ``FLOORCRAFT_PRODUCER_TOKEN``, ``FLOORCRAFT_SMS_SECRET``,
        ``FLOORCRAFT_DONATIONS_SECRET``."""
        voter = os.environ.get("FLOORCRAFT_VOTER_SECRET")
        if not voter:
            raise InvalidInput("FLOORCRAFT_VOTER_SECRET: not set (the key that hashes voter identities)")

        def opt(name):
            value = os.environ.get(name)
            return value.encode() if value else None

        return cls(
            voter=voter.encode(),
            producer_token=os.environ.get("FLOORCRAFT_PRODUCER_TOKEN") or None,
            sms=opt("FLOORCRAFT_SMS_SECRET"),
            donations=opt("FLOORCRAFT_DONATIONS_SECRET"),
        )

    @classmethod
    def random(cls) -> Secrets:
        return cls(
            voter=secrets.token_bytes(32),
            producer_token=secrets.token_urlsafe(24),
            sms=secrets.token_bytes(32),
            donations=secrets.token_bytes(32),
        )


class VotingService:
    def __init__(
        self,
        engine: Engine,
        secrets_: Secrets,
        *,
        rate_limits: RateLimits | None = RateLimits(),
        challenge: ChallengeVerifier | None = None,
        max_batch: int = DEFAULT_MAX_BATCH,
        max_wait_ms: float = DEFAULT_MAX_WAIT_MS,
        hash_helper: bool = True,
    ):
        """``hash_helper``: hash big SMS batches in a helper process (``voting/hash_helper.py``)."""
        self.engine = engine
        self.secrets = secrets_
        self.ledger = Ledger(backend_for(engine), max_batch=max_batch, max_wait_ms=max_wait_ms, inline=True)
        self.hashes = HashHelper(secrets_.voter, enabled=hash_helper)
        self.limiter = RateLimiter(rate_limits)
        self.challenge = challenge
        self._polls: dict[str, PollInfo] = {}
        self._lock = threading.Lock()

    async def preload(self) -> int:
        """At start-up, on the serving event loop: load the ledger books of the polls open now, so that a
        restarted server's first votes do not wait for them (docs/voting.md §4 item 5). How many votes."""
        now = now_us()
        polls = list_polls(self.engine)
        open_now = [p["id"] for p in polls if is_open(Window(p["opens_at"], p["closes_at"]), now)]
        return await self.ledger.preload(open_now) if open_now else 0

    def close(self) -> None:
        self.hashes.close()
        self.ledger.close()
        self.engine.dispose()

    def poll(self, poll_id: str, *, fresh: bool = False) -> PollInfo:
        """The poll (choices and channel rules never change after creation, so they are cached)."""
        info = None if fresh else self._polls.get(poll_id)
        if info is None:
            info = get_poll(self.engine, poll_id)
            with self._lock:
                self._polls[poll_id] = info
        return info

    def voter(self, channel: str, identity: str) -> str:
        return voter_hash(self.secrets.voter, channel, identity)

    def _channel(self, info: PollInfo, channel: Channel):
        rules = info.channels.get(channel)
        if rules is None:
            raise NotFound(f"poll {info.id!r} has no {channel} channel")
        return rules

    async def cast(
        self,
        poll_id: str,
        *,
        idempotency_key: str,
        voter: str,
        votes: dict[str, int],
        ip: str | None = None,
        challenge: str | None = None,
    ) -> Outcome:
        """A web/app vote: validate at the edge, rate-limit, check the challenge, then the ledger decides."""
        received_at = now_us()
        info = self.poll(poll_id)
        rules = self._channel(info, Channel.WEB)
        validate_allocation(votes, set(info.choices)).raise_if_any()
        voter_h = self.voter(Channel.WEB, voter)
        refused = self.limiter.check(ip=ip, voter=voter_h, channel=Channel.WEB)
        if refused:
            raise RateLimited(f"too many requests (per {refused}); slow down and retry")
        if rules.challenge and (self.challenge is None or not self.challenge(challenge, ip)):
            raise ChallengeFailed("the challenge was not passed")
        sub = make_submission(poll_id, Channel.WEB, idempotency_key, voter_h, votes, received_at, ip=ip)
        (outcome,) = await self.ledger.submit([sub])
        return outcome

    async def sms_batch(
        self, poll_id: str, ids: list[str], phones: list[str], couples: list[str]
    ) -> tuple[list[str], list[str | None], list[str | None]]:
        """An aggregator's batch as three columns (message id, sender's phone, couple id): the answer as
        three columns too, ``(statuses, receipts, codes)``, in message order. A message naming no choice of
        the poll is refused alone (``invalid_choice``); the others go to the ledger as one :class:`Singles`
        batch. (Columns, not a tuple per message: 2,000 messages a batch, 200,000 a second.)"""
        received_at = now_us()
        info = self.poll(poll_id)
        self._channel(info, Channel.SMS)
        refused = self.limiter.check(ip=None, voter=None, channel=Channel.SMS, cost=len(ids))
        if refused:
            raise RateLimited(f"too many requests (per {refused}); slow down and retry")
        choices = info.choices
        valid = None if all(c in choices for c in set(couples)) else [c in choices for c in couples]
        if valid is not None:  # keep the messages that name a choice
            ids, phones, couples = (list(itertools.compress(col, valid)) for col in (ids, phones, couples))
        statuses: list[str] = []
        receipts: list[str | None] = []
        codes: list[str | None] = []
        if ids:
            sms = Channel.SMS.value
            voters, hashed = await self.hashes.sms(poll_id, sms, received_at, ids, phones, couples)
            batch = Singles.of(poll_id, sms, received_at, ids, voters, couples, receipts=hashed)
            (outcome,) = await self.ledger.submit([batch])
            if isinstance(outcome, Outcome):  # the poll or channel refused the whole batch
                n = len(ids)
                statuses, receipts, codes = [outcome.status] * n, [outcome.receipt] * n, [outcome.code] * n
            else:
                statuses, receipts, codes = outcome.statuses, outcome.receipts, outcome.codes
        if valid is None:
            return statuses, receipts, codes
        decided = iter(zip(statuses, receipts, codes, strict=True))
        invalid = ("rejected", None, "invalid_choice")
        merged = [next(decided) if ok else invalid for ok in valid]
        return [m[0] for m in merged], [m[1] for m in merged], [m[2] for m in merged]

    async def donation(self, poll_id: str, *, event_id: str, payer: str, couple: str, amount_cents: int):
        """A payment provider's donation event: amount ÷ price votes for ``couple`` (``None``: none
        bought)."""
        received_at = now_us()
        info = self.poll(poll_id)
        rules = self._channel(info, Channel.DONATIONS)
        validate_allocation({couple: 1}, set(info.choices), where="couple").raise_if_any()
        sub = webhooks.donation_submission(
            poll_id,
            event_id=event_id,
            payer=payer,
            couple=couple,
            amount_cents=amount_cents,
            price_cents=rules.price_cents,
            secret=self.secrets.voter,
            received_at=received_at,
        )
        if sub is None:
            return None
        (outcome,) = await self.ledger.submit([sub])
        return outcome
