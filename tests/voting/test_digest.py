"""Receipts and the Merkle digest of a poll's ledger."""

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from floorcraft.voting.digest import EMPTY_ROOT, inclusion_proof, merkle_root, verify_proof

receipts = st.lists(st.binary(min_size=32, max_size=32).map(bytes.hex), min_size=1, max_size=40, unique=True)


@given(receipts)
def test_every_receipt_proves_its_way_to_the_root(leaves):
    root = merkle_root(leaves)
    for r in leaves:
        assert verify_proof(r, inclusion_proof(leaves, r), root)


@given(receipts)
def test_the_root_does_not_depend_on_commit_order(leaves):
    assert merkle_root(leaves) == merkle_root(list(reversed(leaves)))


@given(receipts, st.binary(min_size=32, max_size=32).map(bytes.hex))
def test_a_receipt_outside_the_ledger_has_no_proof_and_cannot_borrow_one(leaves, stranger):
    if stranger in leaves:
        return
    assert inclusion_proof(leaves, stranger) is None
    assert not verify_proof(stranger, inclusion_proof(leaves, leaves[0]), merkle_root(leaves))


def test_single_leaf_and_empty_ledger():
    r = "ab" * 32
    assert merkle_root([r]) == hashlib.sha256(b"\x00" + bytes.fromhex(r)).hexdigest()
    assert merkle_root([]) == EMPTY_ROOT
