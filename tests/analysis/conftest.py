import pytest

from floorcraft.imports import mcm, strictly_csv
from floorcraft.imports.datasets import dataset_for_tests


@pytest.fixture(scope="session")
def dwts():
    return mcm.load(dataset_for_tests("mcm"))


@pytest.fixture(scope="session")
def strictly():
    return strictly_csv.load(dataset_for_tests("strictly"))


def _small_season(number, weeks, eliminated=None, *, placements=None, withdrew=(), show="dwts"):
    """A season: ``weeks`` = {week: {couple: judges' total}}, ``eliminated`` = {couple: week}."""
    from fractions import Fraction

    from floorcraft.analysis.records import CoupleRecord, Performance, SeasonRecord

    season = SeasonRecord(show, number, "test")
    for week, totals in weeks.items():
        for couple, total in totals.items():
            season.performances.append(Performance(couple, week, (("j1", Fraction(total)),)))
    for couple in weeks[min(weeks)]:
        season.couples[couple] = CoupleRecord(
            couple,
            couple,
            "pro",
            eliminated_week=(eliminated or {}).get(couple),
            placement=(placements or {}).get(couple),
            withdrew=couple in withdrew,
        )
    return season


@pytest.fixture
def small_season():
    return _small_season
