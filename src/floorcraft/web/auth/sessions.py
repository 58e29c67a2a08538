"""Signed session cookies (itsdangerous) with an absolute expiry.

The cookie holds a small JSON dict signed with the site's secret: the signed-in principal (or nothing for
the public), the CSRF token and ``exp``, the moment it stops being accepted. Nothing in it is secret, but
any change to it breaks the signature and the cookie is ignored. The expiry is absolute (from sign-in),
not sliding, so a stolen cookie dies with the show night. A signed-in cookie also names its server-side
record (``sid``, see ``session_store.py``), which sign-out ends.
"""

from __future__ import annotations

import time

from itsdangerous import BadSignature, URLSafeSerializer

COOKIE_NAME = "floorcraft_session"
#: A show night: a tablet signed in before the warm-up stays signed in until after the results.
DEFAULT_MAX_AGE = 12 * 3600


class SessionSigner:
    """Turns session dicts into signed cookie values and back; expired or tampered values read as None."""

    def __init__(self, secret: str | bytes, *, max_age: float = DEFAULT_MAX_AGE, clock=time.time):
        if not secret or len(secret) < 16:
            raise ValueError("the session secret must have at least 16 characters")
        self._serializer = URLSafeSerializer(secret, salt="floorcraft.session")
        self.max_age = max_age
        self._clock = clock

    def dumps(self, data: dict) -> str:
        """Sign ``data``; a missing ``exp`` is set to now + ``max_age``."""
        payload = dict(data)
        payload.setdefault("exp", self._clock() + self.max_age)
        return self._serializer.dumps(payload)

    def loads(self, value: str | None) -> dict | None:
        """The session dict, or ``None`` when ``value`` is missing, tampered with or expired."""
        if not value:
            return None
        try:
            data = self._serializer.loads(value)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("exp"), int | float):
            return None
        if data["exp"] <= self._clock():
            return None
        return data
