import pytest
from hypothesis import given
from hypothesis import strategies as st

from floorcraft.web.auth.throttle import GENERIC_MESSAGE, LoginThrottle, SlidingWindow
from floorcraft.web.errors import Throttled


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_a_key_is_refused_after_limit_hits_until_the_oldest_ages_out():
    clock = Clock()
    window = SlidingWindow(3, 10.0, clock=clock)
    for t in (0, 1, 2):
        clock.now = t
        assert window.retry_after("k") == 0
        window.hit("k")
    clock.now = 2.5
    assert window.retry_after("k") == pytest.approx(7.5)  # the hit at t=0 leaves at t=10
    clock.now = 10.0
    assert window.retry_after("k") == 0
    assert window.retry_after("other") == 0


def test_the_window_slides_so_no_burst_fits_at_a_boundary():
    """A fixed window would allow 3 hits at t=9.9 and 3 more at t=10.1 (OWASP: avoid fixed windows)."""
    clock = Clock()
    window = SlidingWindow(3, 10.0, clock=clock)
    clock.now = 9.9
    for _ in range(3):
        window.hit("k")
    clock.now = 10.1
    assert window.retry_after("k") > 9


@given(st.lists(st.floats(min_value=0, max_value=100), max_size=40))
def test_never_more_than_limit_allowed_hits_in_any_window(offsets):
    clock = Clock()
    window = SlidingWindow(4, 10.0, clock=clock)
    allowed = []
    for t in sorted(offsets):
        clock.now = t
        if window.retry_after("k") == 0:
            window.hit("k")
            allowed.append(t)
    for i, start in enumerate(allowed):
        assert len([t for t in allowed[i:] if t < start + 10.0]) <= 4


def test_memory_is_bounded_by_max_keys():
    window = SlidingWindow(1, 10.0, clock=Clock(), max_keys=3)
    for key in "abcde":
        window.hit(key)
    assert len(window._hits) == 3
    assert window.retry_after("a") == 0  # forgotten, oldest first
    assert window.retry_after("e") > 0


def _throttle(clock):
    return LoginThrottle(
        per_account=SlidingWindow(3, 60, clock=clock), per_ip=SlidingWindow(5, 60, clock=clock)
    )


def test_the_account_throttle_trips_whatever_the_ip():
    throttle = _throttle(Clock())
    for i in range(3):
        throttle.failed("Ana", f"10.0.0.{i}")
    with pytest.raises(Throttled) as refused:
        throttle.check(" ana ", "10.9.9.9")  # same account, trimmed and case-folded, fresh IP
    assert str(refused.value) == GENERIC_MESSAGE
    throttle.check("ben", "10.9.9.9")


def test_the_ip_throttle_trips_whatever_the_account():
    throttle = _throttle(Clock())
    for name in "abcde":
        throttle.failed(name, "10.0.0.1")
    with pytest.raises(Throttled) as refused:
        throttle.check("zed", "10.0.0.1")
    assert str(refused.value) == GENERIC_MESSAGE
    throttle.check("zed", "10.0.0.2")
