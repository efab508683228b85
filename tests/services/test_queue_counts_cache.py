"""The queue tabs' counts on the worker's queue page are cached per user's scope and are fresh as
soon as an application changes."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shequ.services.apps import _reschedule
from shequ.services.caching import queue_count_labels
from shequ.services.catalogue import catalogue_load
from shequ.services.selectors import QUEUES, application_queues
from shequ.services.services import application_transition
from tests.factories import ApplicationFactory


@pytest.fixture
def submitted(users, residents):
    catalogue_load()
    return [ApplicationFactory(service=service, applicant=residents["zhangsan"]) for service in catalogue_services(2)]


def catalogue_services(count: int):
    from shequ.services.models import ServiceItem

    return list(ServiceItem.objects.filter(active=True, channel__in=["online", "both"]).order_by("code")[:count])


def to_accept_count(client) -> str:
    html = client.get("/work/applications/").content.decode()
    return re.search(r'href="\?queue=to_accept">[^<]*<span class="badge[^"]*">([^<]+)</span>', html).group(1)


def test_the_counts_are_counted_once_then_come_from_the_cache(users, submitted):
    worker = users["worker_wenhualu"]
    with CaptureQueriesContext(connection) as first:
        labels = queue_count_labels(user=worker, queues=application_queues(user=worker))
    with CaptureQueriesContext(connection) as second:
        assert queue_count_labels(user=worker, queues=application_queues(user=worker)) == labels
    assert (len(first), len(second)) == (len(QUEUES), 0)  # one capped count per queue, then none


def test_a_changed_application_shows_in_the_counts_at_once(users, submitted, login):
    worker = login(users["worker_wenhualu"])
    assert to_accept_count(worker) == "2"
    application_transition(application=submitted[0], to="accepted", acting_user=users["worker_wenhualu"])
    assert to_accept_count(worker) == "1"


def test_each_user_gets_the_counts_of_their_own_scope(users, submitted, login):
    assert to_accept_count(login(users["worker_wenhualu"])) == "2"
    assert to_accept_count(login(users["worker_xindi"])) == "0"
    assert to_accept_count(login(users["township_jms"])) == "2"


def test_a_change_of_the_users_scope_is_not_served_the_old_counts(users, submitted, regions):
    worker = users["worker_wenhualu"]
    assert queue_count_labels(user=worker, queues=application_queues(user=worker))["to_accept"] == "2"
    worker.region = regions["652327205209"]  # moved to 新地村
    worker.save()
    assert queue_count_labels(user=worker, queues=application_queues(user=worker))["to_accept"] == "0"


def test_rescheduled_deadlines_make_the_counts_stale(users, submitted):
    worker = users["worker_wenhualu"]
    queue_count_labels(user=worker, queues=application_queues(user=worker))
    _reschedule(2026)  # bulk updates of deadlines send no save signal
    with CaptureQueriesContext(connection) as counted:
        queue_count_labels(user=worker, queues=application_queues(user=worker))
    assert len(counted) == len(QUEUES)  # counted again, one query per queue
