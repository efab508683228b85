"""Ten requests for a code to one phone at the same moment: exactly one is sent, the others are told
to wait a minute. Real threads and committed transactions, on SQLite and on PostgreSQL."""

import threading

import pytest
from django.db import connection

from shequ.accounts.models import SmsCode
from shequ.accounts.services import sms_code_request
from shequ.accounts.sms_codes import TooManyCodes

RACERS = 10


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_racing_requests_for_one_phone_send_one_code(sms_outbox):
    barrier = threading.Barrier(RACERS)
    outcomes, errors, lock = [], [], threading.Lock()

    def race() -> None:
        try:
            barrier.wait(timeout=30)
            try:
                sms_code_request(phone="13900001111")
                outcome = "sent"
            except TooManyCodes:
                outcome = "wait"
            with lock:
                outcomes.append(outcome)
        except BaseException as error:  # reported by the main thread
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=race) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors, errors
    assert sorted(outcomes) == ["sent"] + ["wait"] * (RACERS - 1)
    assert len(sms_outbox) == 1
    row = SmsCode.objects.get()
    assert row.day_count == 1
