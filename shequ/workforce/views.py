"""Staff pages of the workforce registry. Lookups go through `for_user` (another unit's worker is a
404); lists page with capped counts and no per-row queries."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.decorators import staff_worker_required
from shequ.core.pagination import CappedPaginator
from shequ.facilities.selectors import units_in_scope
from shequ.facilities.spreadsheets import ImportRejected
from shequ.facilities.views import XLSX
from shequ.ui.forms import form_add_service_errors
from shequ.workforce.forms import ConfirmForm, ImportForm, WorkerFilterForm, WorkerForm, YearForm
from shequ.workforce.grading import GradeScheme
from shequ.workforce.models import ReviewDepartment, Worker
from shequ.workforce.selectors import (
    candidate_checklist,
    candidate_list,
    departments_confirmable,
    secretary_reserve,
    staffing_check,
    this_year,
    training_coverage,
    worker_gaps,
    worker_list,
    worker_training,
    workplaces_in_scope,
)
from shequ.workforce.services import candidate_confirm, worker_save
from shequ.workforce.spreadsheets import workers_export, workers_import, workers_template_workbook

PAGE_SIZE = 20


def _require(request: HttpRequest, permission: str, obj=None) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def _xlsx(content: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{file_name}"
    response["Cache-Control"] = "no-store"
    return response


def _filters(request: HttpRequest) -> tuple[WorkerFilterForm, dict]:
    form = WorkerFilterForm(request.GET or None, units=units_in_scope(user=request.user))
    values = form.cleaned_data if form.is_valid() else {}
    unit = values.get("unit")
    return form, {
        "within": unit.code if unit else "",
        "post": values.get("post", ""),
        "untrained": bool(values.get("untrained")),
    }


@staff_worker_required
def worker_index(request: HttpRequest) -> HttpResponse:
    _require(request, "workforce.view_worker")
    form, filters = _filters(request)
    page = CappedPaginator(worker_list(user=request.user, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    scheme, today = GradeScheme.load(), timezone.localdate()
    rows = [(worker, scheme.grade(worker, on=today)) for worker in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workforce/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "base_query": f"{query.urlencode()}&" if query else "",
            "query": query.urlencode(),
        },
    )


@staff_worker_required
def worker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    worker = get_object_or_404(worker_list(user=request.user, employer=""), pk=pk)
    _require(request, "workforce.view_worker", worker)
    scheme = GradeScheme.load()
    grade = scheme.grade(worker, on=timezone.localdate())
    return render(
        request,
        "workforce/detail.html",
        {
            "worker": worker,
            "grade": grade,
            "pay": scheme.pay(grade),
            "gaps": worker_gaps(worker=worker),
            "training": worker_training(worker=worker),
            "checklist": candidate_checklist(worker=worker, election_year=this_year())
            if worker.two_committees
            else None,
            "can_change": request.user.has_perm("workforce.change_worker", worker),
            "can_confirm": worker.two_committees and request.user.has_perm("workforce.confirm_candidate"),
        },
    )


@staff_worker_required
def coverage_page(request: HttpRequest) -> HttpResponse:
    _require(request, "workforce.view_worker")
    form = YearForm(request.GET or None)
    year = (form.cleaned_data.get("year") if form.is_valid() else None) or this_year()
    return render(
        request,
        "workforce/coverage.html",
        {"form": form, "year": year, "coverage": training_coverage(user=request.user, year=year)},
    )


@staff_worker_required
def staffing_page(request: HttpRequest) -> HttpResponse:
    _require(request, "workforce.view_worker")
    rows = staffing_check(user=request.user)
    return render(request, "workforce/staffing.html", {"short": [row for row in rows if row.short], "all": rows})


@staff_worker_required
def worker_import(request: HttpRequest) -> HttpResponse:
    _require(request, "workforce.import_workers")
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            count = workers_import(file=form.cleaned_data["file"], acting_user=request.user)
        except ImportRejected as rejected:
            errors = rejected.errors
        else:
            messages.success(request, _("已导入 %(count)d 人") % {"count": count})
            return redirect("workforce:index")
    return render(
        request,
        "ui/import.html",
        {
            "form": form,
            "errors": errors,
            "title": _("批量导入社区工作者"),
            "template_url": reverse("workforce:template"),
            "row_hint": _("每行填写一人。"),
        },
    )


@staff_worker_required
def worker_template(request: HttpRequest) -> HttpResponse:
    _require(request, "workforce.import_workers")
    return _xlsx(workers_template_workbook(), "workers-template.xlsx")


@staff_worker_required
def worker_export(request: HttpRequest) -> HttpResponse:
    _require(request, "workforce.export_workers")
    _form, filters = _filters(request)
    return _xlsx(workers_export(acting_user=request.user, **filters), "workers.xlsx")


def _worker_form_page(request: HttpRequest, worker: Worker | None) -> HttpResponse:
    units = workplaces_in_scope(user=request.user)
    form = WorkerForm(request.POST or None, instance=worker, units=units)
    if worker is None and units.count() == 1:
        form.initial["unit"] = units.first()
    if request.method == "POST" and form.is_valid():
        try:
            saved = worker_save(worker=form.save(commit=False), acting_user=request.user)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("已保存"))
            return redirect("workforce:detail", pk=saved.pk)
    return render(request, "workforce/form.html", {"form": form, "worker": worker})


@staff_worker_required
def worker_create_page(request: HttpRequest) -> HttpResponse:
    _require(request, "workforce.add_worker")
    return _worker_form_page(request, None)


@staff_worker_required
def worker_edit_page(request: HttpRequest, pk: int) -> HttpResponse:
    worker = get_object_or_404(Worker.objects.for_user(request.user), pk=pk)
    _require(request, "workforce.change_worker", worker)
    return _worker_form_page(request, worker)


@staff_worker_required
def reserve_page(request: HttpRequest) -> HttpResponse:
    """The party-secretary reserve pool (党组织书记后备人才) of the user's scope."""
    _require(request, "workforce.view_worker")
    form, filters = _filters(request)
    rows = secretary_reserve(user=request.user, within=filters["within"])
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    scheme, today = GradeScheme.load(), timezone.localdate()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workforce/reserve.html",
        {
            "form": form,
            "page": page,
            "rows": [(worker, scheme.grade(worker, on=today)) for worker in page],
            "base_query": f"{query.urlencode()}&" if query else "",
        },
    )


