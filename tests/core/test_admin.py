"""The admin is for superusers and the county's system administrators only, its lists are scoped,
and none offers a filter, search or column on personal data or free-form JSON."""

import importlib

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.test import Client

from shequ.accounts.models import Role, User
from tests.factories import PASSWORD

WORKBENCH_ROLES = ["worker_wenhualu", "grid_wenhualu", "township_jms", "county_mz", "county_jy"]
# Fields that are, or rebuild, an ID number, a phone number or a birth date, and free-form JSON.
FORBIDDEN = {"id_number", "id_tail_reversed", "phone", "birth_date", "data", "changes", "additional_data"}


def test_admin_login_page_answers_anonymous_users(db):
    response = Client().get("/admin/login/")
    assert response.status_code == 200
    assert Client().get("/admin/").status_code == 302


@pytest.mark.parametrize("username", WORKBENCH_ROLES)
def test_workbench_staff_get_no_admin(users, username):
    assert not users[username].is_staff
    client = Client()
    client.force_login(users[username])
    for path in ["/admin/", "/admin/residents/person/", "/admin/core/calendaryear/"]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), path
    # Logging in through the admin's own form is refused too.
    client = Client()
    response = client.post("/admin/login/", {"username": username, "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_a_worker_given_is_staff_by_mistake_still_stays_out(users):
    worker = users["worker_wenhualu"]
    worker.is_staff = True
    worker.save()
    client = Client()
    client.force_login(worker)
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/residents/person/").status_code == 302


@pytest.mark.parametrize("username", ["county_admin", "admin"])
def test_administrators_use_the_admin(users, residents, username):
    client = Client()
    response = client.post("/admin/login/", {"username": username, "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    index = client.get("/admin/")
    assert index.status_code == 200
    html = index.content.decode()
    assert "/admin/core/calendaryear/" in html and "/admin/residents/person/" in html
    for path in ["/admin/core/calendaryear/add/", "/admin/residents/person/", "/admin/services/serviceitem/"]:
        assert client.get(path).status_code == 200, path


def test_calendar_and_catalogue_are_kept_by_permission(users):
    county_admin = users["county_admin"]
    for permission in [
        "core.use_admin",
        "core.change_calendaryear",
        "core.add_calendarday",
        "services.change_serviceitem",
    ]:
        assert county_admin.has_perm(permission), permission
        assert users["admin"].has_perm(permission), permission
        assert not users["county_mz"].has_perm(permission), permission
    assert not county_admin.has_perm("core.view_domainevent") and users["admin"].has_perm("core.view_domainevent")


def _names(entries) -> list[str]:
    names = []
    for entry in entries or ():
        if isinstance(entry, (list, tuple)):  # (field, filter class)
            entry = entry[0]
        if isinstance(entry, str):
            names.append(entry.lstrip("^=@"))
        elif getattr(entry, "parameter_name", None):  # a SimpleListFilter class
            names.append(entry.parameter_name)
    return names


def _admins():
    for model_admin in admin.site._registry.values():
        yield model_admin
        yield from (inline(model_admin.model, admin.site) for inline in model_admin.inlines)


def _options(model_admin) -> dict:
    if isinstance(model_admin, InlineModelAdmin):  # an inline's rows are its list
        return {"fields": model_admin.fields}
    return {
        "list_display": model_admin.list_display,
        "list_filter": model_admin.list_filter,
        "search_fields": model_admin.search_fields,
        "date_hierarchy": [model_admin.date_hierarchy] if model_admin.date_hierarchy else [],
    }


def test_no_admin_list_filters_searches_or_shows_personal_data_or_json():
    checked = 0
    for model_admin in _admins():
        for option, entries in _options(model_admin).items():
            for name in _names(entries):
                assert not set(name.split("__")) & FORBIDDEN, f"{type(model_admin).__name__}.{option}: {name}"
        checked += 1
    assert checked >= 20


@pytest.mark.django_db
def test_migration_takes_is_staff_from_everybody_but_administrators(regions):
    region = regions["652327"]
    for username, role, superuser in [
        ("staff_worker", Role.VILLAGE_WORKER, False),
        ("staff_department", Role.COUNTY_STAFF, False),
        ("staff_admin", Role.COUNTY_ADMIN, False),
        ("staff_superuser", Role.RESIDENT, True),
    ]:
        User.objects.create(username=username, role=role, region=region, is_staff=True, is_superuser=superuser)
    migration = importlib.import_module("shequ.accounts.migrations.0003_staff_only_for_administrators")
    migration.staff_only_for_administrators(apps, None)
    assert set(User.objects.filter(is_staff=True).values_list("username", flat=True)) == {
        "staff_admin",
        "staff_superuser",
    }


@pytest.mark.parametrize(
    "query",
    ["id_number__startswith=6523271990", "birth_date__month=1", "phone__endswith=5678", "id_tail_reversed__gt=1"],
)
def test_admin_lists_refuse_url_filters_on_personal_data(users, residents, query):
    client = Client()
    client.force_login(users["county_admin"])
    response = client.get(f"/admin/residents/person/?{query}")
    # Django answers a lookup the admin does not allow with its "?e=1" redirect, never the list.
    assert response.status_code in (302, 400) and "张三" not in response.content.decode()
    assert client.get("/admin/residents/person/").status_code == 200


def test_admin_lists_still_filter_on_what_they_offer(users, residents):
    client = Client()
    client.force_login(users["county_admin"])
    assert client.get("/admin/accounts/user/?role__exact=village_worker").status_code == 200
