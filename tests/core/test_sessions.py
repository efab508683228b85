"""A logged-in user's session is pushed on (saved with a new expiry and cookie) at most once a minute,
not on every request, and never for a visitor without one."""

import importlib
import time

import pytest
from django.conf import settings
from django.test import Client

from shequ.core import sessions


@pytest.fixture
def saves(monkeypatch):
    """How many times the configured session engine saved a session."""
    store = importlib.import_module(settings.SESSION_ENGINE).SessionStore
    count = {"saves": 0}
    original = store.save

    def counted(self, *args, **kwargs):
        count["saves"] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(store, "save", counted)
    return count


def test_the_session_is_pushed_on_once_a_minute(users, login, saves, monkeypatch):
    client = login(users["worker_wenhualu"])
    assert client.get("/work/").status_code == 200  # the first request pushes the login's session on
    pushed = saves["saves"]
    client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] = ""  # to see whether the next answer sets it
    for _ in range(3):
        response = client.get("/work/")
        assert response.status_code == 200 and settings.SESSION_COOKIE_NAME not in response.cookies
    assert saves["saves"] == pushed

    later = time.time() + sessions.REFRESH_SECONDS
    monkeypatch.setattr(sessions.time, "time", lambda: later)
    response = client.get("/work/")
    assert saves["saves"] == pushed + 1
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE


def test_a_visitor_without_a_session_gets_none(db, saves):
    response = Client().get("/services/")
    assert response.status_code == 200 and settings.SESSION_COOKIE_NAME not in response.cookies
    assert saves["saves"] == 0
