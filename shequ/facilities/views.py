"""Staff pages of the facility registry. Lookups go through `for_user` (another unit's facility is a
404), writes through the services; a refused form keeps what was typed."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.decorators import staff_worker_required
from shequ.core.pagination import CappedPaginator
from shequ.core.uploads import stored_file_response
from shequ.facilities.forms import (
    FacilityFilterForm,
    FacilityForm,
    ImportForm,
    OrgCheckForm,
    PhotoForm,
    PlanningAreaForm,
    ProfileForm,
)
from shequ.facilities.hours import daily_hours
from shequ.facilities.models import Facility, FacilityPhoto, OpeningPeriod
from shequ.facilities.planning import planning_shortfalls
from shequ.facilities.selectors import (
    community_profiles,
    facility_area_by_unit,
    facility_detail_rows,
    facility_list,
    org_checklist,
    planning_area_list,
    units_in_scope,
)
from shequ.facilities.services import (
    community_profile_set,
    facility_create,
    facility_photo_add,
    facility_update,
    org_check_record,
    planning_area_save,
)
from shequ.facilities.spreadsheets import (
    ImportRejected,
    facilities_export,
    facilities_import,
    facilities_template_workbook,
)
from shequ.ui.forms import form_add_service_errors

PAGE_SIZE = 20
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require(request: HttpRequest, permission: str, obj=None) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def _xlsx_response(content: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{file_name}"
    response["Cache-Control"] = "no-store"
    return response


def _filters(request: HttpRequest) -> tuple[FacilityFilterForm, dict]:
    form = FacilityFilterForm(request.GET or None, units=units_in_scope(user=request.user))
    values = form.cleaned_data if form.is_valid() else {}
    unit, kind = values.get("unit"), values.get("type")
    return form, {
        "within": unit.code if unit else "",
        "type_code": kind.code if kind else "",
        "short_hours": bool(values.get("short_hours")),
    }


@staff_worker_required
def facility_index(request: HttpRequest) -> HttpResponse:
    _require(request, "facilities.view_facility")
    form, filters = _filters(request)
    rows = facility_list(user=request.user, **filters)
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "facilities/list.html",
        {
            "form": form,
            "page": page,
            "base_query": f"{query.urlencode()}&" if query else "",
            "query": query.urlencode(),
        },
    )


def _facility_form_page(request: HttpRequest, facility: Facility | None) -> HttpResponse:
    units = units_in_scope(user=request.user)
    initial = FacilityForm.initial_of(facility) if facility else {}
    if facility is None and units.count() == 1:
        initial["unit"] = units.first()
    form = FacilityForm(request.POST or None, initial=initial, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            if facility is None:
                facility = facility_create(data=form.to_data(), acting_user=request.user)
            else:
                facility = facility_update(facility=facility, data=form.to_data(), acting_user=request.user)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("已保存"))
            return redirect("facilities:detail", pk=facility.pk)
    days = [form[f"day{weekday}"] for weekday in range(7)]
    main = [field for field in form if not field.name.startswith("day")]
    return render(request, "facilities/form.html", {"form": form, "facility": facility, "days": days, "main": main})


@staff_worker_required
def facility_create_page(request: HttpRequest) -> HttpResponse:
    _require(request, "facilities.add_facility")
    return _facility_form_page(request, None)


@staff_worker_required
def facility_edit_page(request: HttpRequest, pk: int) -> HttpResponse:
    facility = get_object_or_404(facility_detail_rows(Facility.objects.for_user(request.user)), pk=pk)
    _require(request, "facilities.change_facility", facility)
    return _facility_form_page(request, facility)


@staff_worker_required
def facility_detail(request: HttpRequest, pk: int) -> HttpResponse:
    facility = get_object_or_404(
        facility_detail_rows(Facility.objects.for_user(request.user)).prefetch_related("photos"), pk=pk
    )
    can_change = request.user.has_perm("facilities.change_facility", facility)
    photo_form = PhotoForm(request.POST or None, request.FILES or None) if can_change else None
    if request.method == "POST":
        if photo_form is None:
            raise PermissionDenied
        if photo_form.is_valid():
            try:
                facility_photo_add(facility=facility, upload=photo_form.cleaned_data["photo"], acting_user=request.user)
            except ValidationError as error:
                photo_form.add_error("photo", error)
            else:
                messages.success(request, _("照片已上传"))
                return redirect("facilities:detail", pk=pk)
    periods = list(facility.opening_periods.all())
    hours = daily_hours(periods)
    week = [
        (label, [p for p in periods if p.weekday == day], hours[day]) for day, label in OpeningPeriod.Weekday.choices
    ]
    return render(
        request,
        "facilities/detail.html",
        {"facility": facility, "week": week, "can_change": can_change, "photo_form": photo_form},
    )


@staff_worker_required
def facility_photo(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    facility = get_object_or_404(Facility.objects.for_user(request.user), pk=pk)
    photo = get_object_or_404(FacilityPhoto, facility=facility, pk=photo_pk)
    return stored_file_response(photo.file.open("rb"), content_type=photo.content_type, display_name=photo.display_name)


@staff_worker_required
def facility_template(request: HttpRequest) -> HttpResponse:
    return _xlsx_response(facilities_template_workbook(), "facilities-template.xlsx")


@staff_worker_required
def facility_import(request: HttpRequest) -> HttpResponse:
    _require(request, "facilities.import_facilities")
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            created = facilities_import(file=form.cleaned_data["file"], acting_user=request.user)
        except ImportRejected as rejected:
            errors = rejected.errors
        else:
            messages.success(request, _("导入成功：新登记 %(count)s 个设施") % {"count": created})
            return redirect("facilities:index")
    return render(
        request,
        "ui/import.html",
        {
            "form": form,
            "errors": errors,
            "title": _("批量导入设施"),
            "template_url": reverse("facilities:template"),
            "row_hint": _("每行填写一个设施；开放时间每天一列。"),
        },
    )


@staff_worker_required
def facility_export(request: HttpRequest) -> HttpResponse:
    _require(request, "facilities.export_facilities")
    _form, filters = _filters(request)
    content = facilities_export(acting_user=request.user, **filters)
    return _xlsx_response(content, f"facilities-{timezone.localdate():%Y%m%d}.xlsx")


@staff_worker_required
def unit_page(request: HttpRequest, code: str) -> HttpResponse:
    """One village-level unit: its community figures, facility areas (shares counted), organisation
    structure checklist and the planning checks of its new areas."""
    unit = units_in_scope(user=request.user).filter(code=code).first()
    if unit is None:
        raise Http404
    _require(request, "facilities.view_facility")
    can_change = request.user.has_perm("facilities.change_communityprofile")
    profile = community_profiles(user=request.user, within=unit.code).get(unit.code)
    checklist = org_checklist(user=request.user, unit=unit)
    submitted = request.POST.get("form", "") if request.method == "POST" else ""
    if submitted and not can_change:
        raise PermissionDenied
    profile_form = ProfileForm(
        request.POST if submitted == "profile" else None,
        initial={
            "total_building_area": getattr(profile, "total_building_area", None),
            "newly_built_year": getattr(profile, "newly_built_year", None),
        },
    )
    org_forms = []
    for model, check in checklist:
        prefix = f"org-{model.code}"
        initial = {"checked_on": timezone.localdate(), "present": list(check.present.all()) if check else []}
        bound = request.POST if submitted == prefix else None
        org_forms.append((model, check, OrgCheckForm(bound, model=model, prefix=prefix, initial=initial)))
    planning_form = PlanningAreaForm(request.POST if submitted == "planning" else None, prefix="planning")
    try:
        if submitted == "profile" and profile_form.is_valid():
            community_profile_set(unit=unit, acting_user=request.user, **profile_form.cleaned_data)
            return _saved(request, code)
        for model, _check, form in org_forms:
            if submitted == form.prefix and form.is_valid():
                org_check_record(
                    unit=unit,
                    model=model,
                    present=list(form.cleaned_data["present"]),
                    checked_on=form.cleaned_data["checked_on"],
                    acting_user=request.user,
                )
                return _saved(request, code)
        if submitted == "planning" and planning_form.is_valid():
            area = planning_form.save(commit=False)
            area.unit = unit
            planning_area_save(area=area, acting_user=request.user)
            return _saved(request, code)
    except ValidationError as error:
        target = {"profile": profile_form, "planning": planning_form}.get(submitted)
        if target is not None:
            form_add_service_errors(target, error)
        else:
            messages.error(request, " ".join(error.messages))
    areas = [(area, planning_shortfalls(area)) for area in planning_area_list(user=request.user, within=unit.code)]
    return render(
        request,
        "facilities/unit.html",
        {
            "unit": unit,
            "profile": profile,
            "profile_form": profile_form,
            "org_forms": org_forms,
            "planning_form": planning_form,
            "areas": areas,
            "area_sums": facility_area_by_unit(unit_codes=[unit.code]).get(unit.code),
            "facilities": facility_list(user=request.user, within=unit.code),
            "can_change": can_change,
        },
    )


def _saved(request: HttpRequest, code: str) -> HttpResponse:
    messages.success(request, _("已保存"))
    return redirect("facilities:unit", code=code)


@staff_worker_required
def planning_index(request: HttpRequest) -> HttpResponse:
    """New urban and residential areas with what falls short of the plan's 配建 rules."""
    _require(request, "facilities.view_planningarea")
    rows = planning_area_list(user=request.user).order_by("scope_code", "name", "id")
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    items = [(area, planning_shortfalls(area)) for area in page]
    return render(request, "facilities/planning.html", {"page": page, "items": items, "base_query": ""})
