"""Writes of room bookings. Every step checks the acting user's permission, goes through the
transition table (workflow.py), writes its history row and audit event in the same transaction.

The overlap rule — no two confirmed bookings of a room share an instant — is checked after the room
row is locked (select_for_update: PostgreSQL queues the writers of one room; SQLite's IMMEDIATE
transactions queue every writer), so concurrent requests for one range confirm exactly one.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.models import User
from shequ.core.audit import audit_actor
from shequ.core.errors import DomainError
from shequ.core.events import event_record
from shequ.core.text import note_clean, text_clean
from shequ.venues.models import Room, VenueBooking, VenueBookingEvent
from shequ.venues.workflow import BOOKER, BOOKING_WORKFLOW, Status

MAX_BOOKING_HOURS = 12
MAX_DAYS_AHEAD = 90


class VenueOverlap(DomainError):
    """The range overlaps a confirmed booking of the room (409, `venues.overlap`)."""

    api_code = "venues.overlap"

    def __init__(self, clash: VenueBooking):
        local = timezone.localtime
        super().__init__(
            _("该场地在 %(start)s 至 %(end)s 已被预约，请选择其他时间")
            % {"start": f"{local(clash.start):%Y-%m-%d %H:%M}", "end": f"{local(clash.end):%H:%M}"}
        )


@dataclass
class BookingRequest:
    start: datetime
    end: datetime
    purpose: str = ""
    attendees: int = 1
    organisation: str = ""


def _opening_errors(room: Room, start: datetime, end: datetime) -> list[str]:
    """The range must lie within the facility's hours of that day, where hours are recorded."""
    periods = list(room.facility.opening_periods.all())
    if not periods:
        return []
    local_start, local_end = timezone.localtime(start), timezone.localtime(end)
    if local_start.date() != local_end.date():
        return [_("预约应在同一天内开始和结束")]
    day = [period for period in periods if period.weekday == local_start.weekday()]
    if not day:
        return [_("该设施当天不开放")]
    opens, closes = min(period.opens for period in day), max(period.closes for period in day)
    if local_start.time() < opens or local_end.time() > closes:
        return [
            _("该设施当天开放时间为 %(opens)s–%(closes)s") % {"opens": f"{opens:%H:%M}", "closes": f"{closes:%H:%M}"}
        ]
    return []


def _validate(room: Room, request: BookingRequest, now: datetime) -> BookingRequest:
    errors: dict[str, list[str]] = {}
    if not room.bookable:
        errors["room"] = [_("该场地暂不开放预约")]
    start, end = request.start, request.end
    if timezone.is_naive(start) or timezone.is_naive(end):
        start, end = timezone.make_aware(start), timezone.make_aware(end)
    if end <= start:
        errors.setdefault("end", []).append(_("结束时间应晚于开始时间"))
    elif end - start > timedelta(hours=MAX_BOOKING_HOURS):
        errors.setdefault("end", []).append(_("一次预约不能超过 %(hours)d 小时") % {"hours": MAX_BOOKING_HOURS})
    if start <= now:
        errors.setdefault("start", []).append(_("开始时间已过，请选择以后的时间"))
    elif start > now + timedelta(days=MAX_DAYS_AHEAD):
        errors.setdefault("start", []).append(_("最多可提前 %(days)d 天预约") % {"days": MAX_DAYS_AHEAD})
    if not errors and (closed := _opening_errors(room, start, end)):
        errors["start"] = closed
    if request.attendees is None or request.attendees < 1:
        errors["attendees"] = [_("请填写人数")]
    elif request.attendees > room.capacity:
        errors["attendees"] = [_("该场地最多容纳 %(capacity)d 人") % {"capacity": room.capacity}]
    purpose = organisation = ""
    try:
        purpose = note_clean(request.purpose, max_length=VenueBooking._meta.get_field("purpose").max_length).strip()
    except ValidationError as invalid:
        errors["purpose"] = invalid.messages
    try:
        organisation = text_clean(request.organisation or "", max_length=100).strip()
    except ValidationError as invalid:
        errors["organisation"] = invalid.messages
    if errors:
        raise ValidationError(errors)
    return BookingRequest(start, end, purpose, request.attendees, organisation)


