import pytest

from floorcraft.imports import howisonlab, mcm, strictly_csv
from floorcraft.imports.datasets import dataset_for_tests


@pytest.fixture(scope="session")
def mcm_result():
    return mcm.load(dataset_for_tests("mcm"))


@pytest.fixture(scope="session")
def strictly_result():
    return strictly_csv.load(dataset_for_tests("strictly"))


@pytest.fixture(scope="session")
def howisonlab_result():
    return howisonlab.load(dataset_for_tests("howisonlab"))
