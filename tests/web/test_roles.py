import pytest

from floorcraft.errors import NotAllowed
from floorcraft.web.auth.roles import (
    ANONYMOUS,
    DESCRIPTIONS,
    PERMISSIONS,
    Permission,
    Principal,
    Role,
    require,
    require_own_score,
    require_write,
)

P = Permission
ONLY_PRODUCER = {P.VIEW_CONTROL, P.RUN_SHOW, P.CORRECT_SCORE, P.VIEW_TALLIES, P.VIEW_AUDIT, P.MANAGE_ACCOUNTS}


def test_every_role_and_permission_is_in_the_table_and_described():
    assert set(PERMISSIONS) == set(Role)
    assert set(DESCRIPTIONS) == set(Permission)


@pytest.mark.parametrize("permission", sorted(ONLY_PRODUCER))
@pytest.mark.parametrize("role", [r for r in Role if r is not Role.PRODUCER])
def test_control_room_powers_belong_to_the_producer_alone(role, permission):
    with pytest.raises(NotAllowed, match="may not"):
        require(Principal(role, "x"), permission)
    require(Principal(Role.PRODUCER, "pat"), permission)


def test_only_judges_submit_scores_and_only_the_public_votes():
    holders = {p: {r for r, perms in PERMISSIONS.items() if p in perms} for p in Permission}
    assert holders[P.SUBMIT_OWN_SCORE] == {Role.JUDGE}
    assert holders[P.VOTE] == {Role.PUBLIC}
    assert holders[P.ENTER_MARKS] == {Role.SCRUTINEER}
    assert PERMISSIONS[Role.DISPLAY] == {P.VIEW_PUBLIC}


def test_a_judge_submits_their_own_scores_only():
    ana = Principal(Role.JUDGE, "ana", account_id=2, judge_ref="A")
    require_own_score(ana, "A")
    with pytest.raises(NotAllowed, match="only submit their own scores, not judge 'B'"):
        require_own_score(ana, "B")
    with pytest.raises(NotAllowed):
        require_own_score(Principal(Role.JUDGE, "nobody"), "A")  # a judge account without a judge
    with pytest.raises(NotAllowed):
        require_own_score(Principal(Role.PRODUCER, "pat", judge_ref="A"), "A")


def test_display_screens_are_read_only_and_the_public_may_write_its_votes():
    with pytest.raises(NotAllowed, match="read-only"):
        require_write(Principal(Role.DISPLAY, "display:big screen"))
    require_write(ANONYMOUS)
