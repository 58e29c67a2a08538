"""Property: for any sequence of submissions (retries, reused keys, caps, allocation changes, split into any
batches) the ledger answers exactly as a plain sequential model does, and its tallies equal the recount."""

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from voting_helpers import sub

from floorcraft.voting import polls, tally
from floorcraft.voting.ledger import now_us
from floorcraft.voting.model import CapScope, Channel, ChannelRules, Mode

CAP = 5
_ids = itertools.count()

submissions = st.lists(
    st.tuples(
        st.sampled_from(["k1", "k2", "k3", "k4", "k5", "k6"]),
        st.sampled_from(["+1", "+2"]),
        st.dictionaries(st.sampled_from(["c1", "c2"]), st.integers(1, 4), min_size=1),
    ),
    max_size=25,
)


def model(subs, scope, mode):
    """The rules, one submission at a time: replay, key reuse, cap (or replacement), tally."""
    seen, used, current, outcomes, tally_ = {}, {}, {}, [], {}
    for key, voter, alloc in subs:
        if key in seen:
            outcomes.append("replayed" if seen[key] == (voter, alloc) else "idempotency_key_reused")
            continue
        keys = alloc if scope == CapScope.PER_COUPLE_PER_METHOD else {"": sum(alloc.values())}
        if mode == Mode.ALLOCATION:  # the new allocation replaces the old one
            if any(n > CAP for n in keys.values()):
                outcomes.append("cap_exceeded")
                continue
            for c, n in current.get(voter, {}).items():
                tally_[c] -= n
            current[voter] = alloc
        else:
            if any(used.get((voter, k), 0) + n > CAP for k, n in keys.items()):
                outcomes.append("cap_exceeded")
                continue
            for k, n in keys.items():
                used[(voter, k)] = used.get((voter, k), 0) + n
        for c, n in alloc.items():
            tally_[c] = tally_.get(c, 0) + n
        seen[key] = (voter, alloc)
        outcomes.append("accepted")
    return outcomes, {c: n for c, n in sorted(tally_.items()) if n}


@given(
    subs=submissions,
    cuts=st.lists(st.integers(0, 25), max_size=4),
    scope=st.sampled_from(list(CapScope)),
    mode=st.sampled_from(list(Mode)),
)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_ledger_matches_the_sequential_model(service, subs, cuts, scope, mode):
    poll_id = f"p{next(_ids)}"
    rules = ChannelRules(channel=Channel.SMS, cap=CAP, cap_scope=scope, mode=mode)
    polls.create_poll(
        service.engine,
        poll_id=poll_id,
        title="t",
        choices=[("c1", "A"), ("c2", "B")],
        channels=(rules,),
        actor="t",
    )
    polls.open_poll(service.engine, poll_id, actor="t", opens_at=now_us() - 1_000_000)
    made = [sub(poll_id, k, v, a) for k, v, a in subs]
    bounds = sorted({0, len(made), *(c for c in cuts if c <= len(made))})
    got = []
    for lo, hi in itertools.pairwise(bounds):
        got += [o.code or o.status for o in service.ledger.submit_sync(made[lo:hi])]
    expected, expected_tally = model(subs, scope, mode)
    assert got == expected
    counted = tally.recount(service.engine, poll_id)
    assert counted["total"] == expected_tally
    assert tally.running_totals(service.engine, poll_id) == counted["by_channel"]
