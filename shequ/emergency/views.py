"""Pages of emergency readiness: the staff console, a warning (its acknowledgement by unit and grid,
who has not confirmed, its steps, the teams to call), the broadcast scripts, the registries of
supplies, plans, shelters, stations, drills and forces, and the residents' warnings page. Lookups
go through `for_user` (another area's record is a 404); writes through services. No JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shequ.accounts.decorators import staff_worker_required
from shequ.core.errors import DomainError
from shequ.core.pagination import CappedPaginator
from shequ.core.uploads import stored_file_response
from shequ.core.xlsx import xlsx_response
from shequ.emergency.broadcast import broadcast_scripts
from shequ.emergency.exports import supplies_export
from shequ.emergency.forms import ForcesForm, MovementForm, PlanForm, SupplyForm, WarningForm, record_form
from shequ.emergency.models import Drill, FireStation, Force, Plan, Shelter, Warning
from shequ.emergency.rules import is_issuer, is_keeper
from shequ.emergency.selectors import (
    record_list,
    supplies_needing_attention,
    supply_list,
    warning_ack_counts,
    warning_detail,
    warning_list,
    warning_pending_workers,
    warnings_ack_totals,
    warnings_current,
    warnings_to_acknowledge,
)
from shequ.emergency.services import (
    plan_upload,
    record_create,
    supply_create,
    supply_move,
    warning_acknowledge,
    warning_create,
    warning_forces_call,
    warning_transition,
)
from shequ.emergency.workflow import WARNING_WORKFLOW, WarningStatus
from shequ.ui.forms import form_add_service_errors

PAGE_SIZE = 20
# The registries kept with one form each: kind → (model, page title).
REGISTRIES = {"shelter": Shelter, "station": FireStation, "drill": Drill, "force": Force}


@staff_worker_required
def console(request: HttpRequest) -> HttpResponse:
    """The emergency console: recent warnings with their acknowledgement, the supplies needing
    attention, and the registries."""
    user = request.user
    warnings = list(warning_list(user=user)[:10])
    totals = warnings_ack_totals(warnings=warnings, user=user)
    rows = [(warning, *totals.get(warning.pk, (0, 0))) for warning in warnings]
    return render(
        request,
        "emergency/console.html",
        {
            "warnings": rows,
            "alerts": list(supplies_needing_attention(user=user)[:20]),
            "issuer": is_issuer(user),
            "keeper": is_keeper(user),
            "to_confirm": list(warnings_to_acknowledge(user=user)[:10]),
            "today": timezone.localdate(),
        },
    )


@staff_worker_required
def warning_new(request: HttpRequest) -> HttpResponse:
    if not is_issuer(request.user):
        raise PermissionDenied
    form = WarningForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        try:
            warning = warning_create(
                acting_user=request.user,
                level=values["level"],
                kind=values["kind"],
                regions=list(values["regions"]),
                audience=values["audience"],
                title=values["title"],
                body=values["body"],
                title_ug=values["title_ug"],
                body_ug=values["body_ug"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("预警已保存为草稿，核对后请发布"))
            return redirect("emergency:warning", warning.pk)
    return render(request, "emergency/warning_new.html", {"form": form})


@staff_worker_required
def warning_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    warning = warning_detail(user=user, pk=pk)
    if warning is None:
        raise Http404
    if request.method == "POST":
        try:
            warning_transition(
                warning=warning, acting_user=user, to=request.POST.get("to", ""), note=request.POST.get("note", "")
            )
        except DomainError as refused:
            messages.error(request, refused.message)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("已办理"))
        return redirect(request.path)
    issuer = is_issuer(user)
    steps = WARNING_WORKFLOW.next_steps(warning.status) if issuer else []
    pending = CappedPaginator(warning_pending_workers(warning=warning, user=user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "emergency/warning.html",
        {
            "warning": warning,
            "counts": warning_ack_counts(warning=warning, user=user),
            "page": pending,
            "steps": steps,
            "forces_form": ForcesForm(user=user) if issuer and warning.status == WarningStatus.ISSUED else None,
            "mine": warning.acknowledgements.filter(worker=user).first(),
        },
    )


@staff_worker_required
@require_POST
def warning_acknowledge_view(request: HttpRequest, pk: int) -> HttpResponse:
    warning = get_object_or_404(Warning, pk=pk)
    try:
        first = warning_acknowledge(warning=warning, acting_user=request.user)
    except DomainError as refused:
        if refused.api_status == 404:
            raise Http404 from None
        messages.error(request, refused.message)
    else:
        messages.success(request, _("已确认收到预警") if first else _("您已确认过这条预警"))
    target = request.POST.get("next", "")
    return redirect(target if target.startswith("/work/") else "emergency:console")


@staff_worker_required
@require_POST
def warning_forces(request: HttpRequest, pk: int) -> HttpResponse:
    warning = warning_detail(user=request.user, pk=pk)
    if warning is None:
        raise Http404
    form = ForcesForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("请选择要调用的队伍"))
        return redirect("emergency:warning", pk)
    try:
        count = warning_forces_call(warning=warning, forces=list(form.cleaned_data["forces"]), acting_user=request.user)
    except DomainError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("已通知 %(count)s 支队伍") % {"count": count})
    return redirect("emergency:warning", pk)


@staff_worker_required
def broadcast(request: HttpRequest, pk: int) -> HttpResponse:
    """The loudspeaker operators' scripts: one per village-level unit of the targets in scope, in
    Chinese and Uyghur, plain and printable."""
    warning = warning_detail(user=request.user, pk=pk)
    if warning is None:
        raise Http404
    return render(
        request,
        "emergency/broadcast.html",
        {"warning": warning, "scripts": broadcast_scripts(warning=warning, user=request.user)},
    )


@login_required
def resident_warnings(request: HttpRequest) -> HttpResponse:
    """The warnings in force where the user lives (or works), in their language."""
    return render(
        request, "emergency/resident_warnings.html", {"warnings": list(warnings_current(user=request.user)[:20])}
    )


@login_required
def resident_warning(request: HttpRequest, pk: int) -> HttpResponse:
    warning = warnings_current(user=request.user).filter(pk=pk).first()
    if warning is None:
        raise Http404
    return render(request, "emergency/resident_warnings.html", {"warnings": [warning]})


@staff_worker_required
def supplies(request: HttpRequest) -> HttpResponse:
    keeper = is_keeper(request.user)
    form = SupplyForm(request.POST or None, user=request.user) if keeper else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            supply = supply_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("已登记物资"))
            return redirect("emergency:supply", supply.pk)
    page = CappedPaginator(supply_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "emergency/supplies.html", {"form": form, "page": page, "today": timezone.localdate()})


@staff_worker_required
def supply_page(request: HttpRequest, pk: int) -> HttpResponse:
    supply = get_object_or_404(supply_list(user=request.user), pk=pk)
    form = MovementForm(request.POST or None) if is_keeper(request.user) else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            supply_move(supply=supply, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("已登记出入库"))
            return redirect(request.path)
    movements = CappedPaginator(supply.movements.select_related("actor"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "emergency/supply.html", {"supply": supply, "form": form, "page": movements})


@staff_worker_required
def supplies_download(request: HttpRequest) -> HttpResponse:
    try:
        file, _count = supplies_export(acting_user=request.user)
    except ValidationError as too_large:
        messages.error(request, too_large.messages[0])
        return redirect("emergency:supplies")
    return xlsx_response(file, filename=f"supplies-{timezone.localdate():%Y%m%d}.xlsx")


@staff_worker_required
def plans(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST or None, request.FILES or None, user=request.user) if is_keeper(request.user) else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            plan_upload(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("预案已上传"))
            return redirect(request.path)
    page = CappedPaginator(record_list(model=Plan, user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "emergency/plans.html", {"form": form, "page": page})


@staff_worker_required
def plan_file(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.for_user(request.user), pk=pk)
    return stored_file_response(plan.file, content_type=plan.content_type, display_name=plan.original_name)


@staff_worker_required
def registry(request: HttpRequest, kind: str) -> HttpResponse:
    """Shelters, micro fire stations, drills or forces: the list of the user's area and, for
    keepers, the form adding one."""
    if kind not in REGISTRIES:
        raise Http404
    model = REGISTRIES[kind]
    form_class = record_form(model)
    form = form_class(request.POST or None, user=request.user) if is_keeper(request.user) else None
    if form is not None and request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        region = values.pop("region")
        try:
            record_create(kind=kind, acting_user=request.user, region=region, values=values)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("已保存"))
            return redirect(request.path)
    page = CappedPaginator(record_list(model=model, user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "emergency/registry.html",
        {"form": form, "page": page, "kind": kind, "title": model._meta.verbose_name},
    )
