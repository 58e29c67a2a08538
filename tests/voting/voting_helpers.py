"""Helpers of the voting tests: a poll on a preset, submissions as the edge builds them, fixed secrets."""

from __future__ import annotations

from floorcraft.voting import identity, polls
from floorcraft.voting.ledger import make_submission, now_us
from floorcraft.voting.limits import find_preset
from floorcraft.voting.service import Secrets
from floorcraft.voting.webhooks import sign

COUPLES = [("c1", "Ana & Ben"), ("c2", "Cleo & Dan"), ("c3", "Eve & Finn")]
SECRETS = Secrets(voter=b"v" * 32, producer_token="producer-token", sms=b"s" * 32, donations=b"d" * 32)
PRODUCER = {"Authorization": "Bearer producer-token"}


def make_poll(engine, poll_id="w1", preset="dwts", *, open_=True, **settings):
    polls.create_poll(
        engine,
        poll_id=poll_id,
        title="Week 1",
        choices=COUPLES,
        channels=find_preset(preset).build(**settings),
        actor="test",
        season_ref="s34",
        period_ref="s34-w1",
        preset=preset,
    )
    if open_:
        polls.open_poll(engine, poll_id, actor="test", opens_at=now_us() - 1_000_000)
    return poll_id


def sub(poll_id, key, voter, allocation, channel="sms", *, at=None, ip=None, amount=None):
    """A submission as the edge would build it (voter = a clear identity, hashed here)."""
    vh = identity.voter_hash(SECRETS.voter, channel, voter)
    return make_submission(poll_id, channel, key, vh, allocation, at or now_us(), amount, ip)


def refusal_cases(poll: str, sms_secret: bytes) -> list[tuple[str, bytes, dict[str, str]]]:
    """``(path, body, headers)`` of requests the two hot endpoints must refuse (bad JSON, bad votes, keys,
    unknown polls, odd paths, webhook signatures): for the tests that compare two servers' answers."""
    vote = f"/api/polls/{poll}/votes"
    one = b'{"voter": "a", "votes": {"c1": 1}, "idempotency_key": "x"}'
    sms = f"/api/webhooks/sms/{poll}"
    return [
        (vote, b"{not json", {}),
        (vote, b'{"voter": "a", "votes": {"c1": 0}, "idempotency_key": "x"}', {}),
        (vote, b'{"voter": "a", "votes": {"zz": 1}, "idempotency_key": "x"}', {}),
        (vote, b'{"voter": "a", "votes": {"c1": 1}}', {}),
        (vote, b'{"voter": "a", "votes": {"c1": 1}}', {"Idempotency-Key": ""}),
        (vote, one, {"Idempotency-Key": "y"}),
        (vote, b'{"voter": "a", "votes": {"c1": 11}, "idempotency_key": "x"}', {}),
        ("/api/polls/nope/votes", one, {}),
        ("/api/polls/a%3Fb/votes", one, {}),
        (sms, b"{}", {}),
        (sms, b"{}", {"Floorcraft-Signature": "t=1,v1=00"}),
        (sms, b"[]", {"Floorcraft-Signature": sign(sms_secret, b"[]")}),
        ("/api/webhooks/sms/nope", b"{}", {"Floorcraft-Signature": sign(sms_secret, b"{}")}),
    ]
