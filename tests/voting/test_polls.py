"""Voter hashes: the precomputed-pad HMAC is HMAC-SHA256 exactly (RFC 2104), for any key and identity."""

import hmac

from hypothesis import given
from hypothesis import strategies as st

from floorcraft.voting.identity import phone_hashes, voter_hash
from floorcraft.voting.model import Channel


@given(
    secret=st.binary(min_size=1, max_size=200),
    channel=st.sampled_from([Channel.WEB, Channel.DONATIONS]),
    identity=st.text(max_size=80),
)
def test_voter_hash_is_hmac_sha256_of_the_normalised_identity(secret, channel, identity):
    expected = hmac.new(secret, f"{channel}:{identity.strip().casefold()}".encode(), "sha256").hexdigest()
    assert voter_hash(secret, channel, identity) == expected


@given(secret=st.binary(min_size=1, max_size=100), digits=st.text("0123456789", min_size=5, max_size=15))
def test_phone_numbers_keep_only_plus_and_digits(secret, digits):
    expected = hmac.new(secret, f"sms:+{digits}".encode(), "sha256").hexdigest()
    assert voter_hash(secret, Channel.SMS, f" +{digits[:3]} ({digits[3:5]}) {digits[5:]} ") == expected


def test_different_secrets_give_different_hashes():
    assert voter_hash(b"a" * 32, Channel.WEB, "ann") != voter_hash(b"b" * 32, Channel.WEB, "ann")


@given(secret=st.binary(min_size=1, max_size=100), phones=st.lists(st.text(max_size=20), max_size=20))
def test_a_batch_of_phones_hashes_as_one_at_a_time(secret, phones):
    assert phone_hashes(secret, phones) == [voter_hash(secret, Channel.SMS, p) for p in phones]
