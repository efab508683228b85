"""One scope, everywhere: selector, pages, API, export and admin show each role exactly its part."""

from io import BytesIO

import pytest
from django.contrib import admin
from openpyxl import load_workbook
from rest_framework.test import APIClient

from shequ.residents.models import Person
from shequ.residents.selectors import person_list, registry_summary

ALL = {"张三", "刘芳", "王五", "李四"}
WENHUALU = {"张三", "刘芳", "王五"}
VISIBLE = {
    "admin": ALL,
    "county_admin": ALL,
    "county_mz": ALL,
    "county_jy": ALL,
    "township_jms": WENHUALU,
    "township_xd": {"李四"},
    "worker_wenhualu": WENHUALU,
    "worker_xindi": {"李四"},
    "grid_wenhualu": {"张三", "刘芳"},
    "resident": {"张三", "刘芳"},
    "provider": set(),
    "volunteer": set(),
}
STAFF = [name for name in VISIBLE if name not in ("resident", "provider", "volunteer")]
ADMINISTRATORS = ["admin", "county_admin"]


@pytest.mark.parametrize("username", VISIBLE)
def test_selector_scope(users, residents, username):
    assert {person.name for person in person_list(user=users[username])} == VISIBLE[username]
    assert registry_summary(user=users[username])["persons"] == len(VISIBLE[username])


@pytest.mark.parametrize("username", STAFF)
def test_pages_list_and_open_only_records_in_scope(users, residents, login, username):
    client = login(users[username])
    listing = client.get("/work/residents/").content.decode()
    assert {name for name in ALL if name in listing} == VISIBLE[username]
    for person in Person.objects.all():
        status = client.get(f"/work/residents/{person.pk}/").status_code
        assert status == (200 if person.name in VISIBLE[username] else 404), person.name
        household = client.get(f"/work/households/{person.household_id}/").status_code
        assert household == (200 if person.name in VISIBLE[username] else 404)


@pytest.mark.parametrize("username", ["resident", "provider", "volunteer"])
def test_workbench_is_for_staff_only(users, residents, login, username):
    client = login(users[username])
    assert client.get("/work/").status_code == 403
    assert client.get("/work/residents/").status_code == 403
    assert client.get("/work/residents/export.xlsx").status_code == 403


@pytest.mark.parametrize("username", VISIBLE)
def test_api_lists_scope_and_answers_404_outside_it(users, residents, username):
    client = APIClient()
    client.force_authenticate(users[username])
    names = {row["name"] for row in client.get("/api/v1/residents/?page_size=100").json()["results"]}
    assert names == VISIBLE[username]
    for person in Person.objects.all():
        status = client.get(f"/api/v1/residents/{person.pk}/").status_code
        assert status == (200 if person.name in VISIBLE[username] else 404), person.name


@pytest.mark.parametrize("username", STAFF)
def test_export_contains_only_records_in_scope(users, residents, login, username):
    response = login(users[username]).get("/work/residents/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content), read_only=True).active
    cells = {str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell}
    assert cells & ALL == VISIBLE[username]


@pytest.mark.parametrize("username", ADMINISTRATORS)
def test_admin_lists_are_scoped(users, residents, login, username):
    client = login(users[username])
    listing = client.get("/admin/residents/person/").content.decode()
    assert {name for name in ALL if name in listing} == VISIBLE[username]


@pytest.mark.parametrize("username", STAFF)
def test_admin_querysets_and_object_permissions_are_scoped(users, residents, rf, username):
    """Only administrators reach the admin, but its lists and object pages ask the same scope as
    everything else, whoever the user."""
    request = rf.get("/admin/residents/person/")
    request.user = users[username]
    person_admin = admin.site._registry[Person]
    assert {person.name for person in person_admin.get_queryset(request)} == VISIBLE[username]
    for person in Person.objects.all():
        assert person_admin.has_view_permission(request, person) == (person.name in VISIBLE[username])


def test_search_never_crosses_scope(users, residents):
    assert [p.name for p in person_list(user=users["worker_xindi"], query="zs")] == []
    assert [p.name for p in person_list(user=users["worker_wenhualu"], query="zs")] == ["张三"]
    assert [p.name for p in person_list(user=users["worker_xindi"], query="0034")] == ["李四"]
    assert [p.name for p in person_list(user=users["worker_wenhualu"], query="0034")] == []


def test_regions_seen_are_own_subtree_and_ancestors(users, residents):
    client = APIClient()
    client.force_authenticate(users["worker_xindi"])
    codes = {row["code"] for row in client.get("/api/v1/regions/?page_size=200").json()["results"]}
    assert "652327205209" in codes and "652327205" in codes and "652327" in codes
    assert "652327100003" not in codes and "652327100" not in codes
    assert client.get("/api/v1/regions/652327100003/").status_code == 404


def test_latin_letters_read_as_initials_when_short_and_pinyin_when_long(users, residents):
    county = users["county_mz"]
    assert [p.name for p in person_list(user=county, query="ls")] == ["李四"]  # initials
    assert {p.name for p in person_list(user=county, query="li")} == {"李四", "刘芳"}  # no initials "li": pinyin
    assert [p.name for p in person_list(user=county, query="wangw")] == ["王五"]  # pinyin
    assert [p.name for p in person_list(user=county, query="liuf")] == ["刘芳"]


def test_broad_searches_page_in_index_order(users, residents, settings, monkeypatch):
    from shequ.residents import selectors

    monkeypatch.setattr(selectors, "SORT_BY_NAME_UP_TO", 1)
    assert person_list(user=users["county_mz"]).query.order_by == ("scope_code", "name", "id")
    assert person_list(user=users["worker_xindi"]).query.order_by == ("name", "scope_code", "id")


def test_county_administrators_cannot_touch_superusers_or_grant_privileges(users, login):
    client = login(users["county_admin"])
    admin = users["admin"]
    response = client.post(
        f"/admin/accounts/user/{admin.pk}/password/", {"password1": "x-New-pass-2026", "password2": "x-New-pass-2026"}
    )
    assert response.status_code in (403, 302, 404)
    admin.refresh_from_db()
    assert not admin.check_password("x-New-pass-2026")
    own = users["county_admin"]
    page = client.get(f"/admin/accounts/user/{own.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page
