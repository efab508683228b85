"""Pages of room booking: the rooms a user may book, a room's week calendar with its booking form
(plain HTML, no JavaScript needed), the steps of a booking, and utilisation. Lookups go through
`for_user` (another unit's room is a 404), writes through the services."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shequ.accounts.decorators import staff_worker_required
from shequ.core.errors import DomainError
from shequ.core.pagination import CappedPaginator
from shequ.facilities.selectors import facility_list
from shequ.ui.forms import form_add_service_errors
from shequ.venues.forms import BookingForm, NoteForm, PeriodForm, RoomForm
from shequ.venues.models import Room, VenueBooking
from shequ.venues.selectors import booking_list, room_list, utilisation, week_calendar
from shequ.venues.services import room_save, venue_booking_create, venue_booking_transition
from shequ.venues.workflow import Status

PAGE_SIZE = 20
STEPS = {"approve": Status.CONFIRMED, "reject": Status.REJECTED, "cancel": Status.CANCELLED}


def _require(request: HttpRequest, permission: str, obj=None) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


@login_required
def room_index(request: HttpRequest) -> HttpResponse:
    _require(request, "venues.view_room")
    page = CappedPaginator(room_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    upcoming = booking_list(user=request.user).filter(
        status__in=(Status.PENDING, Status.CONFIRMED), end__gt=timezone.now()
    )
    if request.user.is_staff_role:
        # Staff see what waits for their decision; a resident sees their own coming bookings.
        upcoming = upcoming.filter(status=Status.PENDING)
    return render(
        request,
        "venues/index.html",
        {"page": page, "base_query": "", "upcoming": upcoming[:PAGE_SIZE], "note_form": NoteForm()},
    )


def _monday(text: str | None) -> date:
    try:
        day = date.fromisoformat(text) if text else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    return day - timedelta(days=day.weekday())


@login_required
def room_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    room = get_object_or_404(Room.objects.for_user(request.user).select_related("facility__unit"), pk=pk)
    _require(request, "venues.view_room", room)
    monday = _monday(request.GET.get("week"))
    can_book = request.user.has_perm("venues.book_room", room)
    form = BookingForm(request.POST or None, initial={"day": max(monday, timezone.localdate())})
    if request.method == "POST":
        _require(request, "venues.book_room", room)
        if form.is_valid():
            try:
                booking = venue_booking_create(room=room, request=form.to_request(), acting_user=request.user)
            except ValidationError as error:
                form_add_service_errors(form, error)
            except DomainError as refused:
                form.add_error(None, refused.message)
            else:
                if booking.status == Status.PENDING:
                    messages.success(request, _("已提交预约，等待审批"))
                else:
                    messages.success(request, _("预约成功"))
                week = timezone.localtime(booking.start).date().isoformat()
                return redirect(f"{reverse('venues:room', args=[room.pk])}?week={week}")
    return render(
        request,
        "venues/room.html",
        {
            "room": room,
            "days": week_calendar(room=room, monday=monday),
            "today": timezone.localdate(),
            "previous_week": (monday - timedelta(days=7)).isoformat(),
            "next_week": (monday + timedelta(days=7)).isoformat(),
            "form": form if can_book else None,
            "note_form": NoteForm(),
        },
    )


@require_POST
@login_required
def booking_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise PermissionDenied
    booking = get_object_or_404(VenueBooking.objects.for_user(request.user), pk=pk)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        venue_booking_transition(booking=booking, to=STEPS[step], acting_user=request.user, note=note)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except DomainError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("已保存"))
    return redirect("venues:room", pk=booking.room_id)


@staff_worker_required
def room_create_page(request: HttpRequest) -> HttpResponse:
    _require(request, "venues.add_room")
    facilities = facility_list(user=request.user)
    form = RoomForm(request.POST or None, facilities=facilities, initial={"facility": request.GET.get("facility")})
    if request.method == "POST" and form.is_valid():
        room = Room(**form.cleaned_data)
        try:
            room = room_save(room=room, acting_user=request.user)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("已保存"))
            return redirect("venues:room", pk=room.pk)
    return render(request, "venues/room_form.html", {"form": form})


@staff_worker_required
def utilisation_page(request: HttpRequest) -> HttpResponse:
    _require(request, "venues.view_utilisation")
    today = timezone.localdate()
    default = {"first": today.replace(day=1), "last": today}
    form = PeriodForm(request.GET or None, initial=default)
    period = form.cleaned_data if form.is_bound and form.is_valid() else default
    rows = utilisation(user=request.user, first=period["first"], last=period["last"])
    return render(request, "venues/utilisation.html", {"form": form, "rows": rows, "period": period})
