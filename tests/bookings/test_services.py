from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from shequ.bookings.models import Booking, BookingStatus, Slot
from shequ.bookings.services import (
    SlotFull,
    booking_cancel,
    booking_complete,
    booking_create,
    booking_mark_no_show,
    bookings_send_reminders,
    slot_create,
)
from shequ.core.events import EVENT_LABELS
from shequ.core.models import DomainEvent
from shequ.feedback.targets import RATABLE
from shequ.notifications.models import Notification
from tests.bookings.conftest import after_start
from tests.conftest import WENHUALU
from tests.factories import tomorrow_at


def test_resident_books_for_self_and_household_member(users, residents, slot, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mine = booking_create(slot=slot, person=residents["zhangsan"], acting_user=users["resident"])
    wife = booking_create(slot=slot, person=residents["wife"], acting_user=users["resident"])
    slot.refresh_from_db()
    assert slot.booked_count == 2 and slot.is_full
    assert (mine.status, mine.region.code, mine.grid.code, mine.booked_by) == (
        BookingStatus.BOOKED,
        WENHUALU,
        WENHUALU + "001",
        users["resident"],
    )
    assert wife.person == residents["wife"]
    event = DomainEvent.objects.get(verb="booking.created", target_id=str(mine.pk))
    assert event.actor == users["resident"] and event.region_code == WENHUALU and event.data["service"] == "BM-ZY"
    entry = LogEntry.objects.get_for_object(mine).get(action=LogEntry.Action.CREATE)
    assert entry.actor == users["resident"]
    notification = Notification.objects.get(recipient=users["resident"])
    assert notification.title == "预约成功" and "助浴服务" in notification.body and "社区服务站" in notification.body
    assert "booking.created" in EVENT_LABELS and "booking.no_show" in EVENT_LABELS


def test_notification_is_rendered_in_the_recipients_language(
    users, residents, slot, django_capture_on_commit_callbacks
):
    users["resident"].language = "ug"
    users["resident"].save()
    with django_capture_on_commit_callbacks(execute=True):
        booking_create(slot=slot, person=residents["zhangsan"], acting_user=users["worker_wenhualu"])
    notification = Notification.objects.get(recipient=users["resident"])
    assert "يۇيۇنۇش مۇلازىمىتى" in notification.body  # the item's Uyghur name, not the worker's Chinese


@pytest.mark.parametrize("username", ["worker_wenhualu", "township_jms", "county_admin"])
def test_workers_book_for_residents_of_their_area(users, residents, slot, username):
    booking = booking_create(slot=slot, person=residents["wangwu"], acting_user=users[username])
    assert booking.booked_by == users[username] and booking.grid.code == WENHUALU + "002"


@pytest.mark.parametrize(
    ("username", "person"),
    [
        ("resident", "wangwu"),  # another household
        ("worker_xindi", "zhangsan"),  # another village's resident
        ("township_xd", "zhangsan"),
        ("grid_wenhualu", "zhangsan"),  # grid workers see bookings, the unit's workers make them
        ("county_mz", "zhangsan"),
        ("provider", "zhangsan"),
        ("volunteer", "zhangsan"),
    ],
)
def test_booking_is_refused_outside_ones_role_or_scope(users, residents, slot, username, person):
    with pytest.raises(PermissionDenied):
        booking_create(slot=slot, person=residents[person], acting_user=users[username])
    assert not Booking.objects.exists()
    slot.refresh_from_db()
    assert slot.booked_count == 0


def test_a_unit_slot_is_only_for_that_units_residents(users, residents, slot):
    with pytest.raises(ValidationError) as refused:
        booking_create(slot=slot, person=residents["lisi"], acting_user=users["county_admin"])
    assert "只面向文化路社区的居民" in str(refused.value)


def test_full_slot_says_so_and_changes_nothing(users, residents, slot):
    booking_create(slot=slot, person=residents["zhangsan"], acting_user=users["resident"])
    booking_create(slot=slot, person=residents["wife"], acting_user=users["resident"])
    with pytest.raises(SlotFull) as full:
        booking_create(slot=slot, person=residents["wangwu"], acting_user=users["worker_wenhualu"])
    assert str(full.value.message) == "该时段已约满，请选择其他时段"
    slot.refresh_from_db()
    assert slot.booked_count == 2
    assert Booking.objects.count() == 2
    assert not DomainEvent.objects.filter(verb="booking.created", data__person=residents["wangwu"].pk).exists()


def test_past_or_started_slot_cannot_be_booked(users, residents, slot):
    with pytest.raises(ValidationError) as refused:
        booking_create(slot=slot, person=residents["zhangsan"], acting_user=users["resident"], now=after_start(slot))
    assert "已经开始或已经结束" in str(refused.value)
    slot.refresh_from_db()
    assert slot.booked_count == 0


def test_one_person_cannot_hold_two_bookings_of_a_slot(users, residents, slot):
    booking_create(slot=slot, person=residents["zhangsan"], acting_user=users["resident"])
    with pytest.raises(ValidationError) as refused:
        booking_create(slot=slot, person=residents["zhangsan"], acting_user=users["worker_wenhualu"])
    assert "张三已经预约了这个时段" in str(refused.value)
    slot.refresh_from_db()
    assert slot.booked_count == 1


def test_database_refuses_a_second_active_booking_and_overbooking(users, residents, slot):
    booking = booking_create(slot=slot, person=residents["zhangsan"], acting_user=users["resident"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            slot=slot, person=booking.person, booked_by=users["resident"], region=booking.region, grid=booking.grid
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.filter(pk=slot.pk).update(booked_count=slot.capacity + 1)


def test_cancel_frees_the_place_and_allows_booking_again(users, residents, slot, django_capture_on_commit_callbacks):
    booking = booking_create(slot=slot, person=residents["zhangsan"], acting_user=users["resident"])
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking=booking, acting_user=users["resident"], reason="  临时有事 ")
    booking.refresh_from_db()
    slot.refresh_from_db()
    assert (booking.status, booking.cancel_reason, slot.booked_count) == (BookingStatus.CANCELLED, "临时有事", 0)
    assert booking.cancelled_at is not None
    event = DomainEvent.objects.get(verb="booking.cancelled")
    assert event.reason == "临时有事" and event.actor == users["resident"]
    change = LogEntry.objects.get_for_object(booking).get(action=LogEntry.Action.UPDATE)
    assert change.changes_dict["status"] == ["booked", "cancelled"] and change.actor == users["resident"]
    assert Notification.objects.filter(recipient=users["resident"], key="bookings.cancelled").exists()

    with pytest.raises(ValidationError):
        booking_cancel(booking=booking, acting_user=users["resident"])  # twice frees nothing
    slot.refresh_from_db()
    assert slot.booked_count == 0
    again = booking_create(slot=slot, person=residents["zhangsan"], acting_user=users["resident"])
    assert again.pk != booking.pk


def test_cancel_rules(users, residents, slot):
    booking = booking_create(slot=slot, person=residents["wangwu"], acting_user=users["worker_wenhualu"])
    for username in ("resident", "worker_xindi", "grid_wenhualu", "provider"):
        with pytest.raises(PermissionDenied):
            booking_cancel(booking=booking, acting_user=users[username])
    with pytest.raises(ValidationError) as refused:
        booking_cancel(booking=booking, acting_user=users["worker_wenhualu"], now=after_start(slot))
    assert "已经开始" in str(refused.value)
    booking_cancel(booking=booking, acting_user=users["township_jms"])
    slot.refresh_from_db()
    assert slot.booked_count == 0


def test_complete_and_no_show_after_the_slot_started(users, residents, slot, providers):
    done = booking_create(slot=slot, person=residents["zhangsan"], acting_user=users["resident"])
    absent = booking_create(slot=slot, person=residents["wife"], acting_user=users["resident"])
    with pytest.raises(ValidationError) as early:
        booking_complete(booking=done, acting_user=users["worker_wenhualu"])
    assert "开始后" in str(early.value)
    for username in ("resident", "worker_xindi", "grid_wenhualu", "county_mz"):
        with pytest.raises(PermissionDenied):
            booking_complete(booking=done, acting_user=users[username], now=after_start(slot))
    with pytest.raises(PermissionDenied):  # another provider's account
        booking_mark_no_show(booking=absent, acting_user=providers["village_account"], now=after_start(slot))

    booking_complete(booking=done, acting_user=users["provider"], now=after_start(slot))
    booking_mark_no_show(booking=absent, acting_user=users["worker_wenhualu"], now=after_start(slot))
    done.refresh_from_db()
    absent.refresh_from_db()
    assert done.status == BookingStatus.COMPLETED and done.completed_at == after_start(slot)
    assert absent.status == BookingStatus.NO_SHOW and absent.completed_at is None
    assert DomainEvent.objects.get(verb="booking.completed").actor == users["provider"]
    assert DomainEvent.objects.get(verb="booking.no_show").actor == users["worker_wenhualu"]
    slot.refresh_from_db()
    assert slot.booked_count == 2  # the places were used, not freed
    with pytest.raises(ValidationError):
        booking_cancel(booking=done, acting_user=users["resident"])
    with pytest.raises(ValidationError):
        booking_mark_no_show(booking=done, acting_user=users["worker_wenhualu"], now=after_start(slot))


def test_completed_booking_is_ratable(users, residents, slot, providers):
    kind = RATABLE["booking"]
    booking = booking_create(slot=slot, person=residents["zhangsan"], acting_user=users["resident"])
    assert kind.describe(booking).finished_at is None
    booking_complete(booking=booking, acting_user=users["worker_wenhualu"], now=after_start(slot))
    booking.refresh_from_db()
    context = kind.describe(booking)
    assert context.resident == residents["zhangsan"] and context.finished_at == booking.completed_at
    assert (context.service.code, context.department, context.region.code) == ("BM-ZY", "mzj", WENHUALU)
    assert context.provider == providers["town"] and context.worker is None
    assert list(kind.finished()) == [booking]


def test_slot_create_validates_and_audits(users, regions, providers, bath, allowance, make_slot):
    slot = make_slot(capacity=3)
    event = DomainEvent.objects.get(verb="slot.created")
    assert event.actor == users["township_jms"] and event.region_code == WENHUALU and event.data["capacity"] == 3
    assert LogEntry.objects.get_for_object(slot).filter(action=LogEntry.Action.CREATE).exists()

    def attempt(**overrides):
        values = {
            "service": bath,
            "provider": providers["town"],
            "region": regions[WENHUALU],
            "starts_at": tomorrow_at(14),
            "ends_at": tomorrow_at(15),
            "capacity": 1,
            "place": "上门",
            "acting_user": users["worker_wenhualu"],
        }
        return slot_create(**(values | overrides))

    cases = {
        "ends_at": {"ends_at": tomorrow_at(13)},
        "capacity": {"capacity": 0},
        "service": {"service": allowance},
        "provider": {"provider": providers["village"]},  # 新地乡's provider does not serve 文化路
        "region": {"region": regions["652327100"], "acting_user": users["township_jms"]},  # a township
        "place": {"place": "  "},
        "starts_at": {"starts_at": timezone.now() - timedelta(hours=1), "ends_at": timezone.now()},
    }
    for field, overrides in cases.items():
        with pytest.raises(ValidationError) as refused:
            attempt(**overrides)
        assert field in refused.value.message_dict, field
    for username in ("worker_xindi", "grid_wenhualu", "county_mz", "resident", "provider"):
        with pytest.raises(PermissionDenied):
            attempt(acting_user=users[username])
    assert Slot.objects.count() == 1


def test_reminders_are_sent_once(users, residents, make_slot, django_capture_on_commit_callbacks):
    soon = make_slot(hour=9)
    later = make_slot(hour=11)
    reminded = booking_create(slot=soon, person=residents["zhangsan"], acting_user=users["resident"])
    no_account = booking_create(slot=soon, person=residents["wife"], acting_user=users["resident"])
    cancelled = booking_create(slot=later, person=residents["zhangsan"], acting_user=users["resident"])
    booking_cancel(booking=cancelled, acting_user=users["resident"])
    far = make_slot(hour=12)
    Slot.objects.filter(pk=far.pk).update(
        starts_at=far.starts_at + timedelta(days=2), ends_at=far.ends_at + timedelta(days=2)
    )
    booking_create(slot=Slot.objects.get(pk=far.pk), person=residents["zhangsan"], acting_user=users["resident"])

    Notification.objects.all().delete()
    run_at = soon.starts_at - timedelta(hours=20)
    with django_capture_on_commit_callbacks(execute=True):
        assert bookings_send_reminders(now=run_at) == 1
        assert bookings_send_reminders(now=run_at) == 0
        assert bookings_send_reminders(now=run_at + timedelta(minutes=15)) == 0
    reminded.refresh_from_db()
    no_account.refresh_from_db()
    assert reminded.reminded_at == run_at and no_account.reminded_at is None
    assert Notification.objects.filter(recipient=users["resident"]).count() == 1
    assert Notification.objects.get().title == "预约提醒：您预约的服务即将开始"


def test_reminder_command(users, residents, slot, capsys):
    booking = booking_create(slot=slot, person=residents["zhangsan"], acting_user=users["resident"])
    Slot.objects.filter(pk=slot.pk).update(
        starts_at=timezone.now() + timedelta(hours=2), ends_at=timezone.now() + timedelta(hours=3)
    )
    call_command("send_booking_reminders")
    assert "1 booking reminder(s) sent." in capsys.readouterr().out
    booking.refresh_from_db()
    assert booking.reminded_at is not None
    call_command("send_booking_reminders")
    assert "0 booking reminder(s) sent." in capsys.readouterr().out


def test_provider_phone_is_masked_in_the_audit_log(providers):
    entry = LogEntry.objects.get_for_object(providers["town"]).get(action=LogEntry.Action.CREATE)
    assert entry.changes_dict["phone"][-1] == "099****1234"
    assert "09945551234" not in entry.changes_text + str(entry.changes)
