"""Rate limits (token buckets) and the anomaly report, as pure functions with a fake clock."""

from floorcraft.voting.abuse import RateLimiter, RateLimits, TokenBucket, anomalies, network_of


class Clock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


def test_token_bucket_allows_the_burst_then_the_rate():
    clock = Clock()
    bucket = TokenBucket(2.0, 3.0, clock=clock)
    assert [bucket.allow("ip") for _ in range(4)] == [True, True, True, False]
    clock.t = 0.5  # one token back
    assert [bucket.allow("ip") for _ in range(2)] == [True, False]
    assert bucket.allow("other")


def test_the_limiter_names_the_limit_that_refused():
    clock = Clock()
    limiter = RateLimiter(RateLimits(per_ip=(1, 5), per_voter=(1, 1), per_channel=None), clock=clock)
    assert limiter.check(ip="10.0.0.1", voter="a", channel="web") is None
    assert limiter.check(ip="10.0.0.1", voter="a", channel="web") == "voter"
    assert limiter.check(ip="10.0.0.1", voter="b", channel="web") is None
    assert RateLimiter(None).check(ip="x", voter="y", channel="web") is None


def test_network_burst_and_machine_speed_spread():
    minute = 60_000_000
    rows = [(minute * 5 + i * 1000, "web", f"v{i}", f"203.0.113.{i % 250}", ["c1"]) for i in range(700)]
    rows += [(minute * 9 + i * 200_000, "web", "bot", "198.51.100.7", [f"c{i % 4}"]) for i in range(8)]
    rows += [(minute * 9 + i * 5_000_000, "web", "human", "192.0.2.9", [f"c{i % 4}"]) for i in range(8)]
    found = anomalies(rows)
    assert {
        "signal": "network_burst",
        "network": "203.0.113.0/24",
        "minute": 300,
        "submissions": 700,
    } in found
    spread = [f for f in found if f["signal"] == "machine_speed_spread"]
    assert [f["voter_hash"] for f in spread] == ["bot"]
    assert spread[0]["couples"] == 4 and spread[0]["max_gap_ms"] == 200.0
    assert network_of("2001:db8:1:2::5") == "2001:db8:1::/48"
