from datetime import date

import pytest

from shequ.grids.catalogue import checklist_load
from shequ.grids.services import crowded_place_register
from shequ.incidents.catalogue import categories_load
from tests.conftest import WENHUALU


@pytest.fixture
def checklist(db):
    categories_load()
    checklist_load()


@pytest.fixture
def market(checklist, users, regions):
    """A market in 文化路社区's first grid, due for inspection on 2026-03-01."""
    return crowded_place_register(
        grid=regions[WENHUALU + "001"],
        name="文化路农贸市场",
        kind="market",
        address="文化路8号",
        interval_days=30,
        first_due_on=date(2026, 3, 1),
        acting_user=users["worker_wenhualu"],
    )
