"""The public catalogue's list (page and API) is served from the cache, per language, and a change
of an item shows at once."""

from django.test import Client
from rest_framework.test import APIClient

from shequ.services.catalogue import catalogue_load
from shequ.services.models import ServiceItem


def test_the_catalogue_page_is_cached_per_language_and_a_change_shows_at_once(db, django_assert_num_queries):
    catalogue_load()
    client = Client()
    assert "高龄津贴" in client.get("/services/").content.decode()
    with django_assert_num_queries(0):  # the list comes from the cache, not the database
        assert "高龄津贴" in client.get("/services/").content.decode()
    client.cookies["django_language"] = "ug"
    assert "ياشانغانلار تولۇقلىمىسى" in client.get("/services/").content.decode()

    item = ServiceItem.objects.get(code="MZ-GLJT")
    item.name = "高龄老人津贴"
    item.save()
    del client.cookies["django_language"]
    assert "高龄老人津贴" in client.get("/services/").content.decode()
    item.delete()
    assert "高龄老人津贴" not in client.get("/services/").content.decode()


def test_a_search_and_an_unknown_kind_are_answered_from_the_database(db):
    catalogue_load()
    client = Client()
    client.get("/services/")
    ServiceItem.objects.filter(code="MZ-GLJT").update(name="高龄老人津贴")  # no signal: the cache is stale
    assert "高龄老人津贴" in client.get("/services/?q=高龄").content.decode()
    # An unknown kind is the whole catalogue, from the same cached list as no kind at all.
    assert "高龄老人津贴" not in client.get("/services/?kind=nonsense").content.decode()


def test_the_services_api_is_cached_and_a_change_shows_at_once(db, django_assert_num_queries):
    catalogue_load()
    client = APIClient()
    first = client.get("/api/v1/services/").json()
    with django_assert_num_queries(0):
        assert client.get("/api/v1/services/").json() == first
    assert client.get("/api/v1/services/", HTTP_ACCEPT_LANGUAGE="ug").json() != first

    item = ServiceItem.objects.get(code="MZ-GLJT")
    item.promised_days = 7
    item.save()
    rows = client.get("/api/v1/services/").json()["results"]
    assert next(row for row in rows if row["code"] == "MZ-GLJT")["promised_days"] == 7
    assert [row["code"] for row in client.get("/api/v1/services/?q=高龄").json()["results"]] == ["MZ-GLJT"]
