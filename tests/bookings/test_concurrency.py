"""Twenty requests race for the last place of a slot: exactly one wins, nineteen are told it is full,
and the slot is never overbooked. Real threads, real connections, committed transactions: on SQLite
(a file in WAL mode, IMMEDIATE transactions) and on PostgreSQL (run with SHEQU_DATABASE_URL)."""

import threading

import pytest
from django.db import connection

from shequ.bookings.models import Booking, BookingStatus, Slot
from shequ.bookings.services import SlotFull, booking_create
from shequ.residents.choices import Ethnicity, Gender, Relation
from shequ.residents.models import Household, Person

RACERS = 20


def _persons(unit, grid, count: int, prefix: str) -> list[Person]:
    persons = []
    for number in range(count):
        household = Household.objects.create(
            region=unit, grid=grid, number=f"{prefix}{number:03d}", address=f"文化路{number + 10}号"
        )
        persons.append(
            Person.objects.create(
                household=household,
                region=unit,
                grid=grid,
                name=f"居民{prefix}{number}",
                gender=Gender.FEMALE,
                birth_date="1950-01-01",
                ethnicity=Ethnicity.HAN,
                relation=Relation.HEAD,
            )
        )
    return persons


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_twenty_racers_for_the_last_place_exactly_one_wins(regions, users, make_slot):
    unit, grid = regions["652327100003"], regions["652327100003001"]
    worker = users["worker_wenhualu"]
    slot = make_slot(capacity=5)
    for person in _persons(unit, grid, 4, "A"):
        booking_create(slot=slot, person=person, acting_user=worker)
    racers = _persons(unit, grid, RACERS, "R")
    slot = Slot.objects.select_related("service", "provider", "region").get(pk=slot.pk)
    assert slot.booked_count == 4

    barrier = threading.Barrier(RACERS)
    outcomes: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def race(person: Person) -> None:
        try:
            barrier.wait(timeout=30)
            try:
                booking_create(slot=slot, person=person, acting_user=worker)
                outcome = "booked"
            except SlotFull as full:
                assert str(full.message) == "该时段已约满，请选择其他时段"
                outcome = "full"
            with lock:
                outcomes.append(outcome)
        except BaseException as error:  # reported by the main thread
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=race, args=(person,)) for person in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors, errors
    assert outcomes.count("booked") == 1
    assert outcomes.count("full") == RACERS - 1
    slot.refresh_from_db()
    assert slot.booked_count == slot.capacity == 5
    assert Booking.objects.filter(slot=slot, status=BookingStatus.BOOKED).count() == 5
    assert Booking.objects.filter(slot=slot).count() == 5
