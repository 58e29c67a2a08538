"""The event flow on both backends: create, enter marks, recall, final, locking and corrections."""

from __future__ import annotations

import pytest
from ds_helpers import EVENT, read_cards
from sqlalchemy import func, select

from floorcraft.errors import Conflict, InvalidInput, NotFound
from floorcraft.model.dancesport import Card
from floorcraft.rules.skating import Rule
from floorcraft.scrutineer import events
from floorcraft.store.dancesport_tables import MarkCorrectionRow, MarkRow
from floorcraft.store.db import transaction


def _count(engine, table) -> int:
    with transaction(engine) as session:
        return session.scalar(select(func.count()).select_from(table))


def test_full_event_ends_with_the_tso_n_final(event_store):
    events.enter_marks(event_store, EVENT, read_cards("heat_clear.csv", final=False), by="scrutineer")
    heat = events.compute_round(event_store, EVENT)
    assert heat.recalled == ("1", "2", "3", "4", "5", "6")
    assert heat.took is None
    _, views = events.load(event_store, EVENT)
    assert views[0].status == "computed"
    assert views[1].couples == ("1", "2", "3", "4", "5", "6")
    events.enter_marks(event_store, EVENT, read_cards("final_tso_n.csv", final=True), by="scrutineer")
    final = events.compute_round(event_store, EVENT)
    assert final.round.is_final
    assert {c: int(p) for c, p in final.result.places.items()} == {str(i): i for i in range(1, 7)}
    assert final.result.rule["2"] is Rule.R11
    assert _count(event_store, MarkRow) == 8 * 25 + 6 * 25  # per judge per dance per couple


def test_marks_are_stored_per_judge_per_dance_per_couple(event_store):
    events.enter_marks(event_store, EVENT, read_cards("heat_clear.csv", final=False), by="A. Scrutineer")
    data = events.round_input(event_store, EVENT, round_no=1)
    assert data["marks"]["R"]["A"] == ["1", "2", "3", "4", "5", "6"]
    assert data["marks"]["R"]["C"] == ["1", "2", "3", "4", "5", "7"]


def test_tie_at_the_cut_with_policy_ask_waits_for_the_chairman(event_store):
    events.enter_marks(event_store, EVENT, read_cards("heat_tie.csv", final=False), by="scrutineer")
    with pytest.raises(Conflict, match=r"--take fewer \(5 couples\) or --take more \(7 couples\)"):
        events.compute_round(event_store, EVENT)
    _, views = events.load(event_store, EVENT)
    assert views[0].status == "open" and views[1].couples == ()
    outcome = events.compute_round(event_store, EVENT, take="fewer")
    assert outcome.recalled == ("1", "2", "3", "4", "5") and outcome.took == "fewer"
    _, views = events.load(event_store, EVENT)
    assert views[1].couples == ("1", "2", "3", "4", "5")
    assert views[0].took == "fewer"


def test_tie_policy_more_takes_the_whole_tie(store, event_data):
    event_data["rounds"][0]["tie_policy"] = "more"
    events.create_event(store, event_data)
    events.enter_marks(store, EVENT, read_cards("heat_tie.csv", final=False), by="scrutineer")
    outcome = events.compute_round(store, EVENT)
    assert outcome.recalled == ("1", "2", "3", "4", "5", "6", "7") and outcome.took == "more"


def test_a_bad_card_set_is_rejected_whole_with_every_problem(event_store):
    events.enter_marks(event_store, EVENT, read_cards("heat_clear.csv", final=False), by="s")
    events.compute_round(event_store, EVENT)
    cards = read_cards("final_tso_n.csv", final=True)
    cards[0].values["1"] = 2  # judge A, dance S: 2 given twice, 1 missing
    cards.append(Card("Q", "A", {"1": 1}))
    cards.append(Card("S", "Z", {"1": 1}))
    before = _count(event_store, MarkRow)
    with pytest.raises(InvalidInput) as err:
        events.enter_marks(event_store, EVENT, cards, by="s")
    text = str(err.value)
    assert "dance S, judge A" in text and "2 given twice" in text and "1 missing" in text
    assert "dance 'Q' is not danced" in text
    assert "judge 'Z' is not on the panel" in text
    assert _count(event_store, MarkRow) == before


