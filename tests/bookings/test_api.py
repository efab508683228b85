from datetime import timedelta

from django.utils import timezone
from rest_framework.test import APIClient

from shequ.bookings.models import Booking, BookingStatus, Slot
from shequ.bookings.services import booking_create
from tests.conftest import WENHUALU


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_resident_books_through_the_api(users, residents, slot):
    response = api(users["resident"]).post("/api/v1/bookings/", {"slot": slot.pk}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) >= {"id", "slot", "person", "status", "created_at"}
    assert (body["slot"], body["person"], body["status"]) == (slot.pk, residents["zhangsan"].pk, "booked")
    slot.refresh_from_db()
    assert slot.booked_count == 1


def test_full_slot_is_a_409_with_a_clear_message(users, residents, make_slot):
    slot = make_slot(capacity=1)
    booking_create(slot=slot, person=residents["wangwu"], acting_user=users["worker_wenhualu"])
    response = api(users["resident"]).post("/api/v1/bookings/", {"slot": slot.pk}, format="json")
    assert response.status_code == 409
    assert response.json() == {"detail": "该时段已约满，请选择其他时段", "code": "bookings.slot_full"}
    assert Booking.objects.count() == 1


def test_full_message_follows_the_request_language(users, residents, make_slot):
    slot = make_slot(capacity=1)
    booking_create(slot=slot, person=residents["wangwu"], acting_user=users["worker_wenhualu"])
    response = api(users["resident"]).post(
        "/api/v1/bookings/", {"slot": slot.pk}, format="json", HTTP_ACCEPT_LANGUAGE="ug"
    )
    assert response.status_code == 409 and response.json()["detail"]


def test_worker_names_the_person(users, residents, slot):
    client = api(users["worker_wenhualu"])
    missing = client.post("/api/v1/bookings/", {"slot": slot.pk}, format="json")
    assert missing.status_code == 400 and "person" in missing.json()
    response = client.post("/api/v1/bookings/", {"slot": slot.pk, "person": residents["wangwu"].pk}, format="json")
    assert response.status_code == 201 and response.json()["person"] == residents["wangwu"].pk


def test_invalid_bookings_are_400_or_403(users, residents, slot):
    resident = api(users["resident"])
    assert resident.post("/api/v1/bookings/", {"slot": slot.pk}, format="json").status_code == 201
    again = resident.post("/api/v1/bookings/", {"slot": slot.pk}, format="json")
    assert again.status_code == 400 and "已经预约" in str(again.json())
    other_household = resident.post(
        "/api/v1/bookings/", {"slot": slot.pk, "person": residents["wangwu"].pk}, format="json"
    )
    assert other_household.status_code == 400  # not among the persons the resident may name
    assert (
        api(users["county_mz"])
        .post("/api/v1/bookings/", {"slot": slot.pk, "person": residents["wangwu"].pk}, format="json")
        .status_code
        == 403
    )
    Slot.objects.filter(pk=slot.pk).update(
        starts_at=timezone.now() - timedelta(minutes=1), ends_at=timezone.now() + timedelta(hours=1)
    )
    started = api(users["worker_wenhualu"]).post(
        "/api/v1/bookings/", {"slot": slot.pk, "person": residents["wangwu"].pk}, format="json"
    )
    assert started.status_code == 400 and "slot" in started.json()


def test_cancel_complete_and_no_show_actions(users, residents, slot):
    resident = api(users["resident"])
    booking_id = resident.post("/api/v1/bookings/", {"slot": slot.pk}, format="json").json()["id"]
    cancelled = resident.post(f"/api/v1/bookings/{booking_id}/cancel/", {"reason": "有事"}, format="json")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert resident.post(f"/api/v1/bookings/{booking_id}/cancel/", {}, format="json").status_code == 400
    slot.refresh_from_db()
    assert slot.booked_count == 0

    booking = booking_create(slot=slot, person=residents["wife"], acting_user=users["resident"])
    provider = api(users["provider"])
    early = provider.post(f"/api/v1/bookings/{booking.pk}/complete/")
    assert early.status_code == 400 and "detail" in early.json()
    assert resident.post(f"/api/v1/bookings/{booking.pk}/complete/").status_code == 403
    Slot.objects.filter(pk=slot.pk).update(
        starts_at=timezone.now() - timedelta(minutes=5), ends_at=timezone.now() + timedelta(minutes=55)
    )
    done = provider.post(f"/api/v1/bookings/{booking.pk}/complete/")
    assert done.status_code == 200 and done.json()["status"] == "completed"
    other = booking_create(
        slot=Slot.objects.create(
            service=slot.service,
            provider=slot.provider,
            region=slot.region,
            starts_at=timezone.now() + timedelta(hours=1),
            ends_at=timezone.now() + timedelta(hours=2),
            capacity=1,
            place="上门",
        ),
        person=residents["zhangsan"],
        acting_user=users["resident"],
    )
    Slot.objects.filter(pk=other.slot_id).update(starts_at=timezone.now() - timedelta(minutes=1))
    absent = api(users["worker_wenhualu"]).post(f"/api/v1/bookings/{other.pk}/no-show/")
    assert absent.status_code == 200 and absent.json()["status"] == BookingStatus.NO_SHOW


def test_slots_are_listed_by_service_and_day(users, residents, slot, xindi_slot):
    client = api(users["resident"])
    rows = client.get("/api/v1/slots/").json()["results"]
    assert [row["id"] for row in rows] == [slot.pk]  # only the resident's own unit
    row = rows[0]
    assert (row["service"], row["region"], row["capacity"], row["remaining"]) == ("BM-ZY", WENHUALU, 2, 2)
    day = timezone.localtime(slot.starts_at).date()
    assert [r["id"] for r in client.get("/api/v1/slots/", {"service": "BM-ZY", "date": day}).json()["results"]] == [
        slot.pk
    ]
    assert len(client.get("/api/v1/slots/", {"service": "BM-JZFW"}).json()["results"]) == 0
    assert len(client.get("/api/v1/slots/", {"date": day + timedelta(days=1)}).json()["results"]) == 0
    county = api(users["county_admin"]).get("/api/v1/slots/").json()
    assert len(county["results"]) == 2 and county["next"] is None


def test_anonymous_gets_nothing(db):
    assert APIClient().get("/api/v1/bookings/").status_code in (401, 403)
    assert APIClient().post("/api/v1/bookings/", {"slot": 1}).status_code in (401, 403)
    assert APIClient().get("/api/v1/slots/").status_code in (401, 403)


def test_schema_lists_the_booking_endpoints(users, db):
    client = APIClient()
    client.force_authenticate(users["admin"])
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert {"/api/v1/bookings/", "/api/v1/bookings/{id}/cancel/", "/api/v1/slots/"} <= set(schema["paths"])
    assert "409" in schema["paths"]["/api/v1/bookings/"]["post"]["responses"]
