"""Receipts and the ledger digest (a Merkle root), pure functions over hashes.

* A **receipt** is the SHA-256 of the vote as recorded (poll, channel, idempotency key, keyed voter hash,
  allocation, receipt time): the voter keeps it, and anyone holding it can check that the vote is in the
  ledger and under the certified root.
* The **digest** of a poll's ledger is the Merkle root over the receipts of every vote in it (voided ones
  included: voids are applied by the tally, not by deleting), sorted so that the root does not depend on the
  order in which several server processes committed. Leaves and nodes are hashed with distinct prefixes
  (RFC 6962 §2.1) so a node cannot pass for a leaf; an odd node is carried up unchanged.
"""

from __future__ import annotations

import hashlib

import msgspec

EMPTY_ROOT = hashlib.sha256(b"").hexdigest()
_encode = msgspec.json.Encoder().encode


def canonical_allocation(allocation: dict[str, int]) -> str:
    """The allocation as stored and hashed: JSON, keys sorted, no spaces."""
    return _encode(dict(sorted(allocation.items()))).decode()


def vote_receipt(
    poll_id: str, channel: str, idem_key: str, voter_hash: str, allocation: str, received_at: int
):
    head, tail = receipt_head(poll_id, channel), receipt_tail(allocation, received_at)
    return hashlib.sha256((head + idem_key + "\n" + voter_hash + tail).encode()).hexdigest()


def receipt_head(poll_id: str, channel: str) -> str:
    """The receipt's text is ``head + idem_key + "\\n" + voter_hash + tail``: an SMS batch makes the parts
    that all its messages share once (``voting/singles.py``)."""
    return f"floorcraft-vote-v1\n{poll_id}\n{channel}\n"


def receipt_tail(allocation: str, received_at: int) -> str:
    return f"\n{allocation}\n{received_at}"


def _leaf(receipt: str) -> bytes:
    return hashlib.sha256(b"\x00" + bytes.fromhex(receipt)).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _levels(receipts: list[str]) -> list[list[bytes]]:
    level = [_leaf(r) for r in sorted(receipts)]
    levels = [level]
    while len(level) > 1:
        nxt = [_node(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        levels.append(nxt)
        level = nxt
    return levels


def merkle_root(receipts: list[str]) -> str:
    """The root over ``receipts`` (hex); the hash of the empty string when there are none."""
    if not receipts:
        return EMPTY_ROOT
    return _levels(receipts)[-1][0].hex()


def inclusion_proof(receipts: list[str], receipt: str) -> list[tuple[str, str]] | None:
    """The sibling path ``[(side, hash), ...]`` from ``receipt`` up to the root, or ``None`` if absent."""
    ordered = sorted(receipts)
    try:
        index = ordered.index(receipt)
    except ValueError:
        return None
    proof = []
    for level in _levels(ordered)[:-1]:
        sibling = index ^ 1
        if sibling < len(level):
            proof.append(("left" if sibling < index else "right", level[sibling].hex()))
        index //= 2
    return proof


def verify_proof(receipt: str, proof: list[tuple[str, str]], root: str) -> bool:
    """Whether ``proof`` leads from ``receipt`` to ``root``: what a voter (or a monitor) runs."""
    h = _leaf(receipt)
    for side, sibling in proof:
        h = _node(bytes.fromhex(sibling), h) if side == "left" else _node(h, bytes.fromhex(sibling))
    return h.hex() == root
