"""Who may reach what: the one role/permission table ("each role reaches only what it must").

OWASP's least-privilege rule (voting-at-scale.md §7): a judge can only submit scores for themselves, a
display screen can only read, the public (voters) never sees live tallies or the audit. Every guard in
the web layer asks :func:`require` or :func:`require_own_score`; nothing else decides access.

    role         who                                  may
    producer     the control room                     run the show, live tallies, audit, accounts, all views
    judge        one judge's tablet                   see the tablet, submit *their own* scores
    scrutineer   DanceSport scrutineer                enter and check marks, all public views
    display      a big screen (display token)         public views and the public live feed, never write
    public       anyone not signed in (voters)        public views, the public live feed, vote
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from floorcraft.errors import NotAllowed


class Role(enum.StrEnum):
    PRODUCER = "producer"
    JUDGE = "judge"
    SCRUTINEER = "scrutineer"
    DISPLAY = "display"
    PUBLIC = "public"


#: Roles that sign in with a username and password (``display`` uses a token, ``public`` nothing).
ACCOUNT_ROLES = (Role.PRODUCER, Role.JUDGE, Role.SCRUTINEER)


class Permission(enum.StrEnum):
    VIEW_PUBLIC = "view_public"
    VOTE = "vote"
    VIEW_TABLET = "view_tablet"
    SUBMIT_OWN_SCORE = "submit_own_score"
    ENTER_MARKS = "enter_marks"
    VIEW_CONTROL = "view_control"
    RUN_SHOW = "run_show"
    CORRECT_SCORE = "correct_score"
    VIEW_TALLIES = "view_tallies"
    VIEW_AUDIT = "view_audit"
    MANAGE_ACCOUNTS = "manage_accounts"


#: What each permission lets its holder do, as shown on the "who am I" page.
DESCRIPTIONS: dict[Permission, str] = {
    Permission.VIEW_PUBLIC: "see the scoreboard, results and the public live feed",
    Permission.VOTE: "cast audience votes",
    Permission.VIEW_TABLET: "open the judge's tablet",
    Permission.SUBMIT_OWN_SCORE: "submit their own scores while judging is open",
    Permission.ENTER_MARKS: "enter and check DanceSport marks",
    Permission.VIEW_CONTROL: "open the control room and its live feed",
    Permission.RUN_SHOW: "run the show: start performances, reveal, open and close the vote, publish",
    Permission.CORRECT_SCORE: "correct a stored score (audited)",
    Permission.VIEW_TALLIES: "see live vote tallies",
    Permission.VIEW_AUDIT: "read the audit log",
    Permission.MANAGE_ACCOUNTS: "create accounts and issue display tokens",
}

_P = Permission
#: The one table. A permission not listed for a role is refused.
PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.PRODUCER: frozenset(
        {
            _P.VIEW_PUBLIC,
            _P.VIEW_CONTROL,
            _P.RUN_SHOW,
            _P.CORRECT_SCORE,
            _P.VIEW_TALLIES,
            _P.VIEW_AUDIT,
            _P.MANAGE_ACCOUNTS,
        }
    ),
    Role.JUDGE: frozenset({_P.VIEW_PUBLIC, _P.VIEW_TABLET, _P.SUBMIT_OWN_SCORE}),
    Role.SCRUTINEER: frozenset({_P.VIEW_PUBLIC, _P.ENTER_MARKS}),
    Role.DISPLAY: frozenset({_P.VIEW_PUBLIC}),
    Role.PUBLIC: frozenset({_P.VIEW_PUBLIC, _P.VOTE}),
}

#: Roles that never change anything, whatever a route claims (defence in depth for display screens).
READ_ONLY_ROLES = frozenset({Role.DISPLAY})


@dataclass(frozen=True)
class Principal:
    """Who is asking: a signed-in account, a display screen, or the anonymous public.

    ``judge_ref`` links a judge's account to their judge id in the season model.
    """

    role: Role
    name: str
    account_id: int | None = None
    judge_ref: str | None = None

    @property
    def permissions(self) -> frozenset[Permission]:
        return PERMISSIONS[self.role]

    def can(self, permission: Permission) -> bool:
        return permission in PERMISSIONS[self.role]

    def describe(self) -> str:
        return f"{self.role.value} {self.name!r}" if self.role is not Role.PUBLIC else "the public"


ANONYMOUS = Principal(Role.PUBLIC, "anonymous")


def require(principal: Principal, permission: Permission) -> None:
    """Raise :class:`NotAllowed` unless the role table grants ``permission`` to ``principal``'s role."""
    if not principal.can(permission):
        raise NotAllowed(f"{principal.describe()} may not {DESCRIPTIONS[permission]}")


def require_write(principal: Principal) -> None:
    """Raise :class:`NotAllowed` for read-only roles on any state-changing request."""
    if principal.role in READ_ONLY_ROLES:
        raise NotAllowed(f"{principal.describe()} is read-only and may not change anything")


def require_own_score(principal: Principal, judge_ref: str) -> None:
    """A judge submits only their own scores (voting-at-scale.md §7, least privilege).

    Whether judging is open is the show service's decision (it raises ``Conflict``); this is the
    identity check only.
    """
    require(principal, Permission.SUBMIT_OWN_SCORE)
    if principal.judge_ref is None or principal.judge_ref != judge_ref:
        raise NotAllowed(
            f"{principal.describe()} may only submit their own scores, not judge {judge_ref!r}'s"
        )