def _history(booking: VenueBooking, previous: str, acting_user: User, note: str = "") -> None:
    VenueBookingEvent.objects.create(
        booking=booking, from_status=previous, to_status=booking.status, actor=acting_user, note=note
    )


def _event(booking: VenueBooking, verb: str, acting_user: User, **data) -> None:
    event_record(acting_user=acting_user, verb=verb, target=booking, region_code=booking.scope_code, data=data)


def _check_free(room_id: int, start: datetime, end: datetime, *, exclude: int | None = None) -> None:
    clash = VenueBooking.objects.confirmed_overlapping(room_id, start, end).exclude(pk=exclude).first()
    if clash is not None:
        raise VenueOverlap(clash)


def venue_booking_create(
    *, room: Room, request: BookingRequest, acting_user: User, now: datetime | None = None
) -> VenueBooking:
    """A resident books a room of their unit, or staff book one of their scope (for a resident or an
    organisation). Confirmed at once unless the room needs approval; VenueOverlap when a confirmed
    booking holds any of the time."""
    if not acting_user.has_perm("venues.book_room", room):
        raise PermissionDenied
    request = _validate(room, request, now or timezone.now())
    with transaction.atomic(), audit_actor(acting_user):
        room = Room.objects.select_for_update().get(pk=room.pk)
        _check_free(room.pk, request.start, request.end)
        booking = VenueBooking.objects.create(
            room=room,
            start=request.start,
            end=request.end,
            purpose=request.purpose,
            attendees=request.attendees,
            organisation=request.organisation,
            booked_by=acting_user,
            status=Status.PENDING if room.needs_approval else Status.CONFIRMED,
        )
        _history(booking, "", acting_user)
        _event(booking, "venue_booking.created", acting_user, room=room.pk, status=booking.status)
    return booking


VERBS = {
    Status.CONFIRMED: "venue_booking.confirmed",
    Status.REJECTED: "venue_booking.rejected",
    Status.CANCELLED: "venue_booking.cancelled",
}


def venue_booking_transition(
    *, booking: VenueBooking, to: str, acting_user: User, note: str = "", now: datetime | None = None
) -> VenueBooking:
    """Approve, reject or cancel a booking, as the table allows. Approving checks the overlap rule
    again (another booking may have been confirmed since this one was made)."""
    now = now or timezone.now()
    step = BOOKING_WORKFLOW.step_for(booking.status, to)
    permission = "venues.cancel_venuebooking" if step.by == BOOKER else "venues.decide_venuebooking"
    if not acting_user.has_perm(permission, booking):
        raise PermissionDenied
    note = note_clean(note).strip()
    if "reason" in step.requires and not note:
        raise ValidationError({"note": [_("请填写%(label)s") % {"label": step.note_label}]})
    with transaction.atomic(), audit_actor(acting_user):
        Room.objects.select_for_update().get(pk=booking.room_id)
        booking = VenueBooking.objects.select_related("room__facility").get(pk=booking.pk)
        step = BOOKING_WORKFLOW.step_for(booking.status, to)  # again, under the lock
        if to == Status.CANCELLED and booking.end <= now:
            raise BOOKING_WORKFLOW.forbid(_("预约已经结束，不能取消"))
        if to == Status.CONFIRMED:
            _check_free(booking.room_id, booking.start, booking.end, exclude=booking.pk)
        previous, booking.status = booking.status, to
        booking.save(update_fields=["status"])
        _history(booking, previous, acting_user, note)
        _event(booking, VERBS[to], acting_user, note=note)
    return booking


def room_save(*, room: Room, acting_user: User) -> Room:
    """Register or change a bookable room of a facility the user keeps."""
    permission = "venues.change_room" if room.pk else "venues.add_room"
    if not acting_user.has_perm(permission, room if room.pk else None) or not acting_user.has_perm(
        "facilities.change_facility", room.facility
    ):
        raise PermissionDenied
    room.scope_code = room.facility.scope_code
    room.full_clean(validate_constraints=False)
    if Room.objects.filter(facility=room.facility, name=room.name).exclude(pk=room.pk).exists():
        raise ValidationError({"name": [_("该设施已有同名场地")]})
    with transaction.atomic(), audit_actor(acting_user):
        room.save()
        event_record(acting_user=acting_user, verb="room.saved", target=room, region_code=room.scope_code)
    return room
