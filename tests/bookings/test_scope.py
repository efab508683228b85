"""Slots and bookings follow the one scope rule: a worker of 新地村 never sees, opens or books a
文化路 slot; residents see their own unit's slots and their household's bookings; provider accounts
see their own providers' work."""

import pytest
from django.contrib import admin
from rest_framework.test import APIClient

from shequ.bookings.models import Booking, Provider, Slot
from shequ.bookings.services import booking_create

SLOTS = {  # who sees which unit's slots
    "admin": {"wenhualu", "xindi"},
    "county_admin": {"wenhualu", "xindi"},
    "county_mz": {"wenhualu", "xindi"},
    "township_jms": {"wenhualu"},
    "township_xd": {"xindi"},
    "worker_wenhualu": {"wenhualu"},
    "worker_xindi": {"xindi"},
    "grid_wenhualu": set(),  # slots belong to units, not grids
    "resident": {"wenhualu"},
    "provider": {"wenhualu"},  # acts for the 吉木萨尔镇 provider
    "volunteer": set(),
}
BOOKINGS = {  # who sees whose bookings
    "admin": {"张三", "王五", "李四"},
    "county_admin": {"张三", "王五", "李四"},
    "township_jms": {"张三", "王五"},
    "township_xd": {"李四"},
    "worker_wenhualu": {"张三", "王五"},
    "worker_xindi": {"李四"},
    "grid_wenhualu": {"张三"},  # grid 1
    "resident": {"张三"},
    "provider": {"张三", "王五"},
    "volunteer": set(),
}


@pytest.fixture
def booked(users, residents, slot, xindi_slot):
    return {
        "张三": booking_create(slot=slot, person=residents["zhangsan"], acting_user=users["resident"]),
        "王五": booking_create(slot=slot, person=residents["wangwu"], acting_user=users["worker_wenhualu"]),
        "李四": booking_create(slot=xindi_slot, person=residents["lisi"], acting_user=users["worker_xindi"]),
    }


@pytest.mark.parametrize("username", SLOTS)
def test_slot_scope(users, residents, slot, xindi_slot, username):
    units = {slot.pk: "wenhualu", xindi_slot.pk: "xindi"}
    assert {units[s.pk] for s in Slot.objects.for_user(users[username])} == SLOTS[username]
    client = APIClient()
    client.force_authenticate(users[username])
    for pk, unit in units.items():
        expected = 200 if unit in SLOTS[username] else 404
        assert client.get(f"/api/v1/slots/{pk}/").status_code == expected


@pytest.mark.parametrize("username", BOOKINGS)
def test_booking_scope_in_queryset_api_and_rules(users, booked, username):
    user = users[username]
    assert {b.person.name for b in Booking.objects.for_user(user)} == BOOKINGS[username]
    client = APIClient()
    client.force_authenticate(user)
    listed = client.get("/api/v1/bookings/").json()["results"]
    assert {row["id"] for row in listed} == {booked[name].pk for name in BOOKINGS[username]}
    for name, booking in booked.items():
        visible = name in BOOKINGS[username]
        assert client.get(f"/api/v1/bookings/{booking.pk}/").status_code == (200 if visible else 404)
        assert user.has_perm("bookings.view_booking", booking) == visible


def test_xindi_worker_cannot_book_or_act_on_wenhualu(users, residents, slot, booked, login):
    worker = users["worker_xindi"]
    client = APIClient()
    client.force_authenticate(worker)
    attempt = client.post("/api/v1/bookings/", {"slot": slot.pk, "person": residents["lisi"].pk}, format="json")
    assert attempt.status_code == 400 and "slot" in attempt.json()  # the slot "does not exist" for them
    assert client.post(f"/api/v1/bookings/{booked['张三'].pk}/cancel/").status_code == 404
    pages = login(worker)
    assert pages.get(f"/work/bookings/slots/{slot.pk}/").status_code == 404
    assert pages.post(f"/work/bookings/{booked['张三'].pk}/complete/").status_code == 404
    assert pages.get(f"/work/bookings/{booked['张三'].pk}/cancel/").status_code == 404
    listing = pages.get("/work/bookings/").content.decode()
    assert "张三" not in listing and "李四" in listing
    slot.refresh_from_db()
    assert slot.booked_count == 2


def test_resident_cannot_open_another_households_booking(users, booked, login):
    client = login(users["resident"])
    assert client.get(f"/services/bookings/{booked['王五'].pk}/cancel/").status_code == 404
    assert client.get(f"/services/bookings/{booked['张三'].pk}/cancel/").status_code == 200


def test_providers_scope(users, providers):
    assert list(Provider.objects.for_user(users["provider"])) == [providers["town"]]
    assert set(Provider.objects.for_user(users["township_jms"])) == {providers["town"]}
    assert set(Provider.objects.for_user(users["county_admin"])) == {providers["town"], providers["village"]}
    assert not Provider.objects.for_user(users["resident"]).exists()


def test_admin_lists_are_scoped(users, booked, login):
    client = login(users["county_admin"])
    for model in ("provider", "slot", "booking"):
        assert client.get(f"/admin/bookings/{model}/").status_code == 200, model
    listing = client.get("/admin/bookings/booking/").content.decode()
    assert {name for name in booked if name in listing} == BOOKINGS["county_admin"]


@pytest.mark.parametrize("username", ["county_admin", "township_jms", "worker_xindi"])
def test_admin_querysets_are_scoped(users, booked, rf, username):
    """Only administrators reach the admin, but its lists ask the same scope whoever the user."""
    request = rf.get("/admin/bookings/booking/")
    request.user = users[username]
    booking_admin = admin.site._registry[Booking]
    listed = set(booking_admin.get_queryset(request))
    assert {name for name, booking in booked.items() if booking in listed} == BOOKINGS[username]
    for name, booking in booked.items():
        assert booking_admin.has_view_permission(request, booking) == (name in BOOKINGS[username])


def test_only_county_admins_edit_providers(users, providers, login):
    county_admin = login(users["county_admin"])
    assert county_admin.get("/admin/bookings/provider/add/").status_code == 200
    assert county_admin.get(f"/admin/bookings/provider/{providers['town'].pk}/change/").status_code == 200
    township = users["township_jms"]
    assert not township.has_perm("bookings.add_provider")
    assert not township.has_perm("bookings.change_provider", providers["town"])
    assert township.has_perm("bookings.view_provider", providers["town"])
    assert login(township).get("/admin/bookings/provider/add/").status_code == 302  # the admin is not theirs
