"""docs/web-security.md and docs/live-feed.md name every permission, audit action and broker setting."""

import inspect
from pathlib import Path

import pytest

from floorcraft.web.auth.audit import ACTIONS
from floorcraft.web.auth.roles import PERMISSIONS, Permission, Role
from floorcraft.web.live import Broker

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _table_row(text: str, permission: Permission) -> list[str]:
    (row,) = [line for line in text.splitlines() if line.startswith(f"| `{permission.value}`")]
    return [cell.strip() for cell in row.strip("|").split("|")][1:]


@pytest.mark.parametrize("permission", list(Permission))
def test_the_roles_table_in_the_docs_matches_the_code(permission):
    text = (DOCS / "web-security.md").read_text()
    marks = _table_row(text, permission)
    columns = [Role.PRODUCER, Role.JUDGE, Role.SCRUTINEER, Role.DISPLAY, Role.PUBLIC]
    assert {role for role, mark in zip(columns, marks, strict=True) if mark == "✓"} == {
        role for role, perms in PERMISSIONS.items() if permission in perms
    }


def test_every_audit_action_is_documented():
    text = (DOCS / "web-security.md").read_text()
    assert [a for a in ACTIONS if f"`{a}`" not in text] == []


def test_every_broker_setting_is_documented_with_its_default():
    text = (DOCS / "live-feed.md").read_text()
    parameters = inspect.signature(Broker).parameters.items()
    settings = [f"{name}={p.default}" for name, p in parameters if name != "clock"]
    assert [s for s in settings if s not in text] == []
