"""The pages work without JavaScript: the week calendar shows a room's bookings, its form books
(and keeps what was typed when refused), staff approve from the list, utilisation sums hours."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from shequ.venues.models import VenueBooking
from shequ.venues.selectors import utilisation
from shequ.venues.services import BookingRequest, venue_booking_create
from shequ.venues.workflow import Status
from tests.venues.conftest import next_weekday_at

pytestmark = pytest.mark.django_db


def _form(day: date, start: str, end: str, **extra) -> dict:
    return {"day": day.isoformat(), "start": start, "end": end, "attendees": "12", "purpose": "书法班"} | extra


def test_the_calendar_form_books_and_the_week_shows_the_booking(make_room, users, login):
    room, client = make_room(), login(users["worker_wenhualu"])
    day = next_weekday_at(10).date()
    answer = client.post(f"/venues/rooms/{room.pk}/", _form(day, "10:00", "11:30"))
    assert answer.status_code == 302
    page = client.get(answer["Location"]).content.decode()
    assert "预约成功" in page and "10:00–11:30" in page and "书法班" in page


def test_a_refused_booking_keeps_what_was_typed(make_room, users, login):
    room, client = make_room(), login(users["worker_wenhualu"])
    venue_booking_create(
        room=room,
        request=BookingRequest(start=next_weekday_at(10), end=next_weekday_at(12)),
        acting_user=users["worker_wenhualu"],
    )
    day = next_weekday_at(10).date()
    page = client.post(f"/venues/rooms/{room.pk}/", _form(day, "11:00", "12:30", purpose="合唱排练"))
    assert page.status_code == 200
    assert "已被预约" in page.content.decode() and 'value="合唱排练"' in page.content.decode()
    assert VenueBooking.objects.count() == 1


def test_another_units_room_is_not_found(make_room, users, login):
    room = make_room("652327205209")
    assert login(users["worker_wenhualu"]).get(f"/venues/rooms/{room.pk}/").status_code == 404


def test_staff_approve_a_pending_booking_from_the_list(make_room, users, login, residents):
    room = make_room(needs_approval=True)
    booking = venue_booking_create(
        room=room,
        request=BookingRequest(start=next_weekday_at(16), end=next_weekday_at(17), organisation="文化路老年协会"),
        acting_user=users["resident"],
    )
    client = login(users["worker_wenhualu"])
    assert "文化路老年协会" in client.get("/venues/").content.decode()
    client.post(f"/venues/bookings/{booking.pk}/approve/")
    booking.refresh_from_db()
    assert booking.status == Status.CONFIRMED


def test_utilisation_is_confirmed_hours_over_opening_hours_per_room_and_facility(make_room, users):
    room = make_room()
    other = make_room(name="会议室", facility=room.facility)
    worker = users["worker_wenhualu"]
    for start, end in ((10, 12), (16, 18)):
        venue_booking_create(
            room=room,
            request=BookingRequest(start=next_weekday_at(start), end=next_weekday_at(end)),
            acting_user=worker,
        )
    day = next_weekday_at(10).date()
    [facility] = utilisation(user=worker, first=day, last=day)
    by_room = {row.label: row for row in facility.rooms}
    # The facility is open 8 hours that day, and so is each of its rooms: 4 booked hours of 8.
    assert by_room[room.name].share == 0.5 and by_room[other.name].share == 0
    assert (facility.booked_hours, facility.open_hours) == (4, 16)
    monday = day - timedelta(days=day.weekday())
    week = utilisation(user=worker, first=monday, last=monday + timedelta(days=6))
    assert week[0].rooms[0].open_hours == 40  # five working days, closed at the weekend


def test_the_utilisation_page_lists_rooms_in_a_fixed_number_of_queries(
    make_room, users, login, django_assert_max_num_queries
):
    room = make_room()
    for number in range(5):
        make_room(name=f"活动室{number}", facility=room.facility)
    client = login(users["worker_wenhualu"])
    today = timezone.localdate()
    with django_assert_max_num_queries(12):
        page = client.get(f"/venues/utilisation/?first={today.replace(day=1)}&last={today}")
    assert page.status_code == 200 and "活动室4" in page.content.decode()


def test_demo_rooms_for_the_demo_facilities(regions):
    from shequ.facilities.demo import facilities_seed
    from shequ.venues.demo import rooms_seed
    from shequ.venues.models import Room

    facilities_seed(county="652327", seed=1)
    created = rooms_seed(county="652327")
    assert created > 50 and rooms_seed(county="652327") == 0
    hall = Room.objects.filter(scope_code="652327100003", facility__type__code="ZH-DQ")
    assert sorted(hall.values_list("name", "needs_approval")) == [("会议室", True), ("多功能活动室", False)]
