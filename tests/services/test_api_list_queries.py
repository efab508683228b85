"""The applications API answers from two queries (the applications with their service and region, and
their history with each actor joined): the applicant is named by id, so no person row is read."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from shequ.services.catalogue import catalogue_load
from shequ.services.models import ServiceItem
from tests.factories import FINISHED, ApplicationFactory


def test_the_list_and_the_detail_read_no_person_and_join_each_actor(users, residents):
    catalogue_load()
    service = ServiceItem.objects.filter(active=True).order_by("code").first()
    worker = users["worker_wenhualu"]
    finished = ApplicationFactory(service=service, applicant=residents["zhangsan"], worker=worker, steps=FINISHED)
    ApplicationFactory(service=service, applicant=residents["wife"], acting_user=worker)
    client = APIClient()
    client.force_authenticate(worker)
    for url in ("/api/v1/applications/", f"/api/v1/applications/{finished.pk}/"):
        with CaptureQueriesContext(connection) as queries:
            answer = client.get(url).json()
        assert not [query["sql"] for query in queries if "residents_person" in query["sql"]], url
        assert len(queries) == 2, [query["sql"] for query in queries]
    assert answer["applicant"] == residents["zhangsan"].pk
    assert [event["actor"] for event in answer["history"]] == [
        "resident",
        "worker_wenhualu",
        "worker_wenhualu",
        "worker_wenhualu",
    ]
