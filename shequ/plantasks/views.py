"""Pages: the task × department matrix with each cell's progress, a task's page (its departments as the
plan writes them, the lead the county marked, its items), a party's own items, an item's periods
with their reports, 民政局's review queue, major matters, responsibility lists and the scoring sheet;
xlsx of the matrix and the scores. Plain HTML forms: everything works without JavaScript."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shequ.accounts.decorators import staff_worker_required
from shequ.accounts.models import Department
from shequ.core.errors import DomainError
from shequ.core.uploads import stored_file_response
from shequ.core.xlsx import xlsx_response, xlsx_write
from shequ.plantasks import selectors
from shequ.plantasks.catalogue import COUNTY
from shequ.plantasks.forms import LeadForm, MatterForm, NoteForm, ReportForm, ScoreForm, VersionForm, WorkItemForm
from shequ.plantasks.models import (
    MajorMatter,
    PlanTask,
    ProgressReport,
    ProgressReportFile,
    ResponsibilityListVersion,
    ScoringCriterion,
    WorkItem,
)
from shequ.plantasks.services import (
    ItemData,
    MatterData,
    Party,
    ReportData,
    major_matter_report,
    major_matter_update,
    party_of,
    progress_report_save,
    progress_report_transition,
    responsibility_version_add,
    score_enter,
    task_lead_mark,
    work_item_create,
)
from shequ.plantasks.workflow import EDITABLE, MatterStatus, ReportStatus
from shequ.regions.codes import Level
from shequ.regions.models import Region
from shequ.ui.forms import form_add_service_errors

REPORT_STEPS = {"submit": ReportStatus.SUBMITTED, "accept": ReportStatus.ACCEPTED, "return": ReportStatus.RETURNED}
MATTER_STEPS = {"handling": MatterStatus.HANDLING, "close": MatterStatus.CLOSED}


def _require(request: HttpRequest, permission: str, obj=None) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def _year(request: HttpRequest, default: int | None = None) -> int:
    text = request.GET.get("year", "")
    year = int(text) if text.isdigit() else 0
    return year if 2021 <= year <= 2100 else (default or timezone.localdate().year)


@staff_worker_required
def matrix_page(request: HttpRequest) -> HttpResponse:
    _require(request, "plantasks.view_matrix")
    year = _year(request)
    matrix = selectors.matrix_build(user=request.user, year=year)
    return render(request, "plantasks/matrix.html", {"matrix": matrix, "year": year, "party": party_of(request.user)})


def _townships_for(user):
    return Region.objects.for_user(user).filter(level=Level.TOWNSHIP, code__prefix=COUNTY).order_by("code")


@staff_worker_required
def task_page(request: HttpRequest, code: str) -> HttpResponse:
    _require(request, "plantasks.view_matrix")
    task = get_object_or_404(selectors.task_list(), code=code)
    year = _year(request)
    named = [row.department for row in task.departments.all()]
    party = party_of(request.user)
    coordinator = request.user.has_perm("plantasks.mark_lead")
    if coordinator:
        departments, townships = named, _townships_for(request.user) if task.townships else Region.objects.none()
    elif party and party.department in named:
        departments, townships = [party.department], Region.objects.none()
    elif party and party.township and task.townships:
        departments, townships = [], Region.objects.filter(pk=party.township.pk)
    else:
        departments, townships = [], Region.objects.none()
    can_add = bool(departments) or townships.exists()
    form = WorkItemForm(
        request.POST or None,
        departments=departments,
        townships=townships,
        initial={"department": departments[0] if len(departments) == 1 else "", "township": townships.first()},
    )
    if request.method == "POST" and can_add and form.is_valid():
        data = form.cleaned_data
        try:
            work_item_create(
                data=ItemData(
                    task=task,
                    year=year,
                    title=data["title"],
                    target=data["target"],
                    due_on=data["due_on"],
                    party=Party(department=data.get("department") or "", township=data.get("township")),
                ),
                acting_user=request.user,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("已保存"))
            return redirect(f"{request.path}?year={year}")
    return render(
        request,
        "plantasks/task.html",
        {
            "task": task,
            "year": year,
            "items": selectors.work_item_list(user=request.user, year=year, task=task),
            "form": form if can_add else None,
            "lead_form": LeadForm(departments=named, initial={"department": task.lead}) if coordinator else None,
        },
    )


@require_POST
@staff_worker_required
def task_lead(request: HttpRequest, code: str) -> HttpResponse:
    task = get_object_or_404(PlanTask, code=code)
    form = LeadForm(request.POST, departments=[row.department for row in task.departments.all()])
    if form.is_valid():
        try:
            task_lead_mark(task=task, department=form.cleaned_data["department"], acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("已保存"))
    else:
        messages.error(request, _("请选择方案列明的责任部门"))
    return redirect("plantasks:task", code=task.code)


@staff_worker_required
def mine_page(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    party = party_of(request.user)
    items = [(item, selectors.item_periods(item=item)) for item in selectors.own_items(user=request.user, year=year)]
    label = ""
    if party is not None:
        label = str(Department(party.department).label) if party.department else party.township.name
    return render(request, "plantasks/mine.html", {"items": items, "year": year, "party_label": label})


@staff_worker_required
def item_page(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(WorkItem.objects.for_user(request.user).select_related("task", "township"), pk=pk)
    _require(request, "plantasks.view_workitem", item)
    periods = selectors.item_periods(item=item)
    can_write = request.user.has_perm("plantasks.write_progressreport", item)
    open_periods = [row.period for row in periods if row.report is None or row.report.status in EDITABLE]
    form = None
    if can_write and open_periods:
        form = ReportForm(request.POST or None, request.FILES or None, periods=open_periods)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                progress_report_save(
                    item=item,
                    period_index=data["period_index"],
                    data=ReportData(data["text"], data["percent_done"], data["figures"]),
                    files=data["files"],
                    submit="submit" in request.POST,
                    acting_user=request.user,
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            except DomainError as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("已提交，等待县民政局审核") if "submit" in request.POST else _("已保存"))
                return redirect("plantasks:item", pk=item.pk)
    return render(
        request,
        "plantasks/item.html",
        {
            "item": item,
            "periods": periods,
            "form": form,
            "can_review": request.user.has_perm("plantasks.review_progressreport", item),
        },
    )


@require_POST
@staff_worker_required
def report_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in REPORT_STEPS:
        raise PermissionDenied
    report = get_object_or_404(ProgressReport.objects.for_user(request.user), pk=pk)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        progress_report_transition(report=report, to=REPORT_STEPS[step], acting_user=request.user, note=note)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except DomainError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("已保存"))
    # Reviewed from the queue: back to the queue; otherwise back to the item.
    if request.POST.get("next") == "review":
        return redirect("plantasks:review")
    return redirect("plantasks:item", pk=report.item_id)


@staff_worker_required
def report_file(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(ProgressReportFile.objects.for_user(request.user), pk=pk)
    return stored_file_response(
        attachment.file.open("rb"), content_type=attachment.content_type, display_name=attachment.original_name
    )


@staff_worker_required
def review_page(request: HttpRequest) -> HttpResponse:
    _require(request, "plantasks.review_progressreport")
    return render(request, "plantasks/review.html", {"reports": selectors.review_queue(user=request.user)[:100]})


@staff_worker_required
def matters_page(request: HttpRequest) -> HttpResponse:
    _require(request, "plantasks.view_majormatter")
    can_report = request.user.has_perm("plantasks.add_majormatter") and party_of(request.user) is not None
    form = MatterForm(request.POST or None) if can_report else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            major_matter_report(data=MatterData(**form.cleaned_data), acting_user=request.user)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("已上报"))
            return redirect("plantasks:matters")
    matters = selectors.major_matter_list(user=request.user).prefetch_related("events")[:100]
    return render(request, "plantasks/matters.html", {"matters": matters, "form": form})


@require_POST
@staff_worker_required
def matter_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in MATTER_STEPS:
        raise PermissionDenied
    matter = get_object_or_404(MajorMatter.objects.for_user(request.user), pk=pk)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        major_matter_update(matter=matter, to=MATTER_STEPS[step], note=note, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except DomainError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("已保存"))
    return redirect("plantasks:matters")


@staff_worker_required
def lists_page(request: HttpRequest) -> HttpResponse:
    _require(request, "plantasks.view_responsibilitylist")
    regions = Region.objects.for_user(request.user).filter(level__in=[Level.TOWNSHIP, Level.VILLAGE])
    if request.user.region_id:
        regions = regions.filter(code__prefix=request.user.region.code)
    can_upload = request.user.has_perm("plantasks.add_responsibilitylistversion")
    form = (
        VersionForm(request.POST or None, request.FILES or None, regions=regions.order_by("code"))
        if can_upload
        else None
    )
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            responsibility_version_add(
                region=data["region"],
                upload=data["file"],
                effective_on=data["effective_on"],
                note=data["note"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("已保存"))
            return redirect("plantasks:lists")
    lists = [
        (listing, selectors.list_versions(listing=listing))
        for listing in selectors.responsibility_lists(user=request.user)[:200]
    ]
    return render(request, "plantasks/lists.html", {"lists": lists, "form": form})


@staff_worker_required
def version_file(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(ResponsibilityListVersion.objects.for_user(request.user), pk=pk)
    return stored_file_response(
        version.file.open("rb"), content_type=version.content_type, display_name=version.original_name
    )


def _score_parties(sheet) -> list[tuple[str, str]]:
    return [(row.key, row.label) for row in [*sheet.departments, *sheet.townships]]


@staff_worker_required
def scores_page(request: HttpRequest) -> HttpResponse:
    _require(request, "plantasks.view_scores")
    year = _year(request, default=timezone.localdate().year - 1)
    sheet = selectors.score_sheet(user=request.user, year=year)
    form = None
    if request.user.has_perm("plantasks.enter_score"):
        form = ScoreForm(
            request.POST or None,
            criteria=ScoringCriterion.objects.filter(active=True, source="entered"),
            parties=_score_parties(sheet),
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            key = data["party"]
            party = Party(township=Region.objects.get(code=key)) if key.isdigit() else Party(department=key)
            try:
                score_enter(
                    criterion=data["criterion"],
                    year=year,
                    party=party,
                    points=data["points"],
                    reason=data["reason"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            except DomainError as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("已保存"))
                return redirect(f"{request.path}?year={year}")
    return render(request, "plantasks/scores.html", {"sheet": sheet, "year": year, "form": form})


@staff_worker_required
def scores_export(request: HttpRequest) -> HttpResponse:
    _require(request, "plantasks.view_scores")
    year = _year(request, default=timezone.localdate().year - 1)
    sheet = selectors.score_sheet(user=request.user, year=year)
    headers = [_("考核对象"), *[f"{c.name}（{c.weight}）" for c in sheet.criteria], _("总分"), _("排名"), _("数据完整")]

    def rows():
        for group in (sheet.departments, sheet.townships):
            for row in group:
                cells = [float(cell.points) if cell.points is not None else None for cell in row.cells]
                yield [row.label, *cells, float(row.total) if row.total is not None else None, row.rank, row.complete]

    file, _count = xlsx_write(
        title=_("综合绩效考核评分"), headers=headers, widths=[24] + [16] * (len(headers) - 1), rows=rows()
    )
    return xlsx_response(file, filename=f"scores-{year}.xlsx")


@staff_worker_required
def matrix_export(request: HttpRequest) -> HttpResponse:
    _require(request, "plantasks.view_matrix")
    year = _year(request)
    matrix = selectors.matrix_build(user=request.user, year=year)
    headers = [_("责任单位"), *[f"{task.get_kind_display()}{task.number} {task.title}" for task in matrix.tasks]]

    def cell_text(cell) -> str:
        if not cell.named and not cell.items:
            return ""
        parts = [cell.as_written or "●"]
        if cell.note:
            parts.append(cell.note)
        if cell.items:
            parts.append(f"{cell.status_label}（{cell.items}）")
        return " / ".join(parts)

    rows = ([row.label, *[cell_text(cell) for cell in row.cells]] for row in matrix.rows)
    file, _count = xlsx_write(
        title=_("任务分工矩阵"), headers=headers, widths=[20] + [18] * len(matrix.tasks), rows=rows
    )
    return xlsx_response(file, filename=f"plan-task-matrix-{year}.xlsx")
