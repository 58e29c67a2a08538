"""Shared values for DanceSport event tests: the example event and its mark files (tests/data)."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "dancesport"
EVENT = "Floorcraft Open Latin"


def read_cards(name: str, *, final: bool):
    from floorcraft.imports.dancesport_marks import read_file

    path = DATA / name
    return read_file(str(path), path.read_text(), final=final, panel=list("ABCDE"))
