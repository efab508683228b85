"""The client address: X-Forwarded-For believed only as far as trusted proxies vouch for it."""

from ipaddress import ip_network

import pytest
from django.test import RequestFactory

from shequ.core.client import client_address, client_user_agent

PROXY = "10.0.0.5"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = (ip_network(PROXY), ip_network("172.16.0.0/12"))


def address(peer: str, forwarded: str | None = None) -> str:
    headers = {"REMOTE_ADDR": peer} | ({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {})
    return client_address(RequestFactory().get("/", **headers))


def test_without_trusted_proxies_the_peer_is_the_client(settings):
    settings.TRUSTED_PROXIES = ()
    assert address("203.0.113.9") == "203.0.113.9"
    assert address(PROXY, "203.0.113.9") == PROXY


def test_a_trusted_proxy_passes_on_the_address_it_saw(behind_proxy):
    assert address(PROXY, "203.0.113.9") == "203.0.113.9"
    assert address(PROXY, " 2001:db8::7 ") == "2001:db8::7"


def test_the_chain_is_read_from_the_right_through_every_trusted_proxy(behind_proxy):
    # The client wrote "1.1.1.1" itself; 203.0.113.9 is what the outer proxy (172.20.0.3) saw.
    assert address(PROXY, "1.1.1.1, 203.0.113.9, 172.20.0.3") == "203.0.113.9"


def test_a_forged_header_from_an_untrusted_peer_is_ignored(behind_proxy):
    assert address("198.51.100.7", "203.0.113.9") == "198.51.100.7"


def test_garbage_from_behind_a_proxy_stops_at_the_proxy(behind_proxy):
    assert address(PROXY, "unknown") == PROXY
    assert address(PROXY, "") == PROXY
    assert address(PROXY, "203.0.113.9, <script>") == PROXY


def test_a_chain_of_trusted_addresses_ends_at_its_left_end(behind_proxy):
    assert address(PROXY, "172.16.0.1") == "172.16.0.1"


def test_ipv4_mapped_peers_are_their_ipv4_address(behind_proxy):
    assert address("::ffff:10.0.0.5", "203.0.113.9") == "203.0.113.9"
    assert address("::ffff:198.51.100.7") == "198.51.100.7"


def test_the_user_agent_is_cut_to_what_the_audit_keeps():
    request = RequestFactory().get("/", HTTP_USER_AGENT="x" * 1000)
    assert client_user_agent(request) == "x" * 255
    assert client_user_agent(RequestFactory().get("/")) == ""


def test_trusted_proxies_are_read_as_networks_and_a_typo_stops_the_start(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from config.env import env_networks

    monkeypatch.setenv("SHEQU_TRUSTED_PROXIES", "10.0.0.5, 10.1.0.0/16,fd00::/8")
    assert env_networks("SHEQU_TRUSTED_PROXIES") == tuple(
        ip_network(value) for value in ("10.0.0.5/32", "10.1.0.0/16", "fd00::/8")
    )
    monkeypatch.setenv("SHEQU_TRUSTED_PROXIES", "10.0.0.300")
    with pytest.raises(ImproperlyConfigured):
        env_networks("SHEQU_TRUSTED_PROXIES")
