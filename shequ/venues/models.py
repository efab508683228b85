"""Bookable rooms of the facility registry and their bookings.

A room belongs to a facility (`facilities.Facility`); the resources that units stationed in the
community (驻社区单位) open to residents are facilities of the type 驻社区单位开放资源, so their halls,
courts and car parks are rooms like any other. Rows carry the facility's unit code in `scope_code`
(shequ.accounts.scope); a resident sees the rooms of their own unit.

No two confirmed bookings of a room overlap: every write that confirms a booking locks the room row
first (SELECT … FOR UPDATE on PostgreSQL; on SQLite the IMMEDIATE transaction serialises writers)
and checks the range inside that transaction (services.py).
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shequ.accounts.scope import RegionScopedQuerySet
from shequ.core.workflow import history_base
from shequ.venues.workflow import Status


class RoomQuerySet(RegionScopedQuerySet):
    code_field = "scope_code"
    resident_unit_path = "facility__unit"


class Room(models.Model):
    facility = models.ForeignKey(
        "facilities.Facility", verbose_name=_("服务设施"), on_delete=models.CASCADE, related_name="rooms"
    )
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    name = models.CharField(_("名称"), max_length=60)
    capacity = models.PositiveSmallIntegerField(_("容纳人数"), validators=[MinValueValidator(1)])
    needs_approval = models.BooleanField(_("预约需审批"), default=False)
    bookable = models.BooleanField(_("开放预约"), default=True)
    description = models.CharField(_("说明"), max_length=200, blank=True)

    objects = RoomQuerySet.as_manager()

    class Meta:
        verbose_name = _("可预约场地")
        verbose_name_plural = _("可预约场地")
        ordering = ["scope_code", "facility", "name", "id"]
        indexes = [models.Index(fields=["scope_code", "facility", "name", "id"], name="room_scope_idx")]
        constraints = [models.UniqueConstraint(fields=["facility", "name"], name="room_name_once_per_facility")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.scope_code = self.facility.scope_code
        super().save(*args, **kwargs)


class BookingQuerySet(RegionScopedQuerySet):
    """Staff: bookings of the rooms of their region; a resident: the bookings they made."""

    code_field = "scope_code"

    def within(self, scope):
        if scope.household_id:
            return self.filter(booked_by__person__household_id=scope.household_id)
        return super().within(scope)

    def confirmed_overlapping(self, room_id: int, start, end) -> "BookingQuerySet":
        """Confirmed bookings of the room that share any instant with [start, end)."""
        return self.filter(room_id=room_id, status=Status.CONFIRMED, start__lt=end, end__gt=start)


class VenueBooking(models.Model):
    room = models.ForeignKey(Room, verbose_name=_("场地"), on_delete=models.PROTECT, related_name="bookings")
    scope_code = models.CharField(max_length=15, editable=False)
    start = models.DateTimeField(_("开始时间"))
    end = models.DateTimeField(_("结束时间"))
    status = models.CharField(_("状态"), max_length=24, choices=Status.choices, default=Status.PENDING)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("预约人"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.CharField(
        _("预约单位（组织）"), max_length=100, blank=True, help_text=_("以组织名义预约时填写，个人预约不填")
    )
    purpose = models.CharField(_("用途"), max_length=200, blank=True)
    attendees = models.PositiveSmallIntegerField(_("人数"), default=1, validators=[MinValueValidator(1)])
    created_at = models.DateTimeField(_("预约时间"), auto_now_add=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("场地预约")
        verbose_name_plural = _("场地预约")
        ordering = ["start", "id"]
        indexes = [
            # The overlap check and the week calendar: one room, one status, a time range.
            models.Index(fields=["room", "status", "start"], name="venue_booking_room_idx"),
            models.Index(fields=["scope_code", "status", "start"], name="venue_booking_scope_idx"),
        ]
        constraints = [models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="venue_booking_ends_after")]

    def __str__(self) -> str:
        return f"{self.room_id} {self.start:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        self.scope_code = self.room.scope_code
        super().save(*args, **kwargs)

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600


class BookingEventQuerySet(RegionScopedQuerySet):
    """A booking's history: scoped like the booking."""

    code_field = "booking__scope_code"

    def within(self, scope):
        if scope.household_id:
            return self.filter(booking__booked_by__person__household_id=scope.household_id)
        return super().within(scope)


class VenueBookingEvent(history_base(Status)):
    booking = models.ForeignKey(VenueBooking, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = BookingEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("场地预约记录")
        verbose_name_plural = _("场地预约记录")

    def __str__(self) -> str:
        return f"{self.booking_id}: {self.from_status} → {self.to_status}"
