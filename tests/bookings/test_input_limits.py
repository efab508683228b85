"""Booking notes and slot dates: hidden characters and far dates are 400s or form errors."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from shequ.bookings.models import Booking, Slot
from shequ.bookings.services import slot_create
from tests.conftest import WENHUALU


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("note", ["请\u202e准时", "请\u200d准时", "字" * 201])
def test_a_booking_note_with_hidden_characters_or_too_long_is_a_400(users, residents, slot, note):
    response = api(users["resident"]).post("/api/v1/bookings/", {"slot": slot.pk, "note": note}, format="json")
    assert response.status_code == 400 and "note" in response.json()
    assert not Booking.objects.exists()


def test_a_cancel_reason_with_a_bidi_isolate_is_refused(users, residents, slot):
    resident = api(users["resident"])
    booking_id = resident.post("/api/v1/bookings/", {"slot": slot.pk}, format="json").json()["id"]
    response = resident.post(f"/api/v1/bookings/{booking_id}/cancel/", {"reason": "有\u2067事"}, format="json")
    assert response.status_code == 400
    assert Booking.objects.get(pk=booking_id).status == "booked"


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_slot_days_outside_the_coming_year_are_form_errors(users, residents, slot, providers, login, day):
    form = {
        "service": slot.service.pk,
        "provider": providers["town"].pk,
        "region": residents["home"].region.pk,
        "day": day,
        "start": "09:00",
        "end": "10:00",
        "capacity": "3",
        "place": "上门服务",
    }
    response = login(users["worker_wenhualu"]).post("/work/bookings/", form)
    assert response.status_code == 200 and "日期应在" in response.content.decode()
    assert f'value="{day}"' in response.content.decode()
    assert not Slot.objects.filter(place="上门服务").exists()


def test_the_slot_service_refuses_a_start_beyond_a_year(users, regions, providers, bath):
    starts = timezone.now() + timedelta(days=400)
    with pytest.raises(ValidationError) as caught:
        slot_create(
            service=bath,
            provider=providers["town"],
            region=regions[WENHUALU],
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            capacity=1,
            place="站里",
            acting_user=users["worker_wenhualu"],
        )
    assert "starts_at" in caught.value.message_dict


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_the_slot_list_refuses_a_far_date_filter(users, residents, slot, day):
    response = api(users["resident"]).get("/api/v1/slots/", {"date": day})
    assert response.status_code == 400 and "date" in response.json()
