"""Reads of rooms and bookings: every list goes through `for_user` first."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from shequ.accounts.models import User
from shequ.facilities.models import OpeningPeriod
from shequ.venues.models import Room, VenueBooking
from shequ.venues.workflow import ACTIVE, Status


def room_list(*, user: User, within: str = "", bookable_only: bool = False) -> QuerySet[Room]:
    rows = Room.objects.for_user(user)
    if within:
        rows = rows.filter(scope_code__within=within)
    if bookable_only:
        rows = rows.filter(bookable=True)
    return rows.select_related("facility").order_by("scope_code", "facility", "name", "id")


def booking_list(*, user: User, status: str = "") -> QuerySet[VenueBooking]:
    rows = VenueBooking.objects.for_user(user)
    if status:
        rows = rows.filter(status=status)
    return rows.select_related("room__facility", "booked_by").order_by("start", "id")


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def week_calendar(*, room: Room, monday: date) -> list[tuple[date, list[VenueBooking]]]:
    """The seven days from `monday`, each with the room's pending and confirmed bookings that day."""
    week_start, _end = _day_bounds(monday)
    week_end = week_start + timedelta(days=7)
    days: dict[date, list[VenueBooking]] = {monday + timedelta(days=n): [] for n in range(7)}
    rows = VenueBooking.objects.filter(room=room, status__in=ACTIVE, start__lt=week_end, end__gt=week_start)
    for booking in rows.order_by("start", "id"):
        day = timezone.localtime(booking.start).date()
        days.setdefault(day, []).append(booking)
    return [(day, days[day]) for day in sorted(days) if monday <= day < monday + timedelta(days=7)]


@dataclass
class Utilisation:
    """Confirmed hours against opening hours over a date range; `share` is None without hours."""

    label: str
    booked_hours: float = 0.0
    open_hours: float = 0.0
    rooms: list["Utilisation"] = field(default_factory=list)

    @property
    def share(self) -> float | None:
        return self.booked_hours / self.open_hours if self.open_hours else None


def utilisation(*, user: User, first: date, last: date, within: str = "") -> list[Utilisation]:
    """Per facility (with its rooms): the confirmed booked hours from `first` to `last` (inclusive),
    clipped to the range, against the hours the facility is open in it (each room is open when its
    facility is). Four queries, whatever the number of rooms."""
    rooms = list(room_list(user=user, within=within))
    range_start, _e = _day_bounds(first)
    _s, range_end = _day_bounds(last)
    booked: dict[int, float] = defaultdict(float)
    confirmed = VenueBooking.objects.filter(
        room__in=[room.pk for room in rooms], status=Status.CONFIRMED, start__lt=range_end, end__gt=range_start
    ).values_list("room_id", "start", "end")
    for room_id, start, end in confirmed:
        booked[room_id] += (min(end, range_end) - max(start, range_start)).total_seconds() / 3600
    weekday_hours: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    facility_ids = {room.facility_id for room in rooms}
    for period in OpeningPeriod.objects.filter(facility__in=facility_ids):
        weekday_hours[period.facility_id][period.weekday] += float(period.hours)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    facilities: dict[int, Utilisation] = {}
    for room in rooms:
        open_hours = sum(weekday_hours[room.facility_id][day.weekday()] for day in days)
        row = Utilisation(label=room.name, booked_hours=booked[room.pk], open_hours=open_hours)
        total = facilities.setdefault(room.facility_id, Utilisation(label=room.facility.name))
        total.rooms.append(row)
        total.booked_hours += row.booked_hours
        total.open_hours += row.open_hours
    return list(facilities.values())
