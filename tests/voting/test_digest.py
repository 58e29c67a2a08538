"""Receipts and the Merkle digest of a poll's ledger."""

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from floorcraft.voting.digest import EMPTY_ROOT, inclusion_proof, merkle_root, verify_proof, vote_receipt
from floorcraft.voting.singles import Singles

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


def test_a_receipt_is_the_sha256_of_the_vote_as_recorded():
    """The receipt format is a promise to voters (they may check a receipt with any SHA-256 tool): pinned
    here to the text it hashes, independently of how the ledger assembles it."""
    text = 'floorcraft-vote-v1\nw1\nsms\nm-17\nab12\n{"c3":1}\n1764172800000000'
    expected = hashlib.sha256(text.encode()).hexdigest()
    assert vote_receipt("w1", "sms", "m-17", "ab12", '{"c3":1}', 1764172800000000) == expected
    singles = Singles.of("w1", "sms", 1764172800000000, ["m-17"], ["ab12"], ["c3"])
    assert singles.receipts == [expected]
