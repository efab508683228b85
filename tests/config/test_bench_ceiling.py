"""The load benchmark's ceiling view exists only when SHEQU_BENCH_CEILING turns it on."""

import importlib

import pytest
from django.test import override_settings
from django.urls import clear_url_caches

import config.urls


@pytest.fixture
def reloaded_urls():
    """Rebuilds config.urls under the settings of the test, and restores it afterwards."""

    def reload():
        importlib.reload(config.urls)
        clear_url_caches()

    yield reload
    reload()


def test_the_ceiling_is_off_by_default(client, db, settings):
    assert settings.BENCH_CEILING is False
    assert client.get("/bench/ceiling").status_code == 404


def test_the_ceiling_answers_behind_the_middleware_when_enabled(client, db, reloaded_urls):
    with override_settings(BENCH_CEILING=True):
        reloaded_urls()
        response = client.get("/bench/ceiling")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    # It went through the whole stack: the CSP and clickjacking middleware stamped the answer.
    assert "Content-Security-Policy" in response.headers and response.headers["X-Frame-Options"] == "DENY"
