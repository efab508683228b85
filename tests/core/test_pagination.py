"""Keyset pages in the API (every row once, forwards and back, without a count) and the capped
count of the pages ("1,000+")."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from shequ.core import pagination
from shequ.services.models import Application
from tests.conftest import WENHUALU
from tests.factories import ApplicationFactory, HouseholdFactory, PersonFactory


@pytest.fixture
def applications(regions, users):
    """45 applications of 文化路社区, five per applicant (so that many share a submission second)."""
    worker = users["worker_wenhualu"]
    for _ in range(9):
        person = PersonFactory(household=HouseholdFactory(region=regions[WENHUALU], grid=regions[WENHUALU + "001"]))
        for _ in range(5):
            ApplicationFactory(applicant=person, acting_user=worker)
    return list(Application.objects.order_by("-submitted_at", "-id").values_list("pk", flat=True))


def walk(client, url: str, link: str) -> tuple[list[list[int]], dict]:
    pages = []
    while url:
        body = client.get(url).json()
        assert "count" not in body
        pages.append([row["id"] for row in body["results"]])
        url, last = body[link], body
    return pages, last


def test_keyset_pages_list_every_row_once_forwards_and_back(applications, users):
    client = APIClient()
    client.force_authenticate(users["worker_wenhualu"])
    forwards, last = walk(client, "/api/v1/applications/", "next")
    assert [len(page) for page in forwards] == [20, 20, 5]
    assert [pk for page in forwards for pk in page] == applications
    backwards, first = walk(client, last["previous"], "previous")
    assert backwards == forwards[-2::-1]
    assert first["previous"] is None and first["next"]


def test_a_keyset_page_stays_within_scope(applications, users):
    client = APIClient()
    client.force_authenticate(users["worker_xindi"])
    assert client.get("/api/v1/applications/").json() == {"next": None, "previous": None, "results": []}


@pytest.mark.parametrize(
    "cursor", ["nonsense", "W10=", "WyJhZnRlciIsIFsxXV0=", "W1tdLCBbXV0=", "WyJhZnRlciIsIFsieCIsICJ5Il1d"]
)
def test_a_broken_cursor_is_a_clear_404(applications, users, cursor):
    client = APIClient()
    client.force_authenticate(users["worker_wenhualu"])
    response = client.get(f"/api/v1/applications/?cursor={cursor}")
    assert response.status_code == 404
    assert response.json()["detail"] == "无效的翻页参数"


def test_pages_count_up_to_the_cap_and_page_on_past_it(applications, users, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 30)
    client = Client()
    client.force_login(users["worker_wenhualu"])
    first = client.get("/work/applications/?queue=all")
    assert first.context["page"].paginator.count_label == "30+"
    assert first.context["page"].has_next()
    # The badge of the queue itself is capped the same way.
    assert ("to_accept", "待受理", "30+") in [(n, str(label), count) for n, label, count in first.context["queues"]]
    third = client.get("/work/applications/?queue=all&page=3")
    assert [application.pk for application in third.context["page"]] == applications[40:]
    assert not third.context["page"].has_next()
    assert third.context["page"].paginator.count_label == "45"


def test_a_small_list_shows_its_exact_count(applications, users):
    client = Client()
    client.force_login(users["worker_wenhualu"])
    response = client.get("/work/applications/?queue=all")
    assert response.context["page"].paginator.count_label == "45"
    assert "第 1 / 3 页" in response.content.decode()