def test_unknown_couple_and_missing_cards_are_named(event_store):
    with pytest.raises(InvalidInput, match="couple '99' does not dance in this round"):
        events.enter_marks(event_store, EVENT, [Card("S", "A", {"99": 1})], by="s")
    events.enter_marks(event_store, EVENT, [Card("S", "A", {"1": 1})], by="s")
    with pytest.raises(InvalidInput, match="marks missing for dance/judge S/B"):
        events.compute_round(event_store, EVENT)


def test_computed_marks_are_locked_and_corrections_are_audited(event_store):
    events.enter_marks(event_store, EVENT, read_cards("heat_clear.csv", final=False), by="s")
    events.compute_round(event_store, EVENT)
    events.enter_marks(event_store, EVENT, read_cards("final_tso_n.csv", final=True), by="s")
    events.compute_round(event_store, EVENT)
    swap = Card("S", "A", {"1": 2, "2": 1, "3": 3, "4": 4, "5": 6, "6": 5})
    with pytest.raises(Conflict, match="locked"):
        events.enter_marks(event_store, EVENT, [swap], round_no=2, by="s")
    assert _count(event_store, MarkCorrectionRow) == 0
    why = "judge A misread"
    counts = events.enter_marks(event_store, EVENT, [swap], round_no=2, by="Chairman", reason=why)
    assert counts == {"new": 0, "changed": 2, "unchanged": 4}
    log = events.corrections(event_store, EVENT)
    assert [(c.couple, c.old_value, c.new_value, c.by, c.reason) for c in log] == [
        ("1", 1, 2, "Chairman", "judge A misread"),
        ("2", 2, 1, "Chairman", "judge A misread"),
    ]
    _, views = events.load(event_store, EVENT)
    assert views[1].status == "open"  # reopened: compute again


def test_a_round_cannot_be_corrected_once_the_next_has_marks(event_store):
    events.enter_marks(event_store, EVENT, read_cards("heat_clear.csv", final=False), by="s")
    events.compute_round(event_store, EVENT)
    events.enter_marks(event_store, EVENT, [Card("S", "A", {str(i): i for i in range(1, 7)})], by="s")
    with pytest.raises(Conflict, match="round 2 already has marks"):
        events.enter_marks(event_store, EVENT, [Card("S", "A", {"8": 1})], round_no=1, by="s", reason="late")


def test_duplicate_event_and_unknown_event(event_store, event_data):
    with pytest.raises(Conflict, match="already exists"):
        events.create_event(event_store, event_data)
    with pytest.raises(NotFound):
        events.load(event_store, "No Such Event")


def test_the_final_needs_recalled_couples(event_store):
    with pytest.raises(Conflict, match="nobody is recalled"):
        events.compute_round(event_store, EVENT, round_no=2)


def test_an_event_that_is_only_a_final(store):
    import json

    from ds_helpers import DATA

    from floorcraft.imports.dancesport_marks import read_json

    data = json.loads((DATA / "final_tso_n.json").read_text())
    events.create_event(
        store,
        {
            "name": "Final only",
            "dances": data["dances"],
            "judges": [{"letter": j} for j in data["judges"]],
            "couples": [{"number": c} for c in data["marks"]["S"]],
        },
    )
    cards = read_json(json.dumps(data), final=True, panel=data["judges"])
    events.enter_marks(store, "Final only", cards, by="s")
    outcome = events.compute_round(store, "Final only")
    assert {c: int(p) for c, p in outcome.result.places.items()} == data["expected"]["final"]


