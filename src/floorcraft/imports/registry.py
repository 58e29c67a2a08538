"""The importers by name: ``mcm``, ``howisonlab``, ``strictly``, ``json`` (see docs/data-and-analysis.md).

Each importer is ``load(path, *, progress=None) -> ImportResult``; ``progress(done, total)`` is called as rows
or files are read (the CLI draws a Rich progress bar with it).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from floorcraft.errors import InvalidInput
from floorcraft.imports import export_json, howisonlab, mcm, strictly_csv
from floorcraft.imports.records import ImportResult

Importer = Callable[..., ImportResult]

IMPORTERS: dict[str, tuple[Importer, str]] = {
    "mcm": (mcm.load, "COMAP 2026 MCM Problem C CSV: DWTS seasons 1–34 (file or its directory)"),
    "howisonlab": (howisonlab.load, "howisonlab dwts_dataset: named judges, DWTS seasons 1–31 (directory)"),
    "strictly": (strictly_csv.load, "four-tens Strictly results.csv: series 1–15 (file or its directory)"),
    "json": (export_json.load, "floorcraft season export JSON (file, or a directory of *.json)"),
}


def get_importer(name: str) -> Importer:
    """The importer called ``name``; ``InvalidInput`` naming the known ones otherwise."""
    try:
        return IMPORTERS[name][0]
    except KeyError:
        raise InvalidInput(f"unknown import format {name!r} (known: {', '.join(IMPORTERS)})") from None


def import_path(name: str, path: Path, *, progress=None) -> ImportResult:
    """Run importer ``name`` on ``path`` (``InvalidInput`` when the path does not exist)."""
    importer = get_importer(name)
    if not path.exists():
        raise InvalidInput(f"{path}: no such file or directory")
    return importer(path, progress=progress)
