"""Batches of one-vote messages (the SMS webhook) decided in one tight loop.

An SMS message is the simplest vote there is: one vote for one couple, no amount, no IP address, and every
message of an aggregator's batch shares its poll, channel and receipt time. The general path builds a
:class:`~floorcraft.voting.model.Submission` and an :class:`~floorcraft.voting.ledger.Outcome` per message
and works out per message what is the same for the whole batch; at 2,000 messages a batch that was most of
the webhook's CPU (docs/voting.md §7.1). :class:`Singles` carries a batch as parallel lists, and
:func:`decide_singles` applies the ledger's rules to it — idempotency, the cap, the receipt, the journal
record and the tally, exactly as :func:`floorcraft.voting.ledger.batch_steps` applies them to a submission
(tests/voting/test_singles.py runs both on the same messages and compares everything) — with the receipt
text around key and voter, each couple's allocation and the cap's scope worked out once.

A channel in allocation mode (each message replaces the voter's allocation) takes the general path, one
submission per message (:meth:`Singles.submissions`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from floorcraft.voting.digest import canonical_allocation, receipt_head, receipt_tail
from floorcraft.voting.identity import phone_hashes
from floorcraft.voting.model import Submission

ACCEPTED, REPLAYED, REJECTED = "accepted", "replayed", "rejected"


@dataclass(slots=True)
class Singles:
    """One vote each for ``couples[i]`` from ``voters[i]`` (keyed hashes) under idempotency key ``keys[i]``,
    all received at ``received_at``; build it with :meth:`of`. The ledger answers it with one
    :class:`SinglesOutcome` (or with one rejected ``Outcome`` for every message, when the poll or channel
    refuses the whole batch).

    ``receipts[i]`` is the receipt message ``i`` gets if it is accepted, hashed *before* the batch reaches
    the ledger: the receipt depends only on the message and the receipt time, and hashing outside the
    database's write lock lets several server processes hash at once. ``allocations`` maps each couple to
    its one-vote allocation and that allocation's JSON."""

    poll_id: str
    channel: str
    received_at: int
    keys: list[str]
    voters: list[str]
    couples: list[str]
    allocations: dict[str, tuple[dict[str, int], str]]
    receipts: list[str]

    @classmethod
    def of(
        cls, poll_id: str, channel: str, received_at: int, keys, voters, couples, receipts=None
    ) -> Singles:
        """The batch; ``receipts`` when they are already hashed (:func:`sms_hashes`, perhaps in the hashing
        helper process), else hashed here."""
        allocations = {c: ({c: 1}, canonical_allocation({c: 1})) for c in set(couples)}
        if receipts is None:
            receipts = receipts_of(poll_id, channel, received_at, keys, voters, couples)
        return cls(poll_id, channel, received_at, keys, voters, couples, allocations, receipts)

    def __len__(self) -> int:
        return len(self.keys)

    def submissions(self) -> list[Submission]:
        """The same votes as general submissions."""
        return [
            Submission(
                poll_id=self.poll_id,
                channel=self.channel,
                idem_key=key,
                voter_hash=voter,
                allocation=self.allocations[couple][0],
                received_at=self.received_at,
                allocation_json=self.allocations[couple][1],
            )
            for key, voter, couple in zip(self.keys, self.voters, self.couples, strict=True)
        ]


def receipts_of(poll_id: str, channel: str, received_at: int, keys, voters, couples) -> list[str]:
    """``digest.vote_receipt`` of each one-vote message, the text that all of them share made once."""
    head = receipt_head(poll_id, channel)
    tails = {c: receipt_tail(canonical_allocation({c: 1}), received_at) for c in set(couples)}
    sha256 = hashlib.sha256
    return [
        sha256(f"{head}{key}\n{voter}{tails[couple]}".encode()).hexdigest()
        for key, voter, couple in zip(keys, voters, couples, strict=True)
    ]


def sms_hashes(
    secret: bytes, poll_id: str, channel: str, received_at: int, keys, phones, couples
) -> tuple[list[str], list[str]]:
    """All an SMS batch needs hashed, ``(voter hashes, receipts)``: about half of the webhook's CPU, which
    ``voting/hash_helper.py`` can do in another process."""
    voters = phone_hashes(secret, phones)
    return voters, receipts_of(poll_id, channel, received_at, keys, voters, couples)


@dataclass(slots=True)
class SinglesOutcome:
    """Per message, in order: ``statuses[i]`` (accepted / replayed / rejected), ``receipts[i]`` (``None``
    when rejected) and ``codes[i]`` (why it was rejected, else ``None``)."""

    statuses: list[str]
    receipts: list[str | None]
    codes: list[str | None]


def decide_singles(
    batch: Singles,
    book,
    cap: int | None,
    per_couple: bool,
    refuse_cap,
    replay,
    records: list,
    receipts: list,
    counts: dict[str, int],
) -> SinglesOutcome:
    """Decide every message of ``batch`` against ``book`` (a count-mode channel with cap ``cap``, per couple
    or for the whole channel) and take the accepted ones into it. Accepted votes are appended to ``records``
    and ``receipts`` (the journal row) and counted per couple in ``counts``. ``refuse_cap(voter, couple)``
    and ``replay(prior, key, voter, allocation_json)`` give the general path's rejected or replayed
    ``Outcome`` for the rare messages that need one."""
    n = len(batch.keys)
    statuses = [ACCEPTED] * n
    answers: list[str | None] = list(batch.receipts)
    codes: list[str | None] = [None] * n
    at = batch.received_at
    allocations = batch.allocations
    seen, used = book.seen, book.used
    add_record, add_receipt = records.append, receipts.append
    for i, (key, voter, couple) in enumerate(zip(batch.keys, batch.voters, batch.couples, strict=True)):
        allocation_json = allocations[couple][1]
        prior = seen.get(key)
        if prior is not None:
            o = replay(prior, key, voter, allocation_json)
            statuses[i], answers[i], codes[i] = o.status, o.receipt, o.code
            continue
        if cap is not None:
            scope = (voter, couple if per_couple else "")
            u = used.get(scope, 0)
            if u >= cap:
                statuses[i], answers[i], codes[i] = REJECTED, None, refuse_cap(voter, couple).code
                continue
            used[scope] = u + 1  # Book.record of one vote in count mode, inlined (the test compares books)
        seen[key] = (voter, allocation_json, None, at, 1)
        add_record((key, voter, None, at, allocation_json, 1, None))
        add_receipt(answers[i])
        counts[couple] += 1
    return SinglesOutcome(statuses, answers, codes)
