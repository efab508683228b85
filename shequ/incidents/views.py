"""Pages of grid incidents: a resident reports from a phone, follows and rates; staff work the
dispatch board and the case page; grid workers verify and log patrols. Lookups go through
`for_user` (another area's case is a 404); writes through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.decorators import staff_worker_required
from shequ.accounts.models import Role
from shequ.core.pagination import CappedPaginator
from shequ.core.uploads import stored_file_response
from shequ.core.workflow import TransitionForbidden
from shequ.feedback.selectors import rating_of
from shequ.incidents.forms import FindingReportForm, PatrolForm, ReportForm, StepForm
from shequ.incidents.models import IncidentFile, PatrolFinding
from shequ.incidents.rules import may_take
from shequ.incidents.selectors import (
    MAP_LIMIT,
    QUEUES,
    incident_board,
    incident_detail,
    incident_map_points,
    incident_queue,
    my_incidents,
    patrol_list,
)
from shequ.incidents.services import incident_report, incident_transition, patrol_finding_report, patrol_record
from shequ.incidents.workflow import INCIDENT_WORKFLOW, Status
from shequ.regions.models import Region
from shequ.residents.selectors import own_person
from shequ.ui.forms import form_add_service_errors

PAGE_SIZE = 20


@login_required
def report(request: HttpRequest) -> HttpResponse:
    """Report a problem: category, what is wrong, where (optional) and photos."""
    if request.user.role == Role.RESIDENT and own_person(request.user) is None:
        return render(request, "services/not_linked.html", status=403)
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        try:
            incident = incident_report(
                category=values["category"],
                description=values["description"],
                location=values["location"],
                files=values["photos"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        except PermissionDenied:
            form.add_error(None, _("请选择事件所在的村（社区）或网格"))
        else:
            messages.success(request, _("已收到您上报的事件，处理进度会通知您。"))
            if request.user.role == Role.RESIDENT:
                return redirect("incidents:mine-detail", incident.pk)
            return redirect("incidents:work-detail", incident.pk)
    return render(request, "incidents/report.html", {"form": form})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    page = CappedPaginator(my_incidents(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "incidents/mine.html", {"page": page})


@login_required
def mine_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = incident_detail(user=request.user, pk=pk)
    if incident is None or incident.reporter_person_id is None:
        raise Http404
    rating = rating_of(target_type="incident", target_id=incident.pk)
    return render(request, "incidents/mine_detail.html", {"incident": incident, "rating": rating})


@staff_worker_required
def board(request: HttpRequest) -> HttpResponse:
    """The dispatch board: the first cases of every queue, by due time."""
    now = timezone.now()
    return render(request, "incidents/board.html", {"queues": incident_board(user=request.user, now=now), "now": now})


@staff_worker_required
def queue(request: HttpRequest, queue: str) -> HttpResponse:
    if queue not in QUEUES:
        raise Http404
    rows = incident_queue(user=request.user, queue=queue)
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "incidents/queue.html", {"queue": queue, "page": page, "now": timezone.now()})


@staff_worker_required
def incident_map(request: HttpRequest) -> HttpResponse:
    """The open cases with a position on a plain map (vendored Leaflet, no tiles), each unit labelled
    where its cases are; the same cases as a table, which is the page without JavaScript."""
    now = timezone.now()
    rows = list(incident_map_points(user=request.user)[: MAP_LIMIT + 1])
    more, rows = len(rows) > MAP_LIMIT, rows[:MAP_LIMIT]
    running = set(Status.running_states())
    points = [
        {
            "id": incident.pk,
            "lat": float(incident.latitude),
            "lng": float(incident.longitude),
            "label": f"{incident.category.local_name} #{incident.pk} · {incident.get_status_display()}",
            "url": reverse("incidents:work-detail", args=[incident.pk]),
            "overdue": bool(incident.due_at and incident.due_at < now and incident.status in running),
        }
        for incident in rows
    ]
    units: dict[int, list] = {}
    for incident in rows:
        units.setdefault(incident.region_id, [incident.region.short_name, []])[1].append(incident)
    labels = [
        {
            "name": name,
            "lat": sum(float(incident.latitude) for incident in cases) / len(cases),
            "lng": sum(float(incident.longitude) for incident in cases) / len(cases),
        }
        for name, cases in units.values()
    ]
    return render(
        request,
        "incidents/map.html",
        {"rows": rows, "more": more, "limit": MAP_LIMIT, "now": now, "map_data": {"points": points, "units": labels}},
    )


def _steps(user, incident) -> list[tuple[str, object]]:
    return [
        (target, step)
        for target, step in INCIDENT_WORKFLOW.next_steps(incident.status)
        if may_take(user, incident, step.by)
        and (incident.status != Status.SUSPENDED or target == incident.suspended_from)
        and (target not in ("extension_granted", "extension_refused") or incident.extension_until)
        and (target != "extension_requested" or not incident.extension_until)
    ]


@staff_worker_required
def work_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = incident_detail(user=request.user, pk=pk)
    if incident is None:
        raise Http404
    form = StepForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        unit = Region.objects.filter(code=values["unit"]).first() if values["unit"] else None
        if values["unit"] and unit is None:
            form.add_error("unit", _("没有这个区划代码"))
        else:
            try:
                incident_transition(
                    incident=incident,
                    acting_user=request.user,
                    to=values["to"],
                    note=values["note"],
                    department=values["department"] or None,
                    unit=unit,
                    until=values["until"],
                    files=values["photos"],
                )
            except TransitionForbidden as forbidden:
                messages.error(request, forbidden.message)
                return redirect(request.path)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("已办理"))
                return redirect(request.path)
    return render(
        request,
        "incidents/work_detail.html",
        {"incident": incident, "steps": _steps(request.user, incident), "form": form, "statuses": Status},
    )


@login_required
def incident_file(request: HttpRequest, pk: int) -> HttpResponse:
    photo = get_object_or_404(IncidentFile.objects.for_user(request.user), pk=pk)
    return stored_file_response(photo.file, content_type=photo.content_type, display_name=photo.original_name)


@staff_worker_required
def patrols(request: HttpRequest) -> HttpResponse:
    """A grid worker's patrol log (others see the patrols of their area)."""
    form = PatrolForm(request.POST or None) if request.user.role == Role.GRID_WORKER else None
    if form is not None and request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        findings = [(values["finding"], values["finding_place"])] if values["finding"] else []
        try:
            patrol_record(
                acting_user=request.user,
                started_at=values["started_at"],
                ended_at=values["ended_at"],
                places=values["places"],
                note=values["note"],
                findings=findings,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("巡查记录已保存"))
            return redirect(request.path)
    page = CappedPaginator(patrol_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "incidents/patrols.html", {"form": form, "page": page, "report_form": FindingReportForm()})


@staff_worker_required
def finding_report(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_object_or_404(PatrolFinding.objects.for_user(request.user).select_related("patrol"), pk=pk)
    form = FindingReportForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        messages.error(request, _("请选择事件类别"))
        return redirect("incidents:patrols")
    try:
        incident = patrol_finding_report(
            finding=finding, category=form.cleaned_data["category"], acting_user=request.user
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("incidents:patrols")
    messages.success(request, _("已上报为事件"))
    return redirect("incidents:work-detail", incident.pk)
