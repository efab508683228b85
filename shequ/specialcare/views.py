"""Pages of special-group care, for duty holders only: the list (per group, due and overdue), a
record with its visits, logging a visit, ending a record, a new record, the export; and the county
administrators' page of duty grants. Without a duty the list is a 403 and a record a 404; every page
that shows records writes its audit row."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shequ.accounts.decorators import staff_worker_required
from shequ.accounts.models import User
from shequ.core.pagination import CappedPaginator
from shequ.core.xlsx import xlsx_response
from shequ.residents.models import Person
from shequ.residents.selectors import whole_id_number
from shequ.specialcare.forms import EndForm, GrantForm, ListFilterForm, RecordForm, RevokeForm, VisitForm
from shequ.specialcare.groups import Group
from shequ.specialcare.models import DutyGrant
from shequ.specialcare.rules import holds_duty, manages_grants
from shequ.specialcare.selectors import care_record_detail, care_record_list, care_visits_of, duty_grants_of
from shequ.specialcare.services import (
    RecordData,
    care_list_viewed,
    care_record_create,
    care_record_end,
    care_record_viewed,
    care_records_export,
    care_visit_record,
    duty_grant_create,
    duty_grant_revoke,
)
from shequ.ui.forms import form_add_service_errors

PAGE_SIZE = 20


def _require_duty(request: HttpRequest) -> None:
    if not holds_duty(request.user):
        raise PermissionDenied


def _filters(request: HttpRequest) -> dict:
    form = ListFilterForm(request.GET)
    form.is_valid()
    return {"group": form.cleaned_data.get("group", ""), "due": form.cleaned_data.get("due", "")}


@staff_worker_required
def record_list(request: HttpRequest, due: str = "") -> HttpResponse:
    _require_duty(request)
    filters = _filters(request) | ({"due": due} if due else {})
    page = CappedPaginator(care_record_list(user=request.user, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    care_list_viewed(acting_user=request.user, channel="page", filters=filters, shown=list(page))
    return render(
        request,
        "specialcare/list.html",
        {
            "page": page,
            "filters": filters,
            "groups": Group.choices,
            "today": timezone.localdate(),
            "base_query": "".join(f"{urlencode({name: value})}&" for name, value in filters.items() if value),
        },
    )


def _detail(request: HttpRequest, pk: int, *, visit_form=None, end_form=None, status=200) -> HttpResponse:
    record = care_record_detail(user=request.user, pk=pk)
    if record is None:
        raise Http404
    care_record_viewed(record=record, acting_user=request.user, channel="page")
    return render(
        request,
        "specialcare/detail.html",
        {
            "record": record,
            "visits": care_visits_of(record),
            "visit_form": visit_form or VisitForm(initial={"visited_on": timezone.localdate()}),
            "end_form": end_form or EndForm(initial={"ended_on": timezone.localdate()}),
            "today": timezone.localdate(),
        },
        status=status,
    )


@staff_worker_required
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


@staff_worker_required
@require_POST
def visit_add(request: HttpRequest, pk: int) -> HttpResponse:
    record = care_record_detail(user=request.user, pk=pk)
    if record is None:
        raise Http404
    form = VisitForm(request.POST)
    if form.is_valid():
        try:
            care_visit_record(record=record, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("已登记走访"))
            return redirect("specialcare:detail", pk=pk)
    return _detail(request, pk, visit_form=form, status=400)


@staff_worker_required
@require_POST
def record_end(request: HttpRequest, pk: int) -> HttpResponse:
    record = care_record_detail(user=request.user, pk=pk)
    if record is None:
        raise Http404
    form = EndForm(request.POST)
    if form.is_valid():
        try:
            care_record_end(record=record, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("已结束关爱"))
            return redirect("specialcare:detail", pk=pk)
    return _detail(request, pk, end_form=form, status=400)


def _responsibles(user):
    """Who may be made responsible: holders of a duty within the user's region."""
    grants = DutyGrant.objects.active().filter(scope_code__within=user.region.code)
    return User.objects.filter(is_active=True, pk__in=grants.values("user")).order_by("username")


@staff_worker_required
def record_create(request: HttpRequest) -> HttpResponse:
    _require_duty(request)
    form = RecordForm(
        request.POST or None, responsibles=_responsibles(request.user), initial={"responsible": request.user}
    )
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        number = whole_id_number(values.pop("id_number"))
        # Within the worker's registry scope, like a search: someone elsewhere is "not found".
        person = Person.objects.for_user(request.user).filter(id_number=number).first() if number else None
        if person is None:
            form.add_error("id_number", _("在您的辖区内没有找到该身份证号的居民"))
        else:
            try:
                record = care_record_create(person=person, data=RecordData(**values), acting_user=request.user)
            except PermissionDenied:
                form.add_error("group", _("您没有该群体在该居民所在区域的关爱职责"))
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("已登记关爱对象"))
                return redirect("specialcare:detail", pk=record.pk)
    return render(request, "specialcare/form.html", {"form": form}, status=400 if form.errors else 200)


@staff_worker_required
def records_export(request: HttpRequest) -> HttpResponse:
    _require_duty(request)
    filters = _filters(request)
    try:
        file, _count = care_records_export(acting_user=request.user, **filters)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("specialcare:list")
    return xlsx_response(file, filename=f"special-care-{timezone.localdate():%Y%m%d}.xlsx")


@staff_worker_required
def grants(request: HttpRequest) -> HttpResponse:
    """The county administrators grant and revoke duties here; the page shows no record."""
    if not manages_grants(request.user):
        raise PermissionDenied
    form = GrantForm(request.POST or None, acting_user=request.user, initial={"starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            duty_grant_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("已授予关爱职责"))
            return redirect("specialcare:grants")
    page = CappedPaginator(duty_grants_of(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "specialcare/grants.html",
        {"form": form, "page": page},
        status=400 if form.errors else 200,
    )


@staff_worker_required
@require_POST
def grant_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    if not manages_grants(request.user):
        raise PermissionDenied
    grant = get_object_or_404(DutyGrant.objects.for_user(request.user), pk=pk)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            duty_grant_revoke(grant=grant, reason=form.cleaned_data["reason"], acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("已撤销关爱职责"))
    else:
        messages.error(request, _("请说明撤销理由"))
    return redirect("specialcare:grants")
