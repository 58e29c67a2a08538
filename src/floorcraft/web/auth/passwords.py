"""Password hashing with Argon2id (argon2-cffi), the OWASP Password Storage Cheat Sheet's first choice.

Hashes carry their own parameters and salt, so a stored hash stays verifiable after the defaults change;
:meth:`Passwords.needs_rehash` says when to upgrade one at the next successful login.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from floorcraft.errors import InvalidInput

#: Shortest password accepted for an account (OWASP ASVS 6.2.1 asks for at least 8).
MIN_PASSWORD_LENGTH = 8


class Passwords:
    """Hash and verify passwords; ``hasher`` defaults to argon2-cffi's RFC 9106 low-memory profile."""

    def __init__(self, *, hasher: PasswordHasher | None = None):
        self.hasher = hasher or PasswordHasher()
        # Verified against when the username is unknown, so a miss costs as long as a wrong password.
        self._dummy = self.hasher.hash("floorcraft-dummy-password")

    def hash(self, password: str) -> str:
        if len(password) < MIN_PASSWORD_LENGTH:
            raise InvalidInput(f"password: must have at least {MIN_PASSWORD_LENGTH} characters")
        return self.hasher.hash(password)

    def verify(self, stored_hash: str | None, password: str) -> bool:
        """True when ``password`` matches ``stored_hash``; ``None`` burns the same time and is False."""
        try:
            return self.hasher.verify(stored_hash or self._dummy, password) and stored_hash is not None
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored_hash: str) -> bool:
        return self.hasher.check_needs_rehash(stored_hash)


def fast_passwords() -> Passwords:
    """Cheap Argon2 parameters for tests and benchmarks only (never for real accounts)."""
    return Passwords(hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
