"""The ledger on both backends: exactly once, limits, windows, channels, allocation, voids, certification."""

import pytest
from voting_helpers import SECRETS, make_poll, sub

from floorcraft.errors import Conflict
from floorcraft.voting import identity, polls, tally
from floorcraft.voting.ledger import now_us


def submit(service, *subs):
    return service.ledger.submit_sync(list(subs))


def test_a_retry_returns_the_original_receipt_and_another_body_is_refused(service):
    p = make_poll(service.engine)
    (first,) = submit(service, sub(p, "k1", "+15550001", {"c1": 3}))
    (again,) = submit(service, sub(p, "k1", "+15550001", {"c1": 3}))
    (other,) = submit(service, sub(p, "k1", "+15550001", {"c2": 3}))
    assert first.status == "accepted" and again.status == "replayed"
    assert (again.receipt, again.received_at) == (first.receipt, first.received_at)
    assert other.code == "idempotency_key_reused"
    assert polls.vote_count(service.engine, p) == 1


def test_duplicates_inside_one_batch_count_once(service):
    p = make_poll(service.engine)
    out = submit(service, *[sub(p, "same", "+15550001", {"c1": 1}) for _ in range(5)])
    assert [o.status for o in out] == ["accepted"] + ["replayed"] * 4
    assert tally.live_tally(service.engine, p)["total"] == {"c1": 1}


def test_sms_cap_of_ten_per_method_split_across_couples(service):
    p = make_poll(service.engine)
    out = submit(
        service,
        sub(p, "a", "+15550001", {"c1": 4}),
        sub(p, "b", "+15550001", {"c2": 6}),
        sub(p, "c", "+15550001", {"c3": 1}),
        sub(p, "d", "+15550002", {"c3": 1}),
    )
    assert [o.status for o in out] == ["accepted", "accepted", "rejected", "accepted"]
    assert out[2].code == "cap_exceeded" and "10 used + 1 requested > cap 10" in out[2].message


def test_cap_per_couple_per_method_when_so_configured(service):
    p = make_poll(service.engine, cap_scope="per_couple_per_method")
    out = submit(
        service,
        sub(p, "a", "+15550001", {"c1": 10}),
        sub(p, "b", "+15550001", {"c2": 10}),
        sub(p, "c", "+15550001", {"c1": 1}),
    )
    assert [o.status for o in out] == ["accepted", "accepted", "rejected"]


def test_window_edges_use_the_server_receipt_time(service):
    engine = service.engine
    p = make_poll(engine, open_=False)
    t0 = now_us() - 10_000_000
    polls.open_poll(engine, p, actor="t", opens_at=t0, closes_at=t0 + 5_000_000)
    out = submit(
        service,
        sub(p, "before", "+1", {"c1": 1}, at=t0 - 1),
        sub(p, "first", "+2", {"c1": 1}, at=t0),
        sub(p, "last", "+3", {"c1": 1}, at=t0 + 4_999_999),
        sub(p, "after", "+4", {"c1": 1}, at=t0 + 5_000_000),
    )
    assert [o.code for o in out] == ["window_closed", None, None, "window_closed"]


def test_a_vote_received_before_close_counts_even_if_written_after(service):
    engine = service.engine
    p = make_poll(engine)
    received = now_us()
    polls.close_poll(engine, p, actor="t")
    (late_write,) = submit(service, sub(p, "k", "+1", {"c1": 1}, at=received))
    (late_vote,) = submit(service, sub(p, "k2", "+1", {"c1": 1}))
    assert late_write.ok and late_vote.code == "window_closed"
    polls.open_poll(engine, p, actor="t")  # re-opening starts a new window
    assert submit(service, sub(p, "k3", "+1", {"c1": 1}))[0].ok


def test_paused_and_voided_channels_refuse_new_votes_and_restore_brings_them_back(service):
    engine = service.engine
    p = make_poll(engine)
    assert submit(service, sub(p, "k0", "+1", {"c1": 2}))[0].ok
    polls.set_paused(engine, p, "sms", True, actor="t", reason="gateway check")
    assert submit(service, sub(p, "k1", "+1", {"c1": 1}))[0].code == "channel_paused"
    void_id = polls.add_void(engine, p, "channel", "sms", actor="t", reason="glitch")
    assert submit(service, sub(p, "k2", "+1", {"c1": 1}))[0].code == "channel_voided"
    assert tally.live_tally(engine, p)["total"] == {}
    assert tally.recount(engine, p)["excluded"] == {"channel": 2}
    polls.restore_channel(engine, p, "sms", actor="t", reason="false alarm")
    assert submit(service, sub(p, "k3", "+1", {"c1": 1}))[0].ok
    assert tally.live_tally(engine, p)["total"] == {"c1": 3}
    actions = [a["action"] for a in polls.audit_log(engine, p)]
    assert actions == [
        "voting.poll.created",
        "voting.poll.opened",
        "voting.channel.paused",
        "voting.void.added",
        "voting.void.lifted",
        "voting.channel.resumed",
    ]
    assert any(v["id"] == void_id and v["lifted_by"] == "t" for v in polls.get_poll(engine, p).voids)


