"""Residents' own accounts: a clock the tests move, and codes read from the SMS outbox."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from shequ.accounts.services import sms_code_request


class Clock:
    """timezone.now() at a moment the test chooses, moved forward with `advance`."""

    def __init__(self, start: datetime):
        self.now = start

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(timezone.make_aware(datetime(2025, 3, 3, 10, 0)))
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


@pytest.fixture
def send_code(django_capture_on_commit_callbacks, sms_outbox):
    """Ask for a code as a client would and return the one that reached the phone (None if none did)."""

    def send(phone: str, purpose: str = "signup", address: str = "") -> str | None:
        with django_capture_on_commit_callbacks(execute=True):
            sms_code_request(phone=phone, purpose=purpose, address=address)
        sent = [message for message in sms_outbox if message.phone == phone]
        return sent[-1].params.get("code") if sent else None

    return send
