"""The payment list page and API answer in the same number of queries for a few rows as for many."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import WENHUALU
from tests.factories import HouseholdFactory, PersonFactory

LISTS = ["/work/benefits/payments/?month=2026-05", "/api/v1/disbursements/?month=2026-05"]


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_payment_lists_do_not_query_per_row(allowance, approve, users, regions, login):
    client = login(users["township_jms"])

    def add(count):
        for serial in range(count):
            household = HouseholdFactory(region=regions[WENHUALU])
            approve(PersonFactory(household=household, born=date(1940, 1, 1 + serial)), allowance)

    add(2)
    for url in LISTS:  # the session's first request refreshes it
        client.get(url)
    few = {url: _queries(client, url) for url in LISTS}
    add(8)
    many = {url: _queries(client, url) for url in LISTS}

    assert few == many
