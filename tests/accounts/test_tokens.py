"""API tokens expire, and die with the password they were issued against and with deactivation."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from shequ.accounts.models import User
from tests.factories import PASSWORD


def token_login(username: str, password: str = PASSWORD) -> dict:
    response = APIClient().post("/api/v1/auth/token/", {"username": username, "password": password})
    assert response.status_code == 200, response.content
    return response.json()


def with_token(key: str, language: str = "zh-hans") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def works(key: str) -> bool:
    return with_token(key).get("/api/v1/regions/").status_code == 200


def age_token(key: str, hours: int) -> None:
    Token.objects.filter(key=key).update(created=timezone.now() - timedelta(hours=hours))


@pytest.mark.parametrize(("username", "hours"), [("worker_wenhualu", 12), ("admin", 12), ("resident", 30 * 24)])
def test_a_login_tells_when_the_token_expires(users, username, hours):
    issued = token_login(username)
    lifetime = parse_datetime(issued["expires_at"]) - timezone.now()
    assert timedelta(hours=hours) - timedelta(minutes=1) < lifetime <= timedelta(hours=hours)
    assert works(issued["token"])


def test_token_lifetimes_come_from_the_settings(users, settings):
    settings.TOKEN_LIFETIME_STAFF = timedelta(hours=2)
    lifetime = parse_datetime(token_login("worker_wenhualu")["expires_at"]) - timezone.now()
    assert timedelta(minutes=119) < lifetime <= timedelta(hours=2)


def test_a_living_token_is_handed_out_again(users):
    assert token_login("worker_wenhualu")["token"] == token_login("worker_wenhualu")["token"]


def test_an_expired_token_is_refused_and_deleted_and_a_new_login_gets_a_fresh_one(users):
    old = token_login("worker_wenhualu")["token"]
    age_token(old, hours=13)
    refused = with_token(old).get("/api/v1/regions/")
    assert refused.status_code == 401 and refused.json()["detail"] == "登录凭证已过期，请重新登录。"
    assert refused["WWW-Authenticate"] == "Token"
    assert not Token.objects.filter(key=old).exists()
    fresh = token_login("worker_wenhualu")["token"]
    assert fresh != old and works(fresh)


def test_an_expired_token_is_rotated_at_login_even_before_it_is_used(users):
    old = token_login("resident")["token"]
    age_token(old, hours=30 * 24)
    fresh = token_login("resident")["token"]
    assert fresh != old and works(fresh) and not works(old)


def test_a_resident_token_outlives_the_staff_lifetime(users):
    key = token_login("resident")["token"]
    age_token(key, hours=13)
    assert works(key)


def test_the_refusal_is_in_the_users_language(users):
    key = token_login("worker_wenhualu")["token"]
    age_token(key, hours=13)
    detail = with_token(key, language="ug").get("/api/v1/regions/").json()["detail"]
    assert detail and detail != "登录凭证已过期，请重新登录。"


def test_a_password_change_revokes_the_token(users):
    key = token_login("worker_wenhualu")["token"]
    user = User.objects.get(username="worker_wenhualu")
    user.set_password("a-new-password-2026")
    user.save()
    refused = with_token(key).get("/api/v1/regions/")
    assert refused.status_code == 401 and refused.json()["detail"] == "登录凭证无效或已被撤销，请重新登录。"
    assert works(token_login("worker_wenhualu", "a-new-password-2026")["token"])


def test_a_password_change_in_the_admin_revokes_the_token(users, login):
    key = token_login("worker_wenhualu")["token"]
    target = users["worker_wenhualu"]
    response = login(users["admin"]).post(
        f"/admin/accounts/user/{target.pk}/password/",
        {"password1": "a-new-password-2026", "password2": "a-new-password-2026"},
    )
    assert response.status_code == 302
    assert not works(key)


def test_deactivation_revokes_the_token(users):
    key = token_login("worker_wenhualu")["token"]
    user = User.objects.get(username="worker_wenhualu")
    user.is_active = False
    user.save()
    assert not Token.objects.filter(user=user).exists() and not works(key)
    user.is_active = True
    user.save()
    assert not works(key)


def test_other_changes_to_the_account_keep_the_token(users, login):
    key = token_login("worker_wenhualu")["token"]
    user = User.objects.get(username="worker_wenhualu")
    user.first_name = "文"
    user.save()
    user.language = "ug"
    user.save(update_fields=["language"])
    assert works(key)


def test_the_token_login_ignores_a_stale_token_in_the_request(users):
    old = token_login("worker_wenhualu")["token"]
    age_token(old, hours=13)
    response = with_token(old).post("/api/v1/auth/token/", {"username": "worker_wenhualu", "password": PASSWORD})
    assert response.status_code == 200 and response.json()["token"] != old