@staff_worker_required
def candidates_page(request: HttpRequest) -> HttpResponse:
    """资格县级联审 of this election year: every candidate in scope with how many departments confirmed."""
    _require(request, "workforce.view_worker")
    year = this_year()
    page = CappedPaginator(candidate_list(user=request.user, election_year=year), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "workforce/candidates.html",
        {"page": page, "year": year, "departments": ReviewDepartment.objects.count(), "base_query": ""},
    )


@staff_worker_required
def candidate_review_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One candidate's checklist; a department's staff confirm their department's line here."""
    worker = get_object_or_404(Worker.objects.for_user(request.user).select_related("unit"), pk=pk)
    _require(request, "workforce.view_worker", worker)
    year = this_year()
    checklist = candidate_checklist(worker=worker, election_year=year)
    pending = [department.pk for department, confirmed_on in checklist if confirmed_on is None]
    departments = departments_confirmable(user=request.user).filter(pk__in=pending)
    can_confirm = request.user.has_perm("workforce.confirm_candidate") and departments.exists()
    form = None
    if can_confirm:
        form = ConfirmForm(
            request.POST or None, departments=departments, initial={"confirmed_on": timezone.localdate()}
        )
        if departments.count() == 1:
            form.initial["department"] = departments.first()
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                candidate_confirm(
                    worker=worker,
                    election_year=year,
                    department=form.cleaned_data["department"],
                    confirmed_on=form.cleaned_data["confirmed_on"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("已确认"))
                return redirect("workforce:review", pk=worker.pk)
    return render(
        request,
        "workforce/review.html",
        {"worker": worker, "year": year, "checklist": checklist, "form": form},
    )
