"""Login lockouts fall on the pair (client address behind the trusted proxies, username)."""

from ipaddress import ip_network

import pytest
from axes.models import AccessAttempt
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import PASSWORD

PROXY = "10.0.0.5"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = (ip_network(PROXY),)


def login(peer: str, forwarded: str, password: str):
    return Client(REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded).post(
        "/accounts/login/", {"username": "worker_xindi", "password": password}
    )


def fail_until_locked(peer: str, forwarded_for_attempt) -> None:
    for attempt in range(5):
        login(peer, forwarded_for_attempt(attempt), "wrong-password")


def test_clients_behind_the_proxy_are_locked_out_one_by_one(users, behind_proxy):
    fail_until_locked(PROXY, lambda attempt: "203.0.113.1")
    assert login(PROXY, "203.0.113.1", PASSWORD).status_code == 429
    # Another resident behind the same proxy logs in to the same account.
    assert login(PROXY, "203.0.113.2", PASSWORD).status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.1"}


def test_a_forged_forwarded_address_from_an_untrusted_peer_does_not_escape_the_lock(users, behind_proxy):
    attacker = "198.51.100.7"
    fail_until_locked(attacker, lambda attempt: f"203.0.113.{attempt + 10}")
    assert login(attacker, "203.0.113.99", PASSWORD).status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {attacker}
    # The address the attacker named is nobody's lock.
    assert login(PROXY, "203.0.113.10", PASSWORD).status_code == 302


def test_token_logins_count_towards_the_same_lock(users, behind_proxy):
    api = APIClient(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.1")
    for _ in range(5):
        api.post("/api/v1/auth/token/", {"username": "worker_xindi", "password": "wrong-password"})
    refused = api.post("/api/v1/auth/token/", {"username": "worker_xindi", "password": PASSWORD})
    assert refused.status_code == 429 and refused.json() == {"detail": "账号已暂时锁定", "code": "accounts.locked_out"}
    assert login(PROXY, "203.0.113.1", PASSWORD).status_code == 429
    assert login(PROXY, "203.0.113.2", PASSWORD).status_code == 302
