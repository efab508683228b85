import pytest

from shequ.accounts.models import Department, Role
from shequ.incidents.catalogue import categories_load
from shequ.mediation.catalogue import catalogues_load
from tests.conftest import WENHUALU, make_user
from tests.factories import MediationCaseFactory


@pytest.fixture
def catalogues(db):
    catalogues_load()


@pytest.fixture
def justice(regions):
    """A county justice bureau (县司法局) account: sees every unit's mediation and legal services."""
    return make_user("county_sf", Role.COUNTY_STAFF, regions["652327"], department=Department.JUSTICE)


@pytest.fixture
def case(users, regions, catalogues):
    return MediationCaseFactory(unit=regions[WENHUALU], acting_user=users["worker_wenhualu"])


@pytest.fixture
def categories(db):
    categories_load()