def test_allocation_changes_latest_wins_until_close(service):
    engine = service.engine
    p = make_poll(engine)  # DWTS online: re-assignable
    out = submit(
        service,
        sub(p, "a1", "ann@example.org", {"c1": 10}, "web"),
        sub(p, "b1", "bob@example.org", {"c2": 4}, "web"),
    )
    assert all(o.ok for o in out)
    (change,) = submit(service, sub(p, "a2", "ANN@example.org ", {"c2": 3, "c3": 7}, "web"))
    assert change.ok
    assert submit(service, sub(p, "a3", "ann@example.org", {"c1": 11}, "web"))[0].code == "cap_exceeded"
    live = tally.live_tally(engine, p)
    assert live["by_channel"]["web"] == {"c2": 7, "c3": 7}
    assert tally.recount(engine, p)["by_channel"] == live["by_channel"]
    first = out[0].receipt
    checked = tally.verify_receipt(engine, first)
    assert checked["superseded"] and not checked["counted"]


def test_voids_by_voter_and_ip_range_keep_the_records(service):
    engine = service.engine
    p = make_poll(engine)
    submit(
        service,
        sub(p, "a", "+15550001", {"c1": 5}, ip="203.0.113.7"),
        sub(p, "b", "+15550002", {"c2": 5}, ip="203.0.113.9"),
        sub(p, "c", "+15550003", {"c3": 5}, ip="198.51.100.1"),
        sub(p, "d", "+15550004", {"c3": 2}, ip="2001:db8::1"),
    )
    polls.add_void(engine, p, "ip_range", "203.0.113.0/24", actor="t", reason="burst from one network")
    voter = identity.voter_hash(SECRETS.voter, "sms", "+15550004")
    polls.add_void(engine, p, "voter", voter, actor="t", reason="power dialer")
    live = tally.live_tally(engine, p)
    assert live["total"] == {"c3": 5} and live["source"] == "ledger"
    assert live["excluded"] == {"ip_range": 10, "voter": 2}
    assert polls.vote_count(engine, p) == 4
    assert [
        a["detail"]["kind"] for a in polls.audit_log(engine, p) if a["action"] == "voting.void.added"
    ] == [
        "ip_range",
        "voter",
    ]


def test_certify_after_close_then_recount_and_receipts_check(service):
    engine = service.engine
    p = make_poll(engine)
    out = submit(service, *[sub(p, f"k{i}", f"+1555000{i % 4}", {f"c{1 + i % 3}": 1}) for i in range(11)])
    with pytest.raises(Conflict, match="still open"):
        tally.certify(engine, p, actor="t")
    polls.close_poll(engine, p, actor="t")
    cert = tally.certify(engine, p, actor="t")
    assert cert["leaves"] == 11 and cert["tally"]["total"] == {"c1": 4, "c2": 4, "c3": 3}
    assert tally.check_recount(engine, p)["matches"]
    for o in out:
        checked = tally.verify_receipt(engine, o.receipt)
        assert checked["counted"] and checked["certified"]["verified"]
    polls.add_void(engine, p, "channel", "sms", actor="t", reason="what-if")
    assert not tally.check_recount(engine, p)["tally_matches"]  # a later void needs a new certification
    assert tally.certify(engine, p, actor="t")["version"] == 2


def test_unknown_poll_or_channel(service):
    make_poll(service.engine, "c", preset="charity")
    assert submit(service, sub("nope", "k", "+1", {"c1": 1}))[0].code == "not_found"
    assert submit(service, sub("c", "k", "+1", {"c1": 1}))[0].code == "not_found"


def test_one_batch_over_several_polls_reads_each_polls_state(service):
    """A batch normally holds one poll (PostgreSQL reads its state with a prepared statement); one that
    holds several, or a poll that does not exist, reads each."""
    make_poll(service.engine, "a")
    make_poll(service.engine, "b", open_=False)
    make_poll(service.engine, "c")
    polls.set_paused(service.engine, "c", "sms", True, actor="t", reason="gateway check")
    batch = [sub("a", "k", "+1", {"c1": 1}), sub("b", "k", "+1", {"c1": 1}), sub("c", "k", "+1", {"c2": 1})]
    out = submit(service, *batch, sub("nope", "k", "+1", {"c1": 1}), sub("a", "k2", "+1", {"c3": 1}))
    assert [o.status if o.ok else o.code for o in out] == [
        "accepted",
        "window_closed",
        "channel_paused",
        "not_found",
        "accepted",
    ]
    assert tally.running_totals(service.engine, "a") == {"sms": {"c1": 1, "c3": 1}}


def test_a_batch_that_fails_to_commit_acknowledges_nobody_and_stores_nothing(service, monkeypatch):
    p = make_poll(service.engine)
    backend = service.ledger.backend
    real = backend.add_tallies

    def broken(conn, rows):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(backend, "add_tallies", broken)
    out = submit(service, sub(p, "a", "+1", {"c1": 1}), sub(p, "b", "+2", {"c2": 2}))
    assert [o.code for o in out] == ["unavailable", "unavailable"]
    assert polls.vote_count(service.engine, p) == 0
    monkeypatch.setattr(backend, "add_tallies", real)
    retried = submit(service, sub(p, "a", "+1", {"c1": 1}), sub(p, "b", "+2", {"c2": 2}))
    assert [o.status for o in retried] == ["accepted", "accepted"]  # the retry is a first write, not a replay
    assert tally.recount(service.engine, p)["by_channel"] == tally.running_totals(service.engine, p)
