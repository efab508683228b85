"""The grid lists answer in the same number of queries for a few rows as for many: no grid counts
its households, no member fetches its grid, no inspection its results, one by one."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from shequ.grids.selectors import checklist_for
from shequ.grids.services import crowded_place_register, grid_member_add, inspection_record, safety_body_member_add
from tests.conftest import WENHUALU
from tests.factories import HouseholdFactory

FEW, MANY = 2, 8
LISTS = [
    ("grid_wenhualu", "/work/my-grid/"),
    ("worker_wenhualu", "/work/grids/"),
    ("worker_wenhualu", f"/work/grids/{WENHUALU}001/"),
    ("worker_wenhualu", "/work/safety-bodies/"),
    ("worker_wenhualu", "/work/crowded-places/"),
    ("worker_wenhualu", "/api/v1/grids/"),
    ("worker_wenhualu", "/api/v1/grid-members/"),
    ("worker_wenhualu", "/api/v1/safety-body-members/"),
    ("worker_wenhualu", "/api/v1/crowded-places/"),
    ("worker_wenhualu", "/api/v1/inspections/"),
]


def _add(count: int, start: int, users, regions) -> None:
    grid, worker = regions[WENHUALU + "001"], users["worker_wenhualu"]
    for number in range(start, start + count):
        HouseholdFactory(region=regions[WENHUALU], grid=grid, number=f"9{number:04d}")
        grid_member_add(grid=grid, role="part_time", name=f"员{number}", starts_on=date(2026, 1, 1), acting_user=worker)
        safety_body_member_add(
            unit=regions[WENHUALU], kind="mediation", name=f"调{number}", starts_on=date(2026, 1, 1), acting_user=worker
        )
        place = crowded_place_register(
            grid=grid, name=f"场所{number}", kind="hall", first_due_on=date(2026, 1, 1), acting_user=worker
        )
        answers = {item.code: (number % 2 == 0, "" if number % 2 == 0 else "问题") for item in checklist_for(place)}
        inspection_record(place=place, results=answers, inspected_on=date(2026, 3, 2), acting_user=worker)


def _queries(user, url: str) -> int:
    client = APIClient()
    client.force_login(user)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


@pytest.mark.django_db
def test_grid_lists_do_not_grow_with_rows(checklist, users, regions):
    _add(FEW, 0, users, regions)
    few = {url: _queries(users[username], url) for username, url in LISTS}
    _add(MANY - FEW, FEW, users, regions)
    many = {url: _queries(users[username], url) for username, url in LISTS}
    assert many == few
