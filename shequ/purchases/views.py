"""Staff pages of government-purchased services: the list, registering a project, and a project's
page with its milestones and evaluations. Lookups go through `for_user`, writes through services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shequ.accounts.decorators import staff_worker_required
from shequ.accounts.scope import scope_of
from shequ.bookings.models import Provider
from shequ.core.pagination import CappedPaginator
from shequ.purchases.criteria import CRITERIA, GRADES
from shequ.purchases.forms import EvaluationForm, MilestoneForm, ProjectForm
from shequ.purchases.models import Milestone, PurchaseProject
from shequ.purchases.selectors import project_details, project_list
from shequ.purchases.services import evaluation_record, milestone_add, milestone_complete, purchase_project_create
from shequ.regions.codes import Level
from shequ.regions.models import Region
from shequ.ui.forms import form_add_service_errors

PAGE_SIZE = 20


def _require(request: HttpRequest, permission: str, obj=None) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


@staff_worker_required
def project_index(request: HttpRequest) -> HttpResponse:
    _require(request, "purchases.view_purchaseproject")
    page = CappedPaginator(project_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "purchases/list.html", {"page": page, "base_query": ""})


def _regions(user):
    scope = scope_of(user)
    rows = Region.objects.filter(level__in=(Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE))
    if not scope.everything:
        rows = rows.filter(code__within=scope.region_code or "-")
    return rows.order_by("code")


@staff_worker_required
def project_create_page(request: HttpRequest) -> HttpResponse:
    _require(request, "purchases.add_purchaseproject")
    form = ProjectForm(
        request.POST or None,
        providers=Provider.objects.filter(active=True).order_by("name"),
        regions=_regions(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            project = purchase_project_create(project=PurchaseProject(**form.cleaned_data), acting_user=request.user)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("已保存"))
            return redirect("purchases:detail", pk=project.pk)
    return render(request, "purchases/form.html", {"form": form})


@staff_worker_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rows = project_details(project_list(user=request.user))
    project = get_object_or_404(rows, pk=pk)
    _require(request, "purchases.view_purchaseproject", project)
    can_change = request.user.has_perm("purchases.change_purchaseproject", project)
    which = request.POST.get("form") if request.method == "POST" else None
    milestone_form = MilestoneForm(request.POST if which == "milestone" else None)
    evaluation_form = EvaluationForm(
        request.POST if which == "evaluation" else None, initial={"evaluated_on": timezone.localdate()}
    )
    if which:
        _require(request, "purchases.change_purchaseproject", project)
        form = milestone_form if which == "milestone" else evaluation_form
        if form.is_valid():
            try:
                if which == "milestone":
                    milestone_add(project=project, acting_user=request.user, **form.cleaned_data)
                else:
                    evaluation_record(
                        project=project,
                        scores=form.scores(),
                        evaluated_on=form.cleaned_data["evaluated_on"],
                        note=form.cleaned_data["note"],
                        acting_user=request.user,
                    )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("已保存"))
                return redirect("purchases:detail", pk=project.pk)
    grades = {grade.code: grade for grade in GRADES}
    evaluations = [
        (
            evaluation,
            grades.get(evaluation.grade),
            [(c.label, evaluation.scores.get(c.code), c.max_score) for c in CRITERIA],
        )
        for evaluation in project.evaluations.all()
    ]
    return render(
        request,
        "purchases/detail.html",
        {
            "project": project,
            "can_change": can_change,
            "milestone_form": milestone_form,
            "evaluation_form": evaluation_form,
            "evaluations": evaluations,
            "today": timezone.localdate(),
        },
    )


@require_POST
@staff_worker_required
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = get_object_or_404(Milestone.objects.for_user(request.user).select_related("project"), pk=pk)
    try:
        milestone_complete(milestone=milestone, done_on=timezone.localdate(), acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已保存"))
    return redirect("purchases:detail", pk=milestone.project_id)
