"""`floorcraft skating final FILE...` and `floorcraft skating recall FILE...`: the issue #3 machine contract.

Each reads JSON files (``-`` = stdin) and prints one JSON object per input (JSON Lines), ``{"error": ...}``
for an invalid input, exit 2 if any input was invalid (``cli.contract.run_contract``). The commands only parse
the documents and call the pure engine (``rules.skating_final``, ``rules.recall``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import typer

from floorcraft.errors import InvalidInput

app = typer.Typer(
    help="Skating System scrutineering: finals (Rules 5–11) and recalls (Rule 1).", no_args_is_help=True
)

FILES = typer.Argument(..., help="JSON input files; '-' reads standard input.", metavar="FILE...")


def _document(data: Any, required: tuple[str, ...]) -> Mapping[str, Any]:
    if not isinstance(data, dict):
        raise InvalidInput(f"the input must be a JSON object, got {type(data).__name__}")
    missing = [key for key in required if key not in data]
    if missing:
        raise InvalidInput([f"'{key}' is missing" for key in missing])
    return data


def rule_number(rule: Any, *, multi_dance: bool) -> int:
    """The number of the Skating System rule behind a ``Rule`` label (R7a/R7b → 7; shared → 11 or 7)."""
    label = str(rule)
    if label == "shared":
        return 11 if multi_dance else 7
    return int(label[1:].rstrip("ab"))


def final_document(data: Any, *, explain: bool = False) -> dict:
    """The contract's `skating final` output for one parsed input document."""
    from floorcraft.rules.skating_final import place_final

    doc = _document(data, ("dances", "marks"))
    result = place_final(doc["dances"], doc["marks"], doc.get("judges"))
    out: dict[str, Any] = {
        "dances": {d: dict(result.dance_results[d].places) for d in result.dances},
        "final": dict(result.places),
        # The contract's example names the deciding rule by number ("rule": {"11": 9}); a shared place is
        # numbered by the last rule that tried to separate it. ``decided_by`` keeps the precise label.
        "rule": {c: rule_number(r, multi_dance=len(result.dances) > 1) for c, r in result.rule.items()},
        "decided_by": {c: str(r) for c, r in result.rule.items()},
    }
    if explain:
        out["explanation"] = {
            **{d: list(result.dance_results[d].explanation) for d in result.dances},
            "final": list(result.explanation),
        }
    return out


def recall_document(data: Any) -> dict:
    """The contract's `skating recall` output for one parsed input document."""
    from floorcraft.rules.recall import DEFAULT_POLICY, recall

    doc = _document(data, ())
    result = recall(
        doc.get("dances"),
        doc.get("marks"),
        doc.get("couples"),
        doc.get("recall"),
        judges=doc.get("judges"),
        policy=DEFAULT_POLICY if doc.get("policy") is None else doc["policy"],
    )
    out: dict[str, Any] = {
        "totals": result.totals,
        "recalled": None if result.recalled is None else list(result.recalled),
        "exact": result.exact,
        "fewer": list(result.fewer),
        "more": list(result.more),
    }
    if result.warnings:
        out["warnings"] = list(result.warnings)
    return out


@app.command("final")
def final(
    files: list[str] = FILES,
    explain: bool = typer.Option(False, "--explain", help="Add an 'explanation' key (one row per place)."),
) -> None:
    """Skating System final (Rules 5–11): per-dance and final places, one JSON line per input."""
    from floorcraft.cli.contract import run_contract

    raise typer.Exit(run_contract(files, lambda data: final_document(data, explain=explain)))


@app.command("recall")
def recall_command(files: list[str] = FILES) -> None:
    """Preliminary-round recall (Rule 1): totals, the cut, fewer/more at a tie, one JSON line per input."""
    from floorcraft.cli.contract import run_contract

    raise typer.Exit(run_contract(files, recall_document))
