"""The live broker: ordered ids, channels, Last-Event-ID resume, resets, bounded queues, thread safety."""

import asyncio
import threading

import pytest

from floorcraft.web.live import CONTROL, PUBLIC, Broker, encode_event, parse_last_event_id


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 10))


async def _drain(sub, n):
    return [await sub.next(1.0) for _ in range(n)]


def test_the_wire_form_of_an_event():
    assert encode_event(7, "reveal", {"couple": "12", "score": 9}) == (
        b'id: 7\nevent: reveal\ndata: {"couple":"12","score":9}\n\n'
    )
    with pytest.raises(ValueError):
        encode_event(1, "two\nlines", {})


def test_subscribers_get_their_channels_events_in_order():
    async def scenario():
        broker = Broker()
        screen, _ = broker.subscribe([PUBLIC])
        control, _ = broker.subscribe([PUBLIC, CONTROL])
        broker.publish("reveal", {"n": 1})
        broker.publish("tally", {"n": 2}, channel=CONTROL)
        broker.publish("reveal", {"n": 3})
        got_screen = [e.id for e in await _drain(screen, 2)]
        got_control = [e.id for e in await _drain(control, 3)]
        assert await screen.next(0.05) is None  # nothing more: the tally never reached the screen
        return got_screen, got_control

    assert run(scenario()) == ([1, 3], [1, 2, 3])


def test_a_reconnecting_client_gets_what_it_missed_and_nothing_twice():
    async def scenario():
        broker = Broker()
        for n in range(5):
            broker.publish("reveal", {"n": n})
        broker.publish("tally", {}, channel=CONTROL)
        sub, replay = broker.subscribe([PUBLIC], last_event_id=2)
        broker.publish("reveal", {"n": 6})
        return [e.id for e in replay], [e.id for e in await _drain(sub, 1)]

    assert run(scenario()) == ([3, 4, 5], [7])


@pytest.mark.parametrize("asked", [1, 99])
def test_a_gap_older_than_the_history_or_from_another_run_gets_a_reset(asked):
    async def scenario():
        broker = Broker(history=3)
        for n in range(6):
            broker.publish("reveal", {"n": n})
        _, replay = broker.subscribe([PUBLIC], last_event_id=asked)
        return replay

    (reset,) = run(scenario())
    assert reset.kind == "reset"
    assert reset.data == {"last_id": 6, "asked": asked}
    assert reset.encoded.startswith(b"id: 6\nevent: reset\n")  # later reconnects resume from 6


def test_the_oldest_kept_event_still_resumes_without_a_reset():
    async def scenario():
        broker = Broker(history=3)
        for n in range(6):
            broker.publish("reveal", {"n": n})
        return [e.id for e in broker.subscribe([PUBLIC], last_event_id=3)[1]]

    assert run(scenario()) == [4, 5, 6]


def test_a_slow_client_is_cut_off_without_holding_up_the_others():
    async def scenario():
        broker = Broker(queue_size=3)
        slow, _ = broker.subscribe([PUBLIC])
        fast, _ = broker.subscribe([PUBLIC])
        for n in range(10):
            broker.publish("reveal", {"n": n})
            assert (await fast.next(1.0)).id == n + 1
        kept = [(await slow.next(1.0)).id for _ in range(3)]
        with pytest.raises(EOFError):
            await slow.next(1.0)
        return slow.overflowed, kept, broker.subscriber_count

    assert run(scenario()) == (True, [1, 2, 3], 1)


def test_publishing_from_threads_keeps_one_order_for_everyone():
    async def scenario():
        broker = Broker(queue_size=10_000)
        subs = [broker.subscribe([PUBLIC])[0] for _ in range(3)]

        def worker(w):
            for n in range(200):
                broker.publish("reveal", {"w": w, "n": n})

        threads = [threading.Thread(target=worker, args=(w,)) for w in range(4)]
        for t in threads:
            t.start()
        await asyncio.to_thread(lambda: [t.join() for t in threads])
        return [[e.id for e in await _drain(sub, 800)] for sub in subs]

    seen = run(scenario())
    assert seen[0] == list(range(1, 801))
    assert seen[0] == seen[1] == seen[2]


def test_latest_remembers_the_newest_event_of_each_kind():
    broker = Broker()
    assert broker.latest("announcement") is None
    broker.publish("announcement", {"message": "a"})
    broker.publish("announcement", {"message": "b"})
    broker.publish("announcement", {"message": "c"}, channel=CONTROL)
    assert broker.latest("announcement").data == {"message": "b"}


@pytest.mark.parametrize(("raw", "parsed"), [(None, None), ("12", 12), (" 3 ", 3), ("x", None), ("-1", None)])
def test_last_event_id_parsing(raw, parsed):
    assert parse_last_event_id(raw) == parsed


def test_subscribers_of_a_finished_loop_are_dropped_at_the_next_publish():
    broker = Broker()

    async def connect_and_leave():
        broker.subscribe([PUBLIC])

    run(connect_and_leave())  # the loop closes without unsubscribing
    assert broker.subscriber_count == 1
    broker.publish("reveal", {})
    assert broker.subscriber_count == 0
