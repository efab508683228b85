"""Booking pages: residents book and cancel at /services/…, workers publish slots and close bookings
at /work/bookings/. Every lookup goes through `for_user` (another area's record is a 404); every
write goes through the services. No page needs JavaScript."""

from collections.abc import Callable
from functools import wraps
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shequ.accounts.models import Role
from shequ.bookings.forms import CancelForm, PersonSearchForm, SlotForm
from shequ.bookings.models import Booking, BookingStatus
from shequ.bookings.selectors import (
    bookable_items,
    booking_list,
    bookings_of_household,
    slot_list,
    slots_for_workbench,
    slots_open,
)
from shequ.bookings.services import (
    SlotFull,
    booking_cancel,
    booking_complete,
    booking_create,
    booking_mark_no_show,
    slot_create,
)
from shequ.residents.models import Person
from shequ.residents.selectors import own_person
from shequ.residents.services import IdNumberSearchLimited, person_find
from shequ.ui.params import posted_id

SEARCH_LIMIT = 20


def _errors_of(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [message for messages_ in error.message_dict.values() for message in messages_]
    return error.messages


def bookings_staff_required(view: Callable) -> Callable:
    """The booking workbench: staff bound to a region, and provider accounts (their own slots only)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not (user.is_superuser or user.is_staff_role or user.role == Role.PROVIDER):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _next_or(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


# --- residents -------------------------------------------------------------------------------------


@login_required
def book_index(request: HttpRequest) -> HttpResponse:
    """The bookable 便民服务 items, each leading to its open slots."""
    items = [(item, item.localized("conditions")) for item in bookable_items()]
    return render(request, "bookings/book_index.html", {"items": items, "person": own_person(request.user)})


@login_required
def book(request: HttpRequest, item_code: str) -> HttpResponse:
    """Open slots of one item in the resident's unit, with places left; POST books one."""
    item = get_object_or_404(bookable_items(), code=item_code)
    own = own_person(request.user)
    members = list(Person.objects.for_user(request.user).order_by("birth_date")) if own else []
    chosen_pk = request.POST.get("person") or request.GET.get("person")
    chosen = next((member for member in members if str(member.pk) == chosen_pk), own)
    error, status = "", 200
    if request.method == "POST":
        if own is None:
            raise PermissionDenied
        slot = get_object_or_404(slot_list(user=request.user, service_code=item.code), pk=posted_id(request, "slot"))
        try:
            booking_create(slot=slot, person=chosen, acting_user=request.user)
        except SlotFull as full:
            error, status = str(full.message), 409
        except ValidationError as invalid:
            error = " ".join(_errors_of(invalid))
        else:
            messages.success(
                request,
                _("已为%(name)s预约 %(time)s 的%(service)s")
                % {
                    "name": chosen.name,
                    "time": f"{timezone.localtime(slot.starts_at):%Y-%m-%d %H:%M}",
                    "service": item.localized("name"),
                },
            )
            return redirect("bookings:mine")
    slots = list(slots_open(user=request.user, service=item)) if own else []
    booked = set(
        Booking.objects.filter(person=chosen, status=BookingStatus.BOOKED, slot__in=slots).values_list(
            "slot_id", flat=True
        )
        if chosen
        else []
    )
    context = {"item": item, "slots": slots, "members": members, "chosen": chosen, "booked": booked, "error": error}
    return render(request, "bookings/book.html", context, status=status)


@login_required
def my_bookings(request: HttpRequest) -> HttpResponse:
    own = own_person(request.user)
    bookings = bookings_of_household(user=request.user) if own else {"upcoming": [], "past": []}
    return render(request, "bookings/mine.html", {"person": own, **bookings})


def _cancel_page(request: HttpRequest, pk: int, *, done: str) -> HttpResponse:
    booking = get_object_or_404(booking_list(user=request.user), pk=pk)
    if not request.user.has_perm("bookings.cancel_booking", booking):
        raise PermissionDenied
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            booking_cancel(booking=booking, acting_user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as invalid:
            form.add_error(None, _errors_of(invalid))
        else:
            messages.success(request, _("预约已取消"))
            return redirect(done)
    return render(
        request,
        "bookings/cancel.html",
        {"booking": booking, "form": form, "back": done},
    )


@login_required
def my_booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _cancel_page(request, pk, done=reverse("bookings:mine"))


# --- workers ---------------------------------------------------------------------------------------


def _by_day(slots) -> list[tuple]:
    return [
        (day, list(group)) for day, group in groupby(slots, key=lambda slot: timezone.localtime(slot.starts_at).date())
    ]


@bookings_staff_required
def work_bookings(request: HttpRequest) -> HttpResponse:
    """The next 14 days of slots in the worker's area with their bookings; POST publishes a slot."""
    user = request.user
    can_publish = user.has_perm("bookings.add_slot")
    form = SlotForm(request.POST or None, user=user) if can_publish else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                slot = slot_create(acting_user=user, **form.to_kwargs())
            except ValidationError as invalid:
                for field, messages_ in invalid.message_dict.items():
                    field = SlotForm.SERVICE_FIELDS.get(field, field)
                    form.add_error(field if field in form.fields else None, messages_)
            else:
                messages.success(
                    request,
                    _("已发布 %(time)s 的%(service)s，共 %(capacity)s 个名额")
                    % {
                        "time": f"{timezone.localtime(slot.starts_at):%Y-%m-%d %H:%M}",
                        "service": slot.service.localized("name"),
                        "capacity": slot.capacity,
                    },
                )
                return redirect("bookings:work")
    slots = list(slots_for_workbench(user=user))
    return render(
        request,
        "bookings/work.html",
        {
            "days": _by_day(slots),
            "form": form,
            "now": timezone.now(),
            "can_close": user.has_perm("bookings.complete_booking"),
            "can_cancel": user.has_perm("bookings.cancel_booking"),
        },
    )


@bookings_staff_required
def work_slot(request: HttpRequest, pk: int) -> HttpResponse:
    """One slot with its bookings; workers find a resident of the slot's unit and book for them."""
    user = request.user
    slot = get_object_or_404(
        slot_list(user=user).prefetch_related("bookings__person").select_related("created_by"), pk=pk
    )
    now = timezone.now()
    can_book = user.has_perm("bookings.add_booking") and slot.starts_at > now
    search = PersonSearchForm(request.GET or None)
    error, status = "", 200
    if request.method == "POST":
        if not can_book:
            raise PermissionDenied
        person = get_object_or_404(Person.objects.for_user(user), pk=posted_id(request, "person"))
        try:
            booking_create(slot=slot, person=person, acting_user=user, note=request.POST.get("note", ""))
        except SlotFull as full:
            error, status = str(full.message), 409
        except ValidationError as invalid:
            error = " ".join(_errors_of(invalid))
        else:
            messages.success(request, _("已为%(name)s预约") % {"name": person.name})
            return redirect("bookings:work-slot", pk=slot.pk)
        slot.refresh_from_db(fields=["booked_count"])
    found = []
    if can_book and search.is_valid() and search.cleaned_data["q"]:
        try:
            matches = person_find(acting_user=user, query=search.cleaned_data["q"], region=slot.region)
            found = list(matches[:SEARCH_LIMIT])
        except IdNumberSearchLimited as limited:
            error, status = str(limited.message), 429
    bookings = sorted(slot.bookings.all(), key=lambda booking: (booking.status != BookingStatus.BOOKED, booking.pk))
    booked = {booking.person_id for booking in bookings if booking.status == BookingStatus.BOOKED}
    return render(
        request,
        "bookings/slot.html",
        {
            "slot": slot,
            "bookings": bookings,
            "now": now,
            "can_book": can_book,
            "can_close": user.has_perm("bookings.complete_booking"),
            "can_cancel": user.has_perm("bookings.cancel_booking"),
            "search": search,
            "found": found,
            "booked": booked,
            "error": error,
        },
        status=status,
    )


def _worker_close(request: HttpRequest, pk: int, service: Callable, done_message: str) -> HttpResponse:
    booking = get_object_or_404(booking_list(user=request.user), pk=pk)
    try:
        service(booking=booking, acting_user=request.user)
    except ValidationError as invalid:
        messages.error(request, " ".join(_errors_of(invalid)))
    else:
        messages.success(request, done_message % {"name": booking.person.name})
    return redirect(_next_or(request, reverse("bookings:work")))


@bookings_staff_required
@require_POST
def work_complete(request: HttpRequest, pk: int) -> HttpResponse:
    return _worker_close(request, pk, booking_complete, _("已记录%(name)s的服务完成"))


@bookings_staff_required
@require_POST
def work_no_show(request: HttpRequest, pk: int) -> HttpResponse:
    return _worker_close(request, pk, booking_mark_no_show, _("已记录%(name)s未到"))


@bookings_staff_required
def work_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _cancel_page(request, pk, done=_next_or(request, reverse("bookings:work")))
