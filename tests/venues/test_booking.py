"""Booking a room: confirmed at once or after approval, no overlapping confirmed bookings, the
opening hours and capacity respected, cancellation, and the API contract."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shequ.core.workflow import TransitionForbidden
from shequ.venues.models import VenueBooking
from shequ.venues.services import BookingRequest, VenueOverlap, venue_booking_create, venue_booking_transition
from shequ.venues.workflow import Status
from tests.venues.conftest import next_weekday_at

pytestmark = pytest.mark.django_db


def _book(room, user, start_hour, end_hour, **extra):
    request = BookingRequest(start=next_weekday_at(start_hour), end=next_weekday_at(end_hour), **extra)
    return venue_booking_create(room=room, request=request, acting_user=user)


def test_a_room_without_approval_is_confirmed_at_once_and_keeps_its_history(make_room, users):
    booking = _book(make_room(), users["worker_wenhualu"], 10, 12, purpose="广场舞排练", attendees=20)
    assert booking.status == Status.CONFIRMED
    assert [(e.from_status, e.to_status) for e in booking.events.all()] == [("", Status.CONFIRMED)]


def test_an_overlapping_range_is_refused_but_an_adjacent_one_is_not(make_room, users):
    room, worker = make_room(), users["worker_wenhualu"]
    _book(room, worker, 10, 12)
    with pytest.raises(VenueOverlap) as refused:
        _book(room, worker, 11, 13)
    assert refused.value.api_code == "venues.overlap"
    assert "已被预约" in refused.value.message
    assert _book(room, worker, 12, 13).status == Status.CONFIRMED


def test_a_room_needing_approval_waits_and_approval_checks_the_overlap_again(make_room, users):
    room, worker = make_room(needs_approval=True), users["worker_wenhualu"]
    first, second = _book(room, worker, 10, 12), _book(room, worker, 11, 13)
    assert first.status == second.status == Status.PENDING
    venue_booking_transition(booking=first, to=Status.CONFIRMED, acting_user=worker)
    with pytest.raises(VenueOverlap):
        venue_booking_transition(booking=second, to=Status.CONFIRMED, acting_user=worker)
    second.refresh_from_db()
    assert second.status == Status.PENDING


def test_a_rejection_needs_a_reason_and_a_rejected_booking_cannot_be_approved(make_room, users):
    room, worker = make_room(needs_approval=True), users["worker_wenhualu"]
    booking = _book(room, worker, 10, 12)
    with pytest.raises(ValidationError):
        venue_booking_transition(booking=booking, to=Status.REJECTED, acting_user=worker)
    booking = venue_booking_transition(booking=booking, to=Status.REJECTED, acting_user=worker, note="当天有会议")
    with pytest.raises(TransitionForbidden):
        venue_booking_transition(booking=booking, to=Status.CONFIRMED, acting_user=worker)


def test_a_cancelled_booking_frees_its_time(make_room, users):
    room, worker = make_room(), users["worker_wenhualu"]
    booking = _book(room, worker, 10, 12)
    venue_booking_transition(booking=booking, to=Status.CANCELLED, acting_user=worker, note="改期")
    assert _book(room, worker, 10, 12).status == Status.CONFIRMED


def test_a_resident_books_a_room_of_their_unit_and_cancels_only_their_own(make_room, users, residents):
    room = make_room()
    booking = _book(room, users["resident"], 16, 18)
    assert booking.status == Status.CONFIRMED
    other = _book(room, users["worker_wenhualu"], 18, 19)
    with pytest.raises(PermissionDenied):
        venue_booking_transition(booking=other, to=Status.CANCELLED, acting_user=users["resident"])
    pending = _book(make_room(name="会议室", needs_approval=True, facility=room.facility), users["resident"], 10, 11)
    with pytest.raises(PermissionDenied):  # a resident does not decide bookings
        venue_booking_transition(booking=pending, to=Status.CONFIRMED, acting_user=users["resident"])
    assert venue_booking_transition(booking=pending, to=Status.CANCELLED, acting_user=users["resident"])


def test_nobody_books_a_room_outside_their_scope(make_room, users, residents):
    room = make_room("652327205209")  # 新地村
    for user in (users["worker_wenhualu"], users["resident"], users["county_jy"]):
        with pytest.raises(PermissionDenied):
            _book(room, user, 10, 11)


@pytest.mark.parametrize(
    ("start_hour", "end_hour", "field"),
    [(12, 10, "end"), (7, 9, "start"), (19, 21, "start")],
    ids=["ends-before-it-starts", "before-opening", "after-closing"],
)
def test_an_impossible_range_is_refused_by_field(make_room, users, start_hour, end_hour, field):
    with pytest.raises(ValidationError) as invalid:
        _book(make_room(), users["worker_wenhualu"], start_hour, end_hour)
    assert field in invalid.value.message_dict


def test_more_attendees_than_the_room_holds_are_refused(make_room, users):
    with pytest.raises(ValidationError) as invalid:
        _book(make_room(capacity=10), users["worker_wenhualu"], 10, 11, attendees=11)
    assert "attendees" in invalid.value.message_dict


def test_a_closed_day_is_refused(make_room, users):
    saturday = next_weekday_at(10, weekday=5)
    request = BookingRequest(start=saturday, end=saturday + timedelta(hours=1))
    with pytest.raises(ValidationError, match="不开放"):
        venue_booking_create(room=make_room(), request=request, acting_user=users["worker_wenhualu"])


def test_api_rooms_of_a_unit_carry_the_contract_fields(make_room, users, login):
    room = make_room(needs_approval=True)
    make_room("652327205209")
    body = login(users["county_admin"]).get("/api/v1/rooms/?unit=652327100003").json()
    assert body["results"] == [
        {
            "id": room.pk,
            "facility": room.facility_id,
            "name": "多功能活动室",
            "capacity": 40,
            "needs_approval": True,
            "bookable": True,
        }
    ]


def test_api_books_a_room_and_answers_409_with_a_stable_code_for_an_overlap(make_room, users, login):
    room, client = make_room(), login(users["worker_wenhualu"])
    payload = {"room": room.pk, "start": next_weekday_at(10).isoformat(), "end": next_weekday_at(12).isoformat()}
    created = client.post("/api/v1/venue-bookings/", payload, content_type="application/json")
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "confirmed"
    payload["start"] = next_weekday_at(11).isoformat()
    clash = client.post("/api/v1/venue-bookings/", payload, content_type="application/json")
    assert clash.status_code == 409
    assert clash.json()["code"] == "venues.overlap"
    assert "已被预约" in clash.json()["detail"]
    assert VenueBooking.objects.count() == 1


def test_api_another_units_room_is_a_validation_error_not_a_booking(make_room, users, login):
    room = make_room("652327205209")
    payload = {"room": room.pk, "start": next_weekday_at(10).isoformat(), "end": next_weekday_at(12).isoformat()}
    answer = login(users["worker_wenhualu"]).post("/api/v1/venue-bookings/", payload, content_type="application/json")
    assert answer.status_code == 400 and "room" in answer.json()
    assert not VenueBooking.objects.exists()


def test_api_approve_and_cancel(make_room, users, login):
    room, client = make_room(needs_approval=True), login(users["worker_wenhualu"])
    payload = {"room": room.pk, "start": next_weekday_at(10).isoformat(), "end": next_weekday_at(12).isoformat()}
    booking = client.post("/api/v1/venue-bookings/", payload, content_type="application/json").json()
    assert booking["status"] == "pending"
    approved = client.post(f"/api/v1/venue-bookings/{booking['id']}/approve/", {}, content_type="application/json")
    assert approved.json()["status"] == "confirmed"
    again = client.post(f"/api/v1/venue-bookings/{booking['id']}/approve/", {}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "venues.transition_forbidden"
    cancelled = client.post(f"/api/v1/venue-bookings/{booking['id']}/cancel/", {}, content_type="application/json")
    assert cancelled.json()["status"] == "cancelled"
