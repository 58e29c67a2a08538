"""The one error hierarchy of floorcraft. Adapters map these classes to exit codes / HTTP statuses.

    FloorcraftError
    ├── InvalidInput      bad marks, cards, periods, files: exit 2 / HTTP 422
    ├── NotFound          an id that does not exist: exit 2 / HTTP 404
    ├── Conflict          a state that forbids the action (e.g. period already confirmed): exit 2 / HTTP 409
    ├── LimitExceeded     a voter or client over a limit: HTTP 429
    └── NotAllowed        a role reaching for what it must not: HTTP 403

``InvalidInput`` carries *every* problem found (validation never stops at the first one and never repairs).
"""

from __future__ import annotations

from collections.abc import Iterable


class FloorcraftError(Exception):
    """Base of every error floorcraft raises on purpose."""

    code = "error"


class InvalidInput(FloorcraftError):
    """Input that cannot be used as given; ``problems`` lists each defect with its location."""

    code = "invalid_input"

    def __init__(self, problems: str | Iterable[str]):
        self.problems: list[str] = [problems] if isinstance(problems, str) else list(problems)
        if not self.problems:
            raise ValueError("InvalidInput needs at least one problem")
        super().__init__("; ".join(self.problems))


class NotFound(FloorcraftError):
    code = "not_found"


class Conflict(FloorcraftError):
    code = "conflict"


class LimitExceeded(FloorcraftError):
    code = "limit_exceeded"


class NotAllowed(FloorcraftError):
    code = "not_allowed"


class Problems:
    """Collects validation problems so that all of them are reported at once.

    >>> p = Problems()
    >>> p.add("couple 'A': judges must be a non-empty list")
    >>> p.raise_if_any()
    Traceback (most recent call last):
    ...
    floorcraft.errors.InvalidInput: couple 'A': judges must be a non-empty list
    """

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, message: str) -> None:
        self.items.append(message)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise InvalidInput(self.items)
