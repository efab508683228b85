"""Twenty requests race for one time range of a room: exactly one is confirmed, nineteen are told the
time is taken. Real threads, real connections, committed transactions: on SQLite (a file in WAL
mode, IMMEDIATE transactions) and on PostgreSQL (run with SHEQU_DATABASE_URL)."""

import threading

import pytest
from django.db import connection

from shequ.venues.models import VenueBooking
from shequ.venues.services import BookingRequest, VenueOverlap, venue_booking_create
from shequ.venues.workflow import Status
from tests.venues.conftest import next_weekday_at

RACERS = 20


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_twenty_racers_for_one_range_exactly_one_wins(make_room, users):
    from shequ.facilities.catalogue import catalogue_load

    catalogue_load()  # the data migration's rows do not survive a transactional test's flush
    room, worker = make_room(), users["worker_wenhualu"]
    # Each racer asks for a slightly different range inside 10:00–12:00, so every pair overlaps.
    requests = [
        BookingRequest(start=next_weekday_at(10, minute % 60), end=next_weekday_at(11, minute % 60))
        for minute in range(0, RACERS * 3, 3)
    ]
    barrier = threading.Barrier(RACERS)
    outcomes: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def race(request: BookingRequest) -> None:
        try:
            barrier.wait(timeout=30)
            try:
                venue_booking_create(room=room, request=request, acting_user=worker)
                outcome = "booked"
            except VenueOverlap:
                outcome = "taken"
            with lock:
                outcomes.append(outcome)
        except BaseException as error:  # reported by the main thread
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=race, args=(request,)) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors, errors
    assert outcomes.count("booked") == 1
    assert outcomes.count("taken") == RACERS - 1
    assert VenueBooking.objects.filter(room=room, status=Status.CONFIRMED).count() == 1
