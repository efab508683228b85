"""The read-replica router: only reads that ask for a replica get one, never after a write in the
same request or inside a transaction; writes and migrations stay on the default database; with no
replica configured everything reads the default database.

`replica_1` mirrors the default test database (tests/conftest.py), so the tests commit their data
(transaction=True) and tell the two apart by the queries each connection ran."""

import pytest
from django.core.signals import request_started
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext

from shequ.core.replicas import reads_from_replica
from shequ.feedback.selectors import rating_statistics
from shequ.notifications.models import Notification
from shequ.residents.selectors import registry_summary

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica_1"])


@pytest.fixture
def replica(settings, users):
    settings.DATABASE_REPLICAS = ["replica_1"]
    request_started.send(sender=None)  # after the test data: a fresh request that wrote nothing


def _reads(queries: CaptureQueriesContext, table: str) -> list[str]:
    return [query["sql"] for query in queries.captured_queries if table in query["sql"]]


class _Both:
    """Captures the queries of the default database and of the replica at once."""

    def __enter__(self):
        self.default = CaptureQueriesContext(connections["default"]).__enter__()
        self.replica = CaptureQueriesContext(connections["replica_1"]).__enter__()
        return self

    def __exit__(self, *exc_info):
        self.replica.__exit__(*exc_info)
        self.default.__exit__(*exc_info)


def test_statistics_read_from_the_replica(replica, users):
    with _Both() as queries:
        rating_statistics(user=users["county_mz"], group_by="department")
        registry_summary(user=users["county_mz"])
    assert _reads(queries.replica, "feedback_rating")
    assert _reads(queries.replica, "residents_person")
    assert not _reads(queries.default, "feedback_rating")
    assert not _reads(queries.default, "residents_person")


def test_the_statistics_page_reads_the_replica(replica, users, login):
    client = login(users["county_mz"])
    with _Both() as queries:
        assert client.get("/work/ratings/stats/", {"by": "region"}).status_code == 200
        assert client.get("/api/v1/rating-statistics/", {"by": "service"}).status_code == 200
    assert len(_reads(queries.replica, "feedback_rating")) >= 2  # the page and the API
    assert not _reads(queries.default, "feedback_rating")


def test_after_a_write_the_same_request_reads_the_default_database(replica, users):
    Notification.objects.create(recipient=users["county_mz"], stored_title="写入")
    with _Both() as queries:
        rating_statistics(user=users["county_mz"], group_by="department")
    assert not queries.replica.captured_queries
    assert _reads(queries.default, "feedback_rating")

    request_started.send(sender=None)  # the next request may use the replica again
    with _Both() as queries:
        rating_statistics(user=users["county_mz"], group_by="department")
    assert _reads(queries.replica, "feedback_rating")


def test_reads_inside_a_transaction_stay_on_the_default_database(replica, users):
    with transaction.atomic(), _Both() as queries:
        rating_statistics(user=users["county_mz"], group_by="department")
    assert not queries.replica.captured_queries


def test_writes_never_go_to_a_replica(replica, users):
    with reads_from_replica(), _Both() as queries:
        assert router.db_for_write(Notification) == "default"
        Notification.objects.create(recipient=users["county_mz"], stored_title="写入")
        users["county_mz"].save()
    assert not queries.replica.captured_queries
    assert any("INSERT" in query["sql"] for query in queries.default.captured_queries)
    assert router.allow_migrate("replica_1", "notifications") is False
    assert router.allow_migrate("default", "notifications") is not False


def test_with_no_replica_everything_reads_the_default_database(settings, users):
    settings.DATABASE_REPLICAS = []
    request_started.send(sender=None)
    with reads_from_replica(), _Both() as queries:
        rating_statistics(user=users["county_mz"], group_by="department")
        assert router.db_for_read(Notification) == "default"
    assert not queries.replica.captured_queries
    assert _reads(queries.default, "feedback_rating")
