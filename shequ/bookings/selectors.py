"""Reads of bookings. Every function starts from `for_user`, so nothing leaves scope."""

from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from shequ.accounts.scope import scope_of
from shequ.bookings.models import Booking, BookingStatus, Provider, Slot
from shequ.regions.codes import ancestors_of
from shequ.regions.models import Region
from shequ.regions.selectors import units_in_scope
from shequ.services.models import ServiceItem

WORKBENCH_DAYS = 14


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The start of `day` and of the next day, in the county's time zone."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def bookable_items() -> QuerySet[ServiceItem]:
    return ServiceItem.objects.filter(bookable=True, active=True).order_by("code")


def slot_list(*, user, service_code: str = "", day: date | None = None) -> QuerySet[Slot]:
    slots = Slot.objects.for_user(user).select_related("service", "provider", "region")
    if service_code:
        slots = slots.filter(service__code=service_code)
    if day is not None:
        start, end = day_bounds(day)
        slots = slots.filter(starts_at__gte=start, starts_at__lt=end)
    return slots.order_by("starts_at", "id")


def slots_open(*, user, service: ServiceItem, now: datetime | None = None) -> QuerySet[Slot]:
    """The future slots of one item that the user may book: for a resident, those of their unit."""
    now = now or timezone.now()
    return slot_list(user=user, service_code=service.code).filter(starts_at__gt=now, provider__active=True)


def booking_list(*, user) -> QuerySet[Booking]:
    return Booking.objects.for_user(user).select_related(
        "slot__service", "slot__provider", "slot__region", "person", "region"
    )


def bookings_of_household(*, user) -> dict[str, list[Booking]]:
    """A resident's page: the bookings still to come, and the rest (latest first)."""
    now = timezone.now()
    bookings = list(booking_list(user=user).order_by("slot__starts_at", "id"))
    upcoming = [b for b in bookings if b.status == BookingStatus.BOOKED and b.slot.starts_at > now]
    past = [b for b in reversed(bookings) if b not in upcoming]
    return {"upcoming": upcoming, "past": past}


def slots_for_workbench(*, user, today: date | None = None, days: int = WORKBENCH_DAYS) -> QuerySet[Slot]:
    """Slots of the user's area from today for `days` days, each with its bookings."""
    start, _ = day_bounds(today or timezone.localdate())
    bookings = Booking.objects.for_user(user).select_related("person").order_by("status", "created_at")
    return (
        slot_list(user=user)
        .filter(starts_at__gte=start, starts_at__lt=start + timedelta(days=days))
        .prefetch_related(Prefetch("bookings", queryset=bookings))
    )


def bookings_today(*, user, today: date | None = None) -> QuerySet[Booking]:
    start, end = day_bounds(today or timezone.localdate())
    return (
        booking_list(user=user)
        .filter(slot__starts_at__gte=start, slot__starts_at__lt=end)
        .exclude(status=BookingStatus.CANCELLED)
        .order_by("slot__starts_at", "person__name")
    )


def providers_for_slots(*, user) -> QuerySet[Provider]:
    """Active providers a worker may publish slots for: those serving some unit of their area, i.e.
    bound to a region above theirs or within it."""
    scope = scope_of(user)
    providers = Provider.objects.filter(active=True).select_related("region")
    if scope.everything:
        return providers
    if not scope.region_code:
        return providers.none()
    code = scope.region_code
    return providers.filter(Q(region__code__in=ancestors_of(code, include_self=True)) | Q(region__code__prefix=code))


def units_for_slots(*, user) -> QuerySet[Region]:
    return units_in_scope(user=user).order_by("code")
