"""Every main list answers in the same number of queries for a few rows as for many: no row fetches
its own service, applicant, region, history or tags."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from shequ.incidents.catalogue import categories_load
from shequ.residents.choices import CareTag
from tests.conftest import WENHUALU
from tests.factories import (
    FINISHED,
    ApplicationFactory,
    HouseholdFactory,
    IncidentFactory,
    PersonFactory,
    RatingFactory,
)

FEW, MANY = 3, 15

LISTS = [
    "/work/applications/?queue=all",
    "/work/applications/?queue=to_accept",
    "/api/v1/applications/",
    "/work/residents/",
    "/api/v1/residents/",
    "/work/households/",
    "/api/v1/households/",
    "/api/v1/ratings/",
    "/work/rectifications/",
    "/api/v1/rectifications/",
    "/work/",
    "/work/incidents/",
    "/work/incidents/queue/reported/",
    "/work/incidents/map/",
    "/api/v1/incidents/",
    "/api/v1/incidents/?queue=reported",
]


@pytest.fixture
def add_rows(regions, users, residents):
    """add_rows(n): n more households of 文化路 grid 1, each with one person and a submitted
    application, plus a finished application rated 差评 (which opens a rectification), and an
    incident of the grid with a position (on the dispatch board, its queues and the map)."""
    categories_load()
    grid = regions[WENHUALU + "001"]
    worker = users["worker_wenhualu"]
    zhangsan = residents["zhangsan"]

    def added(count: int) -> None:
        for _ in range(count):
            person = PersonFactory(
                household=HouseholdFactory(region=regions[WENHUALU], grid=grid), tags=[CareTag.DISABLED]
            )
            ApplicationFactory(applicant=person, acting_user=worker)
            finished = ApplicationFactory(applicant=zhangsan, acting_user=worker, worker=worker, steps=FINISHED)
            RatingFactory(target=finished, level=1, acting_user=users["resident"])
            IncidentFactory(acting_user=worker, region=grid, latitude=Decimal("44.0"), longitude=Decimal("89.1"))

    return added


def queries_for(user, url: str) -> int:
    client = APIClient()
    client.force_login(user)
    client.get(url)  # what a process or a scope computes once (the demo banner, the panel counts)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def test_queries_do_not_grow_with_rows(add_rows, users):
    viewers = [users[name] for name in ("worker_wenhualu", "township_jms", "county_mz")]
    add_rows(FEW)
    few = {(user.username, url): queries_for(user, url) for user in viewers for url in LISTS}
    add_rows(MANY - FEW)
    many = {(user.username, url): queries_for(user, url) for user in viewers for url in LISTS}
    assert many == few
