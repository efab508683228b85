import re

import pytest
from django.utils import timezone

from shequ.bookings.apps import _panel_context
from shequ.bookings.models import Booking, BookingStatus, Slot
from shequ.bookings.services import booking_create
from shequ.core.models import DomainEvent
from tests.conftest import WENHUALU
from tests.factories import tomorrow_at


def test_resident_sees_open_slots_of_their_unit_and_books(users, residents, slot, xindi_slot, login):
    client = login(users["resident"])
    page = client.get("/services/book/BM-ZY/")
    html = page.content.decode()
    assert page.status_code == 200
    assert f'name="slot" value="{slot.pk}"' in html and f'name="slot" value="{xindi_slot.pk}"' not in html
    assert "还剩 2 个名额" in html and "社区服务站" in html
    assert "刘芳" in html  # may book for the household

    response = client.post("/services/book/BM-ZY/", {"slot": slot.pk, "person": residents["wife"].pk})
    assert response.status_code == 302 and response["Location"] == "/services/bookings/"
    booking = Booking.objects.get()
    assert (booking.person, booking.booked_by) == (residents["wife"], users["resident"])
    mine = client.get("/services/bookings/").content.decode()
    assert "刘芳" in mine and "助浴服务" in mine and "取消预约" in mine
    again = client.get(f"/services/book/BM-ZY/?person={residents['wife'].pk}").content.decode()
    assert "已预约" in again


def test_book_page_says_full_when_the_slot_filled_meanwhile(users, residents, make_slot, login):
    slot = make_slot(capacity=1)
    client = login(users["resident"])
    assert f'value="{slot.pk}"' in client.get("/services/book/BM-ZY/").content.decode()
    booking_create(slot=slot, person=residents["wangwu"], acting_user=users["worker_wenhualu"])  # someone else
    response = client.post("/services/book/BM-ZY/", {"slot": slot.pk, "person": residents["zhangsan"].pk})
    html = response.content.decode()
    assert response.status_code == 409
    assert "该时段已约满，请选择其他时段" in html and "已约满" in html
    assert Booking.objects.count() == 1


def test_resident_cannot_book_for_another_household_or_unit(users, residents, slot, xindi_slot, login):
    client = login(users["resident"])
    other = client.post("/services/book/BM-ZY/", {"slot": slot.pk, "person": residents["wangwu"].pk})
    assert other.status_code == 302  # an unknown person id falls back to the resident themself
    assert Booking.objects.get().person == residents["zhangsan"]
    assert client.post("/services/book/BM-ZY/", {"slot": xindi_slot.pk}).status_code == 404
    assert client.get("/services/book/MZ-NOPE/").status_code == 404


def test_resident_cancels_after_confirming(users, residents, slot, login):
    booking = booking_create(slot=slot, person=residents["zhangsan"], acting_user=users["resident"])
    client = login(users["resident"])
    confirm = client.get(f"/services/bookings/{booking.pk}/cancel/")
    assert confirm.status_code == 200 and "确认取消" in confirm.content.decode()
    response = client.post(f"/services/bookings/{booking.pk}/cancel/", {"reason": "身体不适"})
    assert response.status_code == 302 and response["Location"] == "/services/bookings/"
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED and booking.cancel_reason == "身体不适"
    failed = client.post(f"/services/bookings/{booking.pk}/cancel/", {"reason": "x" * 150})
    assert failed.status_code == 200 and "不能取消" in failed.content.decode()
    assert 'value="' + "x" * 150 + '"' in failed.content.decode()


def test_pages_for_an_account_without_a_person(users, slot, login):
    client = login(users["volunteer"])
    for url in ("/services/book/", "/services/book/BM-ZY/", "/services/bookings/"):
        response = client.get(url)
        assert response.status_code == 200
    assert client.post("/services/book/BM-ZY/", {"slot": slot.pk}).status_code == 403
    assert not Booking.objects.exists()


def test_worker_page_lists_next_two_weeks_and_publishes_slots(users, residents, slot, providers, login):
    booking_create(slot=slot, person=residents["wangwu"], acting_user=users["worker_wenhualu"])
    client = login(users["worker_wenhualu"])
    html = client.get("/work/bookings/").content.decode()
    assert "王五" in html and "已预约 1 / 2" in html and "发布预约时段" in html
    day = timezone.localtime(tomorrow_at(15)).date().isoformat()
    form = {
        "service": slot.service.pk,
        "provider": providers["town"].pk,
        "region": residents["home"].region.pk,
        "day": day,
        "start": "15:00",
        "end": "14:00",
        "capacity": "3",
        "place": "上门服务",
    }
    rejected = client.post("/work/bookings/", form)
    text = rejected.content.decode()
    assert rejected.status_code == 200 and "结束时间必须晚于开始时间" in text
    assert 'value="上门服务"' in text and 'value="3"' in text and f'value="{day}"' in text
    response = client.post("/work/bookings/", form | {"end": "16:30"})
    assert response.status_code == 302
    created = Slot.objects.get(place="上门服务")
    assert created.capacity == 3 and created.region.code == WENHUALU and created.created_by == users["worker_wenhualu"]
    assert DomainEvent.objects.filter(verb="slot.created", target_id=str(created.pk)).exists()


