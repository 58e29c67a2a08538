"""The judges' vote on the bottom two: DWTS's judges' save and Strictly's dance-off.

Each judge votes to *save* one of the bottom two; the head judge votes last and only when needed (tables
read "did not vote, but would have voted to save …"). Two rules, named for their sources:

* ``majority_head_breaks_tie`` — DWTS seasons 28–31 (tv-rules.md §2.2): the majority of the panel saves;
  with an even panel a 2–2 split is broken by the head judge ("Len has the weight of two votes").
* ``head_decides_split`` — Strictly (tv-rules.md §3.3): if the other judges agree, the head judge's vote
  is not counted; if they are split, the head judge casts the deciding vote.

On the usual panels (three or four judges) both rules save the same couple; they differ on a five-judge
panel with a 3–1 split among the others (DWTS: the three save; Strictly: the others are split, the head
decides). Pure, standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from floorcraft.errors import InvalidInput, Problems

__all__ = ["SaveResult", "SaveRule", "decide_save", "head_vote_needed"]


class SaveRule(StrEnum):
    MAJORITY_HEAD_BREAKS_TIE = "majority_head_breaks_tie"  # DWTS S28–31, tv-rules.md §2.2
    HEAD_DECIDES_SPLIT = "head_decides_split"  # Strictly, tv-rules.md §3.3


@dataclass(frozen=True)
class SaveResult:
    """Who is saved, who leaves, whether the head judge's vote counted, the counted tally and the reasons."""

    saved: str
    eliminated: str
    head_vote_used: bool
    tally: dict[str, int]
    explanation: tuple[str, ...]


def head_vote_needed(others: Mapping[str, int], panel_size: int, rule: SaveRule) -> bool:
    """Whether the other judges' votes (couple -> count) leave the decision to the head judge.

    ``majority_head_breaks_tie`` (§2.2): needed unless one couple already holds a majority of the whole
    panel. ``head_decides_split`` (§3.3): needed unless the other judges are unanimous.
    """
    counts = sorted(others.values(), reverse=True)
    lead = counts[0] if counts else 0
    if rule == SaveRule.HEAD_DECIDES_SPLIT:
        return not (lead == panel_size - 1 and panel_size > 1)
    return not 2 * lead > panel_size


def _validate(
    bottom_two: Sequence[str], votes: Mapping[str, str], judges: Sequence[str], head_judge: str, rule: object
) -> None:
    problems = Problems()
    if len(bottom_two) != 2 or len(set(bottom_two)) != 2:
        problems.add(f"the bottom two must be two different couples, got {list(bottom_two)!r}")
    if len(set(judges)) != len(judges) or not judges:
        problems.add(f"the panel must list each judge once, got {list(judges)!r}")
    if head_judge not in judges:
        problems.add(f"head judge {head_judge!r} is not on the panel {list(judges)!r}")
    if rule not in [str(r) for r in SaveRule]:
        problems.add(f"unknown save rule {rule!r} (known: {', '.join(SaveRule)})")
    for judge, couple in votes.items():
        if judge not in judges:
            problems.add(f"judge {judge!r} voted but is not on the panel {list(judges)!r}")
        if couple not in bottom_two:
            problems.add(
                f"judge {judge!r} voted to save {couple!r}, who is not in the bottom two {list(bottom_two)!r}"
            )
    for judge in judges:
        if judge != head_judge and judge not in votes:
            problems.add(f"judge {judge!r} has not voted")
    problems.raise_if_any()


def decide_save(
    bottom_two: Sequence[str],
    votes: Mapping[str, str],
    *,
    judges: Sequence[str],
    head_judge: str,
    rule: SaveRule | str,
) -> SaveResult:
    """Decide the judges' vote on the bottom two (tv-rules.md §2.2 DWTS S28–31, §3.3 Strictly dance-off).

    ``votes`` maps each judge to the couple they save. Every judge but the head must vote; the head
    judge's vote may be absent when it is not needed and, if given then, is recorded as "would have voted"
    and not counted. Raises ``InvalidInput`` for a vote by someone not on the panel, a vote for a couple
    not in the bottom two, or a missing vote that is needed.
    """
    _validate(bottom_two, votes, judges, head_judge, rule)
    rule = SaveRule(rule)
    first, second = bottom_two
    tally = {first: 0, second: 0}
    for judge in judges:
        if judge != head_judge:
            tally[votes[judge]] += 1
    clauses = [
        "judges' votes: "
        + ", ".join(f"{judge} saves {votes[judge]}" for judge in judges if judge != head_judge)
    ]
    needed = head_vote_needed(tally, len(judges), rule)
    head_choice = votes.get(head_judge)
    if needed:
        if head_choice is None:
            raise InvalidInput(
                f"head judge {head_judge!r} must vote: the other judges are split {_score(tally)}"
            )
        tally[head_choice] += 1
        if rule == SaveRule.HEAD_DECIDES_SPLIT or tally[first] == tally[second]:
            saved = head_choice
            reason = (
                f"the other judges were split, head judge {head_judge} decides"
                if rule == SaveRule.HEAD_DECIDES_SPLIT
                else f"{_score(tally)} tie broken by head judge {head_judge}"
            )
        else:
            saved = max(tally, key=tally.get)
            reason = f"head judge {head_judge} votes last, majority {_score(tally)}"
        clauses.append(f"{head_judge} (head judge) saves {head_choice}: {reason}")
    else:
        saved = max(tally, key=tally.get)
        would = f", but would have voted to save {head_choice}" if head_choice is not None else ""
        clauses.append(f"{head_judge} (head judge) did not vote{would}: {_score(tally)} already decides")
    eliminated = second if saved == first else first
    clauses.insert(0, f"{saved} is saved and {eliminated} leaves on the judges' vote ({rule})")
    return SaveResult(saved, eliminated, needed, tally, tuple(clauses))


def _score(tally: Mapping[str, int]) -> str:
    return "–".join(str(n) for n in sorted(tally.values(), reverse=True))
