"""Writes of bookings: publishing slots, booking, cancelling, closing, reminding.

A slot is never overbooked: a place is taken by one conditional UPDATE
(`booked_count = booked_count + 1 WHERE booked_count < capacity`) inside the booking's transaction.
PostgreSQL re-checks the condition on the row's newest version after waiting for a concurrent
writer; SQLite runs write transactions one at a time (IMMEDIATE mode). Either way, of twenty requests
racing for the last place exactly one updates a row and the others see zero rows and get `SlotFull`.
A database constraint (booked_count <= capacity) backs this up.
"""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.models import User
from shequ.accounts.scope import covers
from shequ.bookings.models import Booking, BookingStatus, Provider, Slot
from shequ.core.audit import audit_actor
from shequ.core.dates import UPCOMING
from shequ.core.errors import DomainError
from shequ.core.events import event_record
from shequ.core.text import note_clean, text_clean
from shequ.notifications.messages import localized_param
from shequ.notifications.services import notification_send
from shequ.regions.codes import Level, is_within
from shequ.regions.models import Region
from shequ.residents.models import Person
from shequ.services.models import ServiceItem

MAX_CAPACITY = 500
REMIND_AHEAD = timedelta(hours=24)
MY_BOOKINGS_LINK = "/services/bookings/"


class SlotFull(DomainError):
    """Every place of the slot is taken (perhaps a moment ago, by someone else)."""

    api_code = "bookings.slot_full"

    def __init__(self, message: str | None = None):
        super().__init__(message or _("该时段已约满，请选择其他时段"))


# --- notifications, rendered in the recipient's language when delivered ---------------------------


def _notify_person(booking: Booking, key: str) -> None:
    account = booking.person.account
    if account is not None and account.is_active:
        slot = booking.slot
        params = {
            "service": localized_param(slot.service, "name"),
            "time": f"{timezone.localtime(slot.starts_at):%Y-%m-%d %H:%M}",
            "place": slot.place,
        }
        notification_send(user=account, key=key, params=params, link=MY_BOOKINGS_LINK)


def _event(booking: Booking, verb: str, acting_user: User, reason: str = "") -> None:
    event_record(
        acting_user=acting_user,
        verb=verb,
        target=booking,
        region_code=booking.region.code,
        reason=reason,
        data={
            "slot": booking.slot_id,
            "service": booking.slot.service.code,
            "person": booking.person_id,
            "status": booking.status,
        },
    )


# --- slots -----------------------------------------------------------------------------------------


def slot_create(
    *,
    service: ServiceItem,
    provider: Provider,
    region: Region,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    place: str,
    acting_user: User,
    now: datetime | None = None,
) -> Slot:
    """A worker publishes a slot of a bookable item for one village-level unit of their area."""
    if not acting_user.has_perm("bookings.add_slot"):
        raise PermissionDenied
    if not covers(acting_user, region):
        raise PermissionDenied
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}

    def error(field_name: str, message: str) -> None:
        errors.setdefault(field_name, []).append(message)

    try:
        place = text_clean(place or "")
    except ValidationError as invalid:
        error("place", invalid.messages[0])
    else:
        if not place:
            error("place", _("请填写服务地点"))
        elif len(place) > Slot._meta.get_field("place").max_length:
            error("place", _("服务地点太长"))

    if not service.bookable or not service.active:
        error("service", _("该服务事项不接受预约"))
    if region.level != Level.VILLAGE:
        error("region", _("预约时段必须属于一个村（社区）"))
    if not provider.active:
        error("provider", _("该服务机构已停用"))
    elif not is_within(region.code, provider.region.code):
        error("provider", _("该服务机构不服务于所选村（社区）"))
    if ends_at <= starts_at:
        error("ends_at", _("结束时间必须晚于开始时间"))
    if starts_at <= now:
        error("starts_at", _("开始时间必须晚于现在"))
    else:
        try:
            UPCOMING(timezone.localdate(starts_at))
        except ValidationError as invalid:
            error("starts_at", invalid.messages[0])
    if capacity is None or capacity < 1:
        error("capacity", _("名额至少为 1"))
    elif capacity > MAX_CAPACITY:
        error("capacity", _("名额不能超过 %(max)s") % {"max": MAX_CAPACITY})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), audit_actor(acting_user):
        slot = Slot.objects.create(
            service=service,
            provider=provider,
            region=region,
            starts_at=starts_at,
            ends_at=ends_at,
            capacity=capacity,
            place=place,
            created_by=acting_user,
        )
        event_record(
            acting_user=acting_user,
            verb="slot.created",
            target=slot,
            region_code=region.code,
            data={
                "service": service.code,
                "provider": provider.pk,
                "starts_at": starts_at.isoformat(),
                "ends_at": ends_at.isoformat(),
                "capacity": capacity,
            },
        )
    return slot


# --- bookings --------------------------------------------------------------------------------------


