"""Validation of a Skating final as given (Rule 4, skating-system.md §6): reject, never repair.

Works on plain JSON-like values, so the machine contract (``floorcraft skating final``) and the event service
share one check. Every problem is reported at once, each with its dance, judge and couple.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from floorcraft.errors import Problems
from floorcraft.rules.skating import check_panel_size, validate_dance


def is_label_list(value: Any) -> bool:
    """A JSON array (list or tuple), not a string."""
    return isinstance(value, (list, tuple))


def check_dances(dances: Any, problems: Problems) -> list[str]:
    """``dances``: a non-empty list of distinct dance names (strings). Returns the usable names."""
    if not is_label_list(dances):
        problems.add(f"dances must be a list of dance names, got {type(dances).__name__}")
        return []
    if not dances:
        problems.add("dances is empty: no dances")
    names: list[str] = []
    for i, name in enumerate(dances):
        if not isinstance(name, str):
            problems.add(f"dances[{i}] must be a string, got {name!r}")
        elif name in names:
            problems.add(f"dance {name} is listed twice in dances")
        else:
            names.append(name)
    return names


def check_dance_keys(names: Sequence[str], marks: Mapping[str, Any], problems: Problems) -> None:
    """The listed dances and the mark tables must match (skating-system.md §6)."""
    for dance in marks:
        if dance not in names:
            problems.add(f"dance {dance} has marks but is not listed in dances")
    for dance in names:
        if dance not in marks:
            problems.add(f"dance {dance} is listed in dances but has no marks")


def validate_final(dances: Any, marks: Any, judges: Any = None) -> None:
    """Raise ``InvalidInput`` listing every problem of a final (skating-system.md §6, issue #3 contract).

    Invalid: an even (or empty) panel; a judge's marks in a dance not exactly 1..N (duplicate, missing, zero,
    out of range, non-integer, boolean); different couples or panel sizes between dances; no couples; a dance
    in ``marks`` not in ``dances`` or vice versa; a ``judges`` label list whose length is not the panel size.
    """
    problems = Problems()
    names = check_dances(dances, problems)
    labels = None
    if judges is not None:
        if not is_label_list(judges):
            problems.add(f"judges must be a list of labels, got {type(judges).__name__}")
        else:
            labels = [str(j) for j in judges]
    if not isinstance(marks, Mapping):
        problems.add(f"marks must be an object {{dance: {{couple: [marks]}}}}, got {type(marks).__name__}")
        problems.raise_if_any()
        return
    check_dance_keys(names, marks, problems)
    panels: dict[str, int] = {}
    first: tuple[str, list[str]] | None = None
    for dance in [d for d in names if d in marks]:
        table = marks[dance]
        if not isinstance(table, Mapping):
            problems.add(
                f"dance {dance}: marks must be an object {{couple: [marks]}}, got {type(table).__name__}"
            )
            continue
        panel = validate_dance(table, dance=dance, judges=labels, problems=problems, check_panel=False)
        if panel is not None:
            panels[dance] = panel
        couples = list(table)
        if first is None:
            first = (dance, couples)
        elif set(couples) != set(first[1]):
            missing = [c for c in first[1] if c not in table]
            extra = [c for c in couples if c not in first[1]]
            detail = "; ".join(
                part
                for part in (
                    f"missing couple(s) {', '.join(missing)}" if missing else "",
                    f"extra couple(s) {', '.join(extra)}" if extra else "",
                )
                if part
            )
            problems.add(f"dance {dance}: couples differ from dance {first[0]} ({detail})")
    sizes = sorted(set(panels.values()))
    if len(sizes) > 1:
        detail = ", ".join(f"{d}: {n}" for d, n in panels.items())
        problems.add(f"dances have different panel sizes ({detail})")
    elif sizes:
        check_panel_size("panel", sizes[0], problems)
        if labels is not None and len(labels) != sizes[0]:
            problems.add(f"judges lists {len(labels)} labels but the mark lists have {sizes[0]} marks each")
    problems.raise_if_any()