def test_with_a_chairman_pin_only_the_pin_unlocks_computed_marks(event_store):
    from floorcraft.errors import NotAllowed
    from floorcraft.store import dancesport_repo as repo

    events.set_chairman_pin(event_store, EVENT, "4711")
    with transaction(event_store) as session:
        stored = repo.chairman_pin_hash(session, repo.find_event(session, EVENT))
    assert stored.startswith("$argon2id$") and "4711" not in stored
    with pytest.raises(NotAllowed, match="needs the current PIN"):
        events.set_chairman_pin(event_store, EVENT, "9999")
    with pytest.raises(InvalidInput, match="at least 4"):
        events.set_chairman_pin(event_store, EVENT, "12", old_pin="4711")
    events.enter_marks(event_store, EVENT, read_cards("heat_clear.csv", final=False), by="s")
    events.compute_round(event_store, EVENT)
    fix = [Card("S", "A", dict.fromkeys(["1", "2", "3", "4", "5", "7"], 1))]  # a whole card: 6 out, 7 in
    for pin in (None, "1234"):
        with pytest.raises(NotAllowed, match="Chairman's PIN"):
            events.enter_marks(event_store, EVENT, fix, round_no=1, by="s", reason="misread", pin=pin)
    assert events.corrections(event_store, EVENT) == []
    counts = events.enter_marks(event_store, EVENT, fix, round_no=1, by="Chair", reason="misread", pin="4711")
    assert counts["changed"] == 2
    assert [c.reason for c in events.corrections(event_store, EVENT)] == ["misread", "misread"]


def test_heat_semi_final_with_fewer_dances_in_the_semi(store):
    """Each round dances the couples recalled from the one before, in the round's own dances."""
    events.create_event(
        store,
        {
            "name": "Three rounds",
            "dances": ["W", "T", "Q"],
            "judges": [{"letter": j} for j in "ABC"],
            "couples": [{"number": str(n)} for n in range(1, 9)],
            "rounds": [
                {"kind": "heat", "recall": 6},
                {"kind": "semi", "recall": 3, "dances": ["W", "Q"], "tie_policy": "fewer"},
                {"kind": "final"},
            ],
        },
    )
    # heat: every judge marks 1-6 in every dance -> 1-6 recalled, 7 and 8 out
    heat = [Card(d, j, dict.fromkeys(map(str, range(1, 7)), 1)) for d in "WTQ" for j in "ABC"]
    events.enter_marks(store, "Three rounds", heat, by="s")
    assert events.compute_round(store, "Three rounds").recalled == tuple(map(str, range(1, 7)))
    with pytest.raises(InvalidInput, match="dance 'T' is not danced in semi-final"):
        events.enter_marks(store, "Three rounds", [Card("T", "A", {"1": 1})], by="s")
    with pytest.raises(InvalidInput, match="couple '7' does not dance in this round"):
        events.enter_marks(store, "Three rounds", [Card("W", "A", {"7": 1})], by="s")
    # semi: 1, 2 marked by all; 3 and 4 by one judge each in each dance -> tie at the cut of 3, policy fewer
    semi = [
        Card(d, j, {"1": 1, "2": 1, "3": int(j == "A"), "4": int(j == "B"), "5": int(j == "C")})
        for d in "WQ"
        for j in "ABC"
    ]
    events.enter_marks(store, "Three rounds", semi, by="s")
    outcome = events.compute_round(store, "Three rounds")
    assert outcome.round.number == 2
    assert outcome.recalled == ("1", "2") and outcome.took == "fewer"
    _, views = events.load(store, "Three rounds")
    assert views[2].couples == ("1", "2") and views[2].round.dances == ("W", "T", "Q")
    final = [Card(d, j, {"1": 1, "2": 2}) for d in "WTQ" for j in "ABC"]
    events.enter_marks(store, "Three rounds", final, by="s")
    assert events.compute_round(store, "Three rounds").result.places == {"1": 1, "2": 2}