def test_slot_form_offers_only_own_units_and_serving_providers(users, regions, providers, login):
    html = login(users["worker_xindi"]).get("/work/bookings/").content.decode()
    assert "新地乡卫生院" in html and "康乐居家养老服务中心" not in html
    assert f'value="{regions[WENHUALU].pk}"' not in html


@pytest.mark.parametrize("username", ["grid_wenhualu", "county_mz"])
def test_viewers_get_no_publishing_form(users, slot, login, username):
    client = login(users[username])
    assert "发布预约时段" not in client.get("/work/bookings/").content.decode()
    assert client.post("/work/bookings/", {"place": "x"}).status_code == 403


@pytest.mark.parametrize("username", ["resident", "volunteer"])
def test_booking_workbench_is_not_for_residents(users, login, username):
    assert login(users[username]).get("/work/bookings/").status_code == 403


def test_worker_books_on_behalf_and_closes_bookings(users, residents, make_slot, login):
    slot = make_slot(capacity=1)
    client = login(users["worker_wenhualu"])
    found = client.get(f"/work/bookings/slots/{slot.pk}/", {"q": "ww"}).content.decode()
    assert "王五" in found and "李四" not in found
    response = client.post(f"/work/bookings/slots/{slot.pk}/", {"person": residents["wangwu"].pk})
    assert response.status_code == 302
    full = client.post(f"/work/bookings/slots/{slot.pk}/", {"person": residents["zhangsan"].pk})
    assert full.status_code == 409 and "该时段已约满，请选择其他时段" in full.content.decode()

    booking = Booking.objects.get()
    early = client.post(f"/work/bookings/{booking.pk}/complete/", follow=True)
    assert "服务时段开始后才能标记完成或未到" in early.content.decode()
    Slot.objects.filter(pk=slot.pk).update(starts_at=timezone.now() - timezone.timedelta(minutes=5))
    page = client.get("/work/bookings/").content.decode()
    assert re.search(rf'action="/work/bookings/{booking.pk}/no-show/"', page)
    done = client.post(f"/work/bookings/{booking.pk}/no-show/", {"next": f"/work/bookings/slots/{slot.pk}/"})
    assert done.status_code == 302 and done["Location"] == f"/work/bookings/slots/{slot.pk}/"
    booking.refresh_from_db()
    assert booking.status == BookingStatus.NO_SHOW
    offsite = client.post(f"/work/bookings/{booking.pk}/complete/", {"next": "https://evil.example/"})
    assert offsite["Location"] == "/work/bookings/"


def test_provider_account_closes_its_bookings_on_the_workbench(users, residents, slot, login):
    booking = booking_create(slot=slot, person=residents["zhangsan"], acting_user=users["resident"])
    Slot.objects.filter(pk=slot.pk).update(starts_at=timezone.now() - timezone.timedelta(minutes=5))
    client = login(users["provider"])
    assert "张三" in client.get("/work/bookings/").content.decode()
    client.post(f"/work/bookings/{booking.pk}/complete/")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.COMPLETED


def test_workbench_panel_shows_todays_bookings_to_staff_only(users, residents, regions, providers, bath, login):
    slot = Slot.objects.create(
        service=bath,
        provider=providers["town"],
        region=regions[WENHUALU],
        starts_at=timezone.now() + timezone.timedelta(minutes=30),
        ends_at=timezone.now() + timezone.timedelta(minutes=90),
        capacity=3,
        place="社区服务站",
    )
    if timezone.localtime(slot.starts_at).date() != timezone.localdate():
        pytest.skip("run too close to midnight for a 'today' slot")
    booking_create(slot=slot, person=residents["wangwu"], acting_user=users["worker_wenhualu"])
    html = login(users["worker_wenhualu"]).get("/work/").content.decode()
    assert "今日预约" in html and "王五" in html
    assert _panel_context(users["resident"], timezone.localdate()) is None
    assert _panel_context(users["provider"], timezone.localdate()) is None
    assert _panel_context(users["worker_xindi"], timezone.localdate())["booking_count"] == 0


@pytest.mark.parametrize("language", ["zh-hans", "ug"])
def test_pages_render_in_both_languages(users, residents, slot, login, language):
    resident, worker = login(users["resident"]), login(users["worker_wenhualu"])
    for client in (resident, worker):
        client.cookies["django_language"] = language
    for url in ("/services/book/", "/services/book/BM-ZY/", "/services/bookings/"):
        assert resident.get(url).status_code == 200
    assert worker.get("/work/bookings/").status_code == 200
    assert worker.get(f"/work/bookings/slots/{slot.pk}/").status_code == 200
    if language == "ug":
        assert "يۇيۇنۇش مۇلازىمىتى" in resident.get("/services/book/").content.decode()
