"""Staff pages of the resident registry. Every lookup goes through `for_user`, so a record outside
the user's scope is a 404; every write goes through the services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shequ.accounts.decorators import staff_worker_required
from shequ.core.models import DomainEvent
from shequ.core.pagination import CappedPaginator
from shequ.residents.forms import DeleteForm, DepartureForm, HouseholdForm, PersonForm, ResidentSearchForm, RevealForm
from shequ.residents.models import Household, Person
from shequ.residents.selectors import household_list
from shequ.residents.services import (
    IdNumberSearchLimited,
    household_create,
    household_delete,
    household_update,
    person_create,
    person_data_of,
    person_delete,
    person_find,
    person_record_death,
    person_record_move_out,
    person_reveal,
    person_update,
)
from shequ.ui.forms import form_add_service_errors

PAGE_SIZE = 20


def _require(request: HttpRequest, permission: str, obj=None) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


@staff_worker_required
def resident_list(request: HttpRequest) -> HttpResponse:
    form = ResidentSearchForm(request.GET)
    form.is_valid()
    query, tag = form.cleaned_data.get("q", ""), form.cleaned_data.get("tag", "")
    live = bool(request.headers.get("HX-Request"))
    status, limited = 200, ""
    try:
        persons = person_find(acting_user=request.user, query=query, tag=tag)
    except IdNumberSearchLimited as error:
        # htmx swaps in 2xx answers only: the live search shows the message with a 200.
        persons, status, limited = Person.objects.none(), 200 if live else 429, error.message
    page = CappedPaginator(persons, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "residents/_results.html" if live else "residents/list.html"
    context = {"form": form, "page": page, "query_string": request.GET.urlencode(), "limited": limited}
    return render(request, template, context, status=status)


@staff_worker_required
def resident_detail(request: HttpRequest, pk: int, departure_form: DepartureForm | None = None) -> HttpResponse:
    person = get_object_or_404(
        Person.objects.for_user(request.user).select_related("region", "grid", "household").prefetch_related("tags"),
        pk=pk,
    )
    members = person.household.members.prefetch_related("tags").order_by("birth_date")
    return render(
        request,
        "residents/detail.html",
        {
            "person": person,
            "members": members,
            "reveal_form": RevealForm(),
            "departure_form": departure_form or DepartureForm(),
            "can_reveal": request.user.has_perm("residents.reveal_person", person),
            "can_edit": request.user.has_perm("residents.change_person", person),
        },
        status=400 if departure_form is not None else 200,
    )


@staff_worker_required
@require_POST
def resident_departure(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a death or a move out of the county; a refused form is the person's page again, with
    what was typed and why."""
    person = get_object_or_404(Person.objects.for_user(request.user), pk=pk)
    _require(request, "residents.change_person", person)
    form = DepartureForm(request.POST)
    if form.is_valid():
        values = form.cleaned_data
        try:
            if values["event"] == "death":
                person_record_death(person=person, died_on=values["on"], note=values["note"], acting_user=request.user)
            else:
                person_record_move_out(
                    person=person, moved_out_on=values["on"], note=values["note"], acting_user=request.user
                )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("已登记"))
            return redirect("residents:resident-detail", pk=person.pk)
    return resident_detail(request, pk, departure_form=form)


@staff_worker_required
@require_POST
def resident_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.for_user(request.user).select_related("region"), pk=pk)
    form = RevealForm(request.POST)
    revealed = None
    if form.is_valid():
        try:
            revealed = person_reveal(
                person=person,
                field_name=form.cleaned_data["field"],
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
    response = render(
        request,
        "residents/reveal.html",
        {"person": person, "form": form, "revealed": revealed, "field": form.data.get("field"), "now": timezone.now()},
    )
    response["Cache-Control"] = "no-store"
    return response


@staff_worker_required
def resident_create(request: HttpRequest, household_pk: int) -> HttpResponse:
    household = get_object_or_404(Household.objects.for_user(request.user), pk=household_pk)
    _require(request, "residents.change_household", household)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = person_create(household=household, data=form.to_data(), acting_user=request.user)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("已登记居民 %(name)s") % {"name": person.name})
            return redirect("residents:resident-detail", pk=person.pk)
    return render(request, "residents/form.html", {"form": form, "household": household, "person": None})


@staff_worker_required
def resident_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.for_user(request.user).select_related("household"), pk=pk)
    _require(request, "residents.change_person", person)
    current = person_data_of(person)
    initial = {
        "name": current.name,
        "gender": current.gender,
        # Left empty when the ID number gives it: the birth date completes the masked ID number.
        "birth_date": None if current.id_number else current.birth_date,
        "ethnicity": current.ethnicity,
        "relation": current.relation,
        "tags": current.tags,
        "county_hukou": current.county_hukou,
    }
    form = PersonForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            person_update(person=person, data=form.to_data(keep_from=current), acting_user=request.user)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("已保存"))
            return redirect("residents:resident-detail", pk=person.pk)
    return render(request, "residents/form.html", {"form": form, "household": person.household, "person": person})


@staff_worker_required
def resident_delete(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.for_user(request.user).select_related("region"), pk=pk)
    _require(request, "residents.delete_person", person)
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        household_pk = person.household_id
        try:
            person_delete(person=person, acting_user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("已删除"))
            return redirect("residents:household-detail", pk=household_pk)
    return render(request, "residents/delete.html", {"person": person, "form": form})


@staff_worker_required
def household_index(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    page = CappedPaginator(household_list(user=request.user, query=query), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "residents/households.html", {"page": page, "query": query})


@staff_worker_required
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = get_object_or_404(Household.objects.for_user(request.user).select_related("region", "grid"), pk=pk)
    return render(
        request,
        "residents/household.html",
        {
            "household": household,
            "members": household.members.prefetch_related("tags").order_by("birth_date"),
            "can_edit": request.user.has_perm("residents.change_household", household),
        },
    )


@staff_worker_required
def household_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    household = get_object_or_404(Household.objects.for_user(request.user), pk=pk) if pk else None
    _require(request, "residents.change_household" if household else "residents.add_household", household)
    initial = (
        {"region": household.region, "grid": household.grid, "number": household.number, "address": household.address}
        if household
        else {"region": request.user.region if request.user.region and request.user.region.level == "village" else None}
    )
    form = HouseholdForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if household:
                household = household_update(household=household, data=form.to_data(), acting_user=request.user)
            else:
                household = household_create(data=form.to_data(), acting_user=request.user)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("已保存"))
            return redirect("residents:household-detail", pk=household.pk)
    return render(request, "residents/household_form.html", {"form": form, "household": household})


@staff_worker_required
def household_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a household registered by mistake; one with members cannot be deleted."""
    household = get_object_or_404(Household.objects.for_user(request.user).select_related("region"), pk=pk)
    _require(request, "residents.delete_household", household)
    if request.method == "POST":
        try:
            household_delete(household=household, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("residents:household-detail", pk=pk)
        messages.success(request, _("已删除"))
        return redirect("residents:households")
    return render(request, "residents/household_delete.html", {"household": household})


@staff_worker_required
def resident_audit(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's history: changes and every reveal of their personal data."""
    person = get_object_or_404(Person.objects.for_user(request.user), pk=pk)
    _require(request, "residents.reveal_person", person)
    events = DomainEvent.objects.filter(target_type="residents.person", target_id=str(person.pk)).select_related(
        "actor"
    )
    return render(request, "residents/audit.html", {"person": person, "events": events[:200]})