def booking_create(
    *, slot: Slot, person: Person, acting_user: User, note: str = "", now: datetime | None = None
) -> Booking:
    """A resident books for themself or a member of their household; a worker for a resident of their
    area. Raises SlotFull when no place is left."""
    if not acting_user.has_perm("bookings.add_booking", person):
        raise PermissionDenied
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    try:
        note = note_clean(note, max_length=Booking._meta.get_field("note").max_length)
    except ValidationError as invalid:
        errors["note"] = invalid.messages
    if not slot.service.bookable or not slot.service.active or not slot.provider.active:
        errors.setdefault("slot", []).append(_("该服务暂不接受预约"))
    elif slot.starts_at <= now:
        errors.setdefault("slot", []).append(_("该时段已经开始或已经结束，不能预约"))
    elif person.region_id != slot.region_id:
        errors.setdefault("slot", []).append(_("该时段只面向%(unit)s的居民") % {"unit": slot.region.short_name})
    if not errors and Booking.objects.filter(slot=slot, person=person, status=BookingStatus.BOOKED).exists():
        errors.setdefault("person", []).append(_("%(name)s已经预约了这个时段") % {"name": person.name})
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic(), audit_actor(acting_user):
            # The one statement that takes a place: it updates no row when the slot is full.
            taken = Slot.objects.filter(pk=slot.pk, booked_count__lt=F("capacity")).update(
                booked_count=F("booked_count") + 1
            )
            if not taken:
                raise SlotFull()
            booking = Booking.objects.create(
                slot=slot,
                person=person,
                booked_by=acting_user,
                region_id=person.region_id,
                grid_id=person.grid_id,
                note=note,
            )
            _event(booking, "booking.created", acting_user)
            _notify_person(booking, "bookings.booked")
    except IntegrityError as integrity:
        # The same person booked the same slot in a concurrent request; this one is rolled back.
        raise ValidationError({"person": [_("%(name)s已经预约了这个时段") % {"name": person.name}]}) from integrity
    return booking


def _locked(booking: Booking) -> Booking:
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("slot__service", "slot__provider", "person__account", "region")
        .get(pk=booking.pk)
    )


def booking_cancel(*, booking: Booking, acting_user: User, reason: str = "", now: datetime | None = None) -> Booking:
    """The resident or a worker cancels a booking before its slot starts; the place is freed."""
    if not acting_user.has_perm("bookings.cancel_booking", booking):
        raise PermissionDenied
    try:
        reason = note_clean(reason, max_length=Booking._meta.get_field("cancel_reason").max_length)
    except ValidationError as invalid:
        raise ValidationError({"reason": invalid.messages}) from invalid
    now = now or timezone.now()
    with transaction.atomic(), audit_actor(acting_user):
        booking = _locked(booking)
        if booking.status != BookingStatus.BOOKED:
            raise ValidationError(_("该预约已是“%(status)s”状态，不能取消") % {"status": booking.get_status_display()})
        if booking.slot.starts_at <= now:
            raise ValidationError(_("服务时段已经开始，不能取消"))
        booking.status, booking.cancelled_at, booking.cancel_reason = BookingStatus.CANCELLED, now, reason
        booking.save(update_fields=["status", "cancelled_at", "cancel_reason"])
        Slot.objects.filter(pk=booking.slot_id).update(booked_count=F("booked_count") - 1)
        _event(booking, "booking.cancelled", acting_user, reason=reason)
        _notify_person(booking, "bookings.cancelled")
    return booking


def _close(*, booking: Booking, acting_user: User, to: str, now: datetime | None) -> Booking:
    if not acting_user.has_perm("bookings.complete_booking", booking):
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic(), audit_actor(acting_user):
        booking = _locked(booking)
        if booking.status != BookingStatus.BOOKED:
            raise ValidationError(
                _("该预约已是“%(status)s”状态，不能再更改") % {"status": booking.get_status_display()}
            )
        if booking.slot.starts_at > now:
            raise ValidationError(_("服务时段开始后才能标记完成或未到"))
        booking.status = to
        fields = ["status"]
        if to == BookingStatus.COMPLETED:
            booking.completed_at = now
            fields.append("completed_at")
        booking.save(update_fields=fields)
        if to == BookingStatus.COMPLETED:
            _event(booking, "booking.completed", acting_user)
            _notify_person(booking, "bookings.completed")
        else:
            _event(booking, "booking.no_show", acting_user)
            _notify_person(booking, "bookings.no_show")
    return booking


def booking_complete(*, booking: Booking, acting_user: User, now: datetime | None = None) -> Booking:
    """The worker or the provider's account records that the service was given."""
    return _close(booking=booking, acting_user=acting_user, to=BookingStatus.COMPLETED, now=now)


def booking_mark_no_show(*, booking: Booking, acting_user: User, now: datetime | None = None) -> Booking:
    """The worker or the provider's account records that the resident was not there."""
    return _close(booking=booking, acting_user=acting_user, to=BookingStatus.NO_SHOW, now=now)


def bookings_send_reminders(*, now: datetime | None = None) -> int:
    """Remind every resident whose booked slot starts within the next 24 hours, once. Each booking is
    claimed with a conditional UPDATE, so two runs at the same time never send the same reminder."""
    now = now or timezone.now()
    due = (
        Booking.objects.filter(
            status=BookingStatus.BOOKED,
            reminded_at__isnull=True,
            slot__starts_at__gt=now,
            slot__starts_at__lte=now + REMIND_AHEAD,
            person__account__isnull=False,
            person__account__is_active=True,
        )
        .select_related("slot__service", "person__account")
        .order_by("slot__starts_at", "pk")
    )
    sent = 0
    for booking in due:
        with transaction.atomic():
            claimed = Booking.objects.filter(
                pk=booking.pk, status=BookingStatus.BOOKED, reminded_at__isnull=True
            ).update(reminded_at=now)
            if not claimed:  # another run got there first, or it was cancelled meanwhile
                continue
            _notify_person(booking, "bookings.reminder")
            sent += 1
    return sent
