"""Staff pages of training: the course catalogue, sessions of a course, and attendance of a session.
Sessions are seen within the user's scope and above it (a county session trains every village's
workers); attendance is recorded only for workers of the user's own scope, each once per session."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from shequ.accounts.decorators import staff_worker_required
from shequ.core.pagination import CappedPaginator
from shequ.facilities.selectors import units_in_scope
from shequ.ui.forms import form_add_service_errors
from shequ.workforce.forms import AttendanceForm, CourseForm, SessionForm
from shequ.workforce.models import Course, TrainingSession
from shequ.workforce.selectors import course_list, session_list, worker_list, workplaces_in_scope
from shequ.workforce.services import attendance_record, course_create, session_create

PAGE_SIZE = 20


def _require(request: HttpRequest, permission: str, obj=None) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


@staff_worker_required
def course_index(request: HttpRequest) -> HttpResponse:
    _require(request, "workforce.view_course")
    page = CappedPaginator(course_list().prefetch_related("competencies"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "workforce/courses.html", {"page": page, "base_query": ""})


@staff_worker_required
def course_create_page(request: HttpRequest) -> HttpResponse:
    _require(request, "workforce.add_course")
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = course_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("已保存"))
            return redirect("workforce:course", pk=course.pk)
    return render(request, "workforce/course_form.html", {"form": form})


@staff_worker_required
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "workforce.view_course")
    course = get_object_or_404(Course.objects.prefetch_related("competencies"), pk=pk)
    page = CappedPaginator(session_list(user=request.user, course=course), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "workforce/course.html", {"course": course, "page": page, "base_query": ""})


@staff_worker_required
def session_create_page(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "workforce.add_trainingsession")
    course = get_object_or_404(Course, pk=pk)
    regions = workplaces_in_scope(user=request.user)
    form = SessionForm(request.POST or None, instance=TrainingSession(course=course), regions=regions)
    if request.method == "GET" and regions.count() == 1:
        form.initial["region"] = regions.first()
    if request.method == "POST" and form.is_valid():
        try:
            session = session_create(session=form.save(commit=False), acting_user=request.user)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("已保存"))
            return redirect("workforce:session", pk=session.pk)
    return render(request, "workforce/session_form.html", {"form": form, "course": course})


@staff_worker_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A session with its attendance; an editor ticks workers of one unit of their scope at a time
    (those already recorded are not offered again)."""
    _require(request, "workforce.view_course")
    session = get_object_or_404(session_list(user=request.user), pk=pk)
    units = units_in_scope(user=request.user)
    unit = units.filter(code=request.GET.get("unit", "")).first() or (units.first() if units.count() == 1 else None)
    can_record = request.user.has_perm("workforce.add_attendance")
    form = None
    if can_record and unit is not None:
        candidates = worker_list(user=request.user, within=unit.code, employer="").exclude(attendances__session=session)
        form = AttendanceForm(request.POST or None, workers=candidates)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            count = attendance_record(
                session=session,
                workers=list(form.cleaned_data["workers"]),
                hours=form.cleaned_data["hours"],
                acting_user=request.user,
            )
            messages.success(request, _("已登记 %(count)d 人参训") % {"count": count})
            return redirect(f"{request.path}?unit={unit.code}")
    attendances = (
        session.attendances.filter(worker__in=worker_list(user=request.user, employer=""))
        .select_related("worker__unit")
        .order_by("worker__scope_code", "worker__name")
    )
    return render(
        request,
        "workforce/session.html",
        {
            "session": session,
            "form": form,
            "units": units if can_record else [],
            "unit": unit,
            "attendances": attendances,
        },
    )
