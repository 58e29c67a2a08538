"""The SMS batch path (voting/singles.py) decides exactly as the general path does, message for message:
same answers, same journal records and receipts, same books, same tallies — for any messages (retries,
reused keys, one phone near its cap, several batches), any cap and cap scope, and in allocation mode."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from floorcraft.errors import InvalidInput
from floorcraft.voting.digest import vote_receipt
from floorcraft.voting.journal import Book
from floorcraft.voting.ledger import Books, _Batch
from floorcraft.voting.model import CapScope, Channel, ChannelRules, Mode
from floorcraft.voting.singles import Singles, SinglesOutcome

messages = st.lists(
    st.tuples(
        st.sampled_from(["m1", "m2", "m3", "m4", "m5", "m6", "m7"]),
        st.sampled_from(["v1", "v2", "v3"]),
        st.sampled_from(["c1", "c2", "c3"]),
    ),
    min_size=1,
    max_size=30,
)
batches = st.lists(messages, min_size=1, max_size=3)


def _rules(cap, scope, mode) -> ChannelRules | None:
    try:
        return ChannelRules(channel=Channel.SMS, cap=cap, cap_scope=scope, mode=mode)
    except InvalidInput:  # not a channel a producer can create (allocation mode needs a cap)
        return None


rules = st.builds(
    _rules,
    st.one_of(st.none(), st.integers(0, 4)),
    st.sampled_from(list(CapScope)),
    st.sampled_from(list(Mode)),
).filter(lambda r: r is not None)


def run(path: str, batch_list, r: ChannelRules):
    """Every batch through one path (received 1 µs apart, so a replay's receipt shows which batch it
    came from); what each path leaves behind."""
    book = Book(r.mode, r.cap_scope, r.cap is not None)
    decider = _Batch(None, None, Books(), {})
    entry: tuple[list, list] = ([], [])
    answers = []
    for at, msgs in enumerate(batch_list, start=1_000_000):
        keys, voters, couples = (list(c) for c in zip(*msgs, strict=True))
        singles = Singles.of("p1", "sms", at, keys, voters, couples)
        if path == "general":
            for o in (decider._one(s, r, book, entry) for s in singles.submissions()):
                answers.append((o.status, o.receipt, o.code))
        else:
            out = decider._singles(singles, r, book, entry)
            assert isinstance(out, SinglesOutcome)
            answers.extend(zip(out.statuses, out.receipts, out.codes, strict=True))
    return (
        answers,
        entry,
        book.seen,
        book.used,
        book.allocations,
        {k: n for k, n in decider.tally.items() if n},
    )


@settings(max_examples=300, deadline=None)
@given(batches, rules)
def test_the_batch_path_decides_as_the_general_path(batch_list, r):
    assert run("singles", batch_list, r) == run("general", batch_list, r)


@given(messages, st.integers(0, 2**53))
def test_receipts_are_hashed_as_the_ledger_hashes_them(msgs, at):
    keys, voters, couples = (list(c) for c in zip(*msgs, strict=True))
    singles = Singles.of("p1", "sms", at, keys, voters, couples)
    assert singles.receipts == [
        vote_receipt("p1", "sms", k, v, f'{{"{c}":1}}', at)
        for k, v, c in zip(keys, voters, couples, strict=True)
    ]


def test_a_phone_at_its_cap_is_refused_and_a_retry_gets_its_first_receipt():
    r = ChannelRules(channel=Channel.SMS, cap=2)
    batch_list = [
        [("a", "v1", "c1"), ("b", "v1", "c2"), ("c", "v1", "c1")],
        [("a", "v1", "c1"), ("a", "v2", "c1")],
    ]
    answers, entry, *_ = run("singles", batch_list, r)
    statuses = [(status, code) for status, _receipt, code in answers]
    assert statuses == [
        ("accepted", None),
        ("accepted", None),
        ("rejected", "cap_exceeded"),
        ("replayed", None),
        ("rejected", "idempotency_key_reused"),
    ]
    assert answers[3][1] == answers[0][1]  # the retry's receipt is the first one (received in batch one)
    assert [rec[0] for rec in entry[0]] == ["a", "b"]
