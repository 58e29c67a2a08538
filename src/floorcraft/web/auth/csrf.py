"""CSRF synchronizer tokens (OWASP CSRF Prevention Cheat Sheet), one per session.

Every session, anonymous ones included (so the login form is covered too), carries a random token. Every
state-changing request must send it back, as the form field ``csrf_token`` or the header
``X-CSRF-Token`` (htmx and ``fetch`` calls). SameSite=Lax cookies are defence in depth only.
"""

from __future__ import annotations

import hmac
import secrets

from floorcraft.errors import NotAllowed

FIELD = "csrf_token"
HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class CsrfRejected(NotAllowed):
    """A state-changing request without the session's CSRF token (HTTP 403)."""

    code = "csrf_rejected"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def check(expected: str | None, submitted: str | None) -> None:
    """Raise :class:`CsrfRejected` unless ``submitted`` equals the session's token (constant time)."""
    if not expected or not submitted or not hmac.compare_digest(expected.encode(), submitted.encode()):
        raise CsrfRejected("missing or wrong CSRF token: reload the page and try again")
