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


def import_path(name: str, path: Path, *, progress=None, results: Path | None = None) -> ImportResult:
    """Run importer ``name`` on ``path`` (``InvalidInput`` when a path does not exist).

    ``results`` (only with ``howisonlab``): the MCM CSV whose results are combined with the named-judge scores
    (:mod:`floorcraft.imports.combine`); the seasons are then stored as ``howisonlab+mcm-<n>``.
    """
    importer = get_importer(name)
    for given in (path, results):
        if given is not None and not given.exists():
            raise InvalidInput(f"{given}: no such file or directory")
    if results is not None and name != "howisonlab":
        raise InvalidInput(f"--results combines MCM results with howisonlab scores only, not with {name!r}")
    result = importer(path, progress=progress)
    if results is None:
        return result
    from floorcraft.imports import combine

    return combine.combine(result, mcm.load(results))
