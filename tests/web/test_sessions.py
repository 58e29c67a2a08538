import pytest
from hypothesis import given
from hypothesis import strategies as st

from floorcraft.web.auth.sessions import SessionSigner

SECRET = "x" * 32


class Clock:
    now = 5000.0

    def __call__(self):
        return self.now


def test_a_signed_session_reads_back_until_it_expires():
    clock = Clock()
    signer = SessionSigner(SECRET, max_age=60, clock=clock)
    value = signer.dumps({"role": "judge", "name": "ana"})
    assert signer.loads(value)["name"] == "ana"
    clock.now += 59.9
    assert signer.loads(value)["role"] == "judge"
    clock.now += 0.1
    assert signer.loads(value) is None


def test_expiry_is_absolute_not_refreshed_by_re_signing():
    clock = Clock()
    signer = SessionSigner(SECRET, max_age=60, clock=clock)
    first = signer.loads(signer.dumps({"name": "ana"}))
    clock.now += 30
    again = signer.dumps(first)  # the middleware re-signs on change; exp is carried over
    clock.now += 30
    assert signer.loads(again) is None


@pytest.mark.parametrize("position", [0, 5, -3])  # not the last: its low bits are padding
def test_tampered_values_are_ignored(position):
    signer = SessionSigner(SECRET)
    value = signer.dumps({"role": "public"})
    chars = list(value)
    chars[position] = "A" if chars[position] != "A" else "B"
    assert signer.loads("".join(chars)) is None


def test_a_role_cannot_be_forged_by_editing_the_payload():
    import base64
    import json

    signer = SessionSigner(SECRET)
    payload, signature = signer.dumps({"role": "public"}).rsplit(".", 1)
    forged = base64.urlsafe_b64encode(json.dumps({"role": "producer", "exp": 9e12}).encode()).rstrip(b"=")
    assert signer.loads(f"{forged.decode()}.{signature}") is None
    assert signer.loads(f"{payload}.{signature}") is not None


def test_another_secret_or_garbage_reads_as_no_session():
    value = SessionSigner(SECRET).dumps({"role": "producer"})
    assert SessionSigner("y" * 32).loads(value) is None
    for junk in (None, "", "abc", "a.b.c", "."):
        assert SessionSigner(SECRET).loads(junk) is None


def test_short_secrets_are_refused():
    with pytest.raises(ValueError, match="16"):
        SessionSigner("short")


@given(st.dictionaries(st.text(max_size=10), st.one_of(st.text(max_size=20), st.integers(), st.booleans())))
def test_any_session_dict_round_trips(data):
    signer = SessionSigner(SECRET, clock=Clock())
    data.pop("exp", None)
    back = signer.loads(signer.dumps(data))
    back.pop("exp")
    assert back == data
