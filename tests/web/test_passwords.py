import pytest
from argon2 import PasswordHasher

from floorcraft.errors import InvalidInput
from floorcraft.web.auth.passwords import Passwords, fast_passwords


def test_a_hash_verifies_only_its_own_password():
    pw = fast_passwords()
    stored = pw.hash("correct horse battery")
    assert stored.startswith("$argon2id$")
    assert pw.verify(stored, "correct horse battery")
    assert not pw.verify(stored, "correct horse batterY")
    assert not pw.verify(stored, "")


def test_hashes_are_salted():
    pw = fast_passwords()
    assert pw.hash("correct horse battery") != pw.hash("correct horse battery")


def test_unknown_account_and_garbage_hash_never_verify():
    pw = fast_passwords()
    assert not pw.verify(None, "floorcraft-dummy-password")  # the dummy hash's own password
    assert not pw.verify("not-a-hash", "whatever")


def test_short_passwords_are_refused():
    with pytest.raises(InvalidInput, match="at least 8"):
        fast_passwords().hash("short")


def test_default_parameters_are_stronger_and_old_hashes_need_a_rehash():
    weak = fast_passwords().hash("correct horse battery")
    strong = Passwords(hasher=PasswordHasher())
    assert strong.verify(weak, "correct horse battery")  # still verifiable after the defaults change
    assert strong.needs_rehash(weak)
