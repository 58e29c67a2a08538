"""Fixtures of the site tests (helpers live in web_helpers.py)."""

import pytest
from web_helpers import Site, build_site


@pytest.fixture
def site(tmp_path) -> Site:
    """The site on a fresh SQLite file with accounts pat (producer), ana and ben (judges A, B), sue."""
    return build_site(f"sqlite:///{tmp_path / 'site.sqlite'}")
