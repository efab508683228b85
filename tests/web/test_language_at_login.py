"""The language a person picks before signing in survives signing in."""

from django.test import Client
from django.urls import reverse

from shequ.accounts.models import User
from tests.factories import PASSWORD


def _sign_in(client: Client):
    return client.post("/accounts/login/", {"username": "resident", "password": PASSWORD})


def test_a_language_picked_on_the_login_page_wins_over_the_stored_one(users, db):
    User.objects.filter(username="resident").update(language="zh-hans")
    client = Client()
    client.post(reverse("web:language"), {"language": "ug", "next": "/accounts/login/"})
    response = _sign_in(client)
    assert response.cookies["django_language"].value == "ug"
    assert User.objects.get(username="resident").language == "ug"
    assert '<html lang="ug" dir="rtl"' in client.get("/").content.decode()


def test_a_language_shown_before_login_is_stored_for_a_user_without_one(users, db):
    client = Client()
    client.cookies["django_language"] = "ug"
    response = _sign_in(client)
    assert response.cookies["django_language"].value == "ug"
    assert User.objects.get(username="resident").language == "ug"


def test_the_stored_language_comes_back_on_a_device_that_picked_none_this_time(users, db):
    User.objects.filter(username="resident").update(language="ug")
    client = Client()
    client.cookies["django_language"] = "zh-hans"  # an old cookie on a shared device, not a choice now
    response = _sign_in(client)
    assert response.cookies["django_language"].value == "ug"
    assert User.objects.get(username="resident").language == "ug"
