"""floorcraft's own season export (``floorcraft season export --format json``) as an import format.

Reading uses the show service's reader (:func:`floorcraft.show.export.season_from_json`) and maps the season
to records (:func:`floorcraft.imports.to_model.season_to_record`); writing goes the other way. A directory
imports every ``*.json`` file in it. Import → export → import is lossless for what the records hold.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from floorcraft.errors import InvalidInput
from floorcraft.imports.records import ImportResult, SeasonRecord
from floorcraft.imports.to_model import record_to_season, season_to_record

Progress = Callable[[int, int], None]


def load(path: Path, *, progress: Progress | None = None) -> ImportResult:
    """Read one export file, or every ``*.json`` file of a directory."""
    from floorcraft.show.export import season_from_json

    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    if not files:
        raise InvalidInput(f"{path}: no *.json season exports in this directory")
    result = ImportResult(source="json")
    for index, file in enumerate(files, 1):
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InvalidInput(f"{file}: no such file") from None
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"{file}: line {exc.lineno} column {exc.colno}: {exc.msg}") from None
        result.seasons.append(season_to_record(season_from_json(data, source=str(file))))
        if progress:
            progress(index, len(files))
    return result


def dump(record: SeasonRecord) -> str:
    """The floorcraft JSON export of ``record``."""
    from floorcraft.show.export import season_to_json

    return json.dumps(season_to_json(record_to_season(record)), indent=2, ensure_ascii=False) + "\n"
