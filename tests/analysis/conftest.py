import pytest

from floorcraft.imports import mcm, strictly_csv
from floorcraft.imports.datasets import dataset_for_tests


@pytest.fixture(scope="session")
def dwts():
    return mcm.load(dataset_for_tests("mcm"))


@pytest.fixture(scope="session")
def strictly():
    return strictly_csv.load(dataset_for_tests("strictly"))
