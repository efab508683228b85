"""Pages of 好差评: the resident's rating page, and the workers' rectification queue, case page and
statistics. Lookups go through `for_user` (another unit's case is a 404); writes through services."""

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.decorators import staff_worker_required
from shequ.core.pagination import CappedPaginator
from shequ.core.uploads import stored_file_response
from shequ.core.workflow import TransitionForbidden
from shequ.feedback.forms import ConfirmationForm, RatingForm, StatisticsForm, TransitionForm
from shequ.feedback.models import RectificationFile
from shequ.feedback.selectors import (
    rating_of,
    rating_statistics,
    rating_target,
    rating_totals,
    rectification_list,
)
from shequ.feedback.services import (
    AlreadyRated,
    rating_create,
    rectification_file_download_record,
    rectification_transition,
)
from shequ.feedback.workflow import RECTIFICATION_WORKFLOW, RESIDENT, REVIEWER, Status
from shequ.residents.selectors import in_own_household
from shequ.ui.forms import form_add_service_errors

PAGE_SIZE = 20


@login_required
def rate(request: HttpRequest, target_type: str, target_id: int) -> HttpResponse:
    """The resident rates a finished service of their household: five levels, optional scores."""
    target = rating_target(target_type=target_type, target_id=target_id)
    if target is None or target.context.resident is None:
        raise Http404
    if not in_own_household(user=request.user, person=target.context.resident):
        raise Http404
    rating = rating_of(target_type=target.kind.name, target_id=target.obj.pk)
    rectification = getattr(rating, "rectification", None) if rating is not None else None
    confirmation = None
    if rectification is not None and rectification.status == Status.RECTIFIED:
        confirmation = ConfirmationForm(request.POST if "answer" in request.POST else None)
        if confirmation.is_bound and confirmation.is_valid():
            try:
                rectification_transition(
                    rectification=rectification,
                    to=confirmation.cleaned_data["answer"],
                    acting_user=request.user,
                    note=confirmation.cleaned_data["note"],
                )
            except TransitionForbidden as forbidden:
                messages.error(request, forbidden.message)
                return redirect(request.path)
            except ValidationError as error:
                form_add_service_errors(confirmation, error)
            else:
                messages.success(request, _("已收到您的回访意见，谢谢！"))
                return redirect(request.path)
    form = None
    if rating is None and target.context.finished_at is not None:
        form = RatingForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            values = form.cleaned_data
            try:
                rating_create(
                    target_type=target.kind.name,
                    target_id=target.obj.pk,
                    level=values["level"],
                    efficiency=values["efficiency"],
                    attitude=values["attitude"],
                    convenience=values["convenience"],
                    comment=values["comment"],
                    acting_user=request.user,
                )
            except AlreadyRated as already:
                messages.info(request, already.messages[0])
                return redirect(request.path)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("感谢您的评价！"))
                return redirect(request.path)
    return render(
        request,
        "feedback/rate.html",
        {
            "target": target,
            "about": target.context,
            "rating": rating,
            "form": form,
            "confirmation": confirmation,
            "evidence": rectification.files.all() if rectification is not None else [],
        },
    )


@staff_worker_required
def rectification_index(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    rectifications = rectification_list(user=request.user, status=status)
    if not status:
        rectifications = rectifications.filter(status__in=Status.open_states())
    rectifications = rectifications.order_by("return_visit_due", "created_at")
    page = CappedPaginator(rectifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "feedback/rectifications.html",
        {
            "page": page,
            "status": status,
            "statuses": Status.choices,
            "base_query": f"status={status}&" if status else "",
        },
    )


def _allowed_steps(user, rectification) -> list:
    """The steps the user may take now; the resident's answer only as a phone record, once the
    resident's time to answer has passed (the service checks all of this again)."""
    steps = []
    today = timezone.localdate()
    for target, step in RECTIFICATION_WORKFLOW.next_steps(rectification.status):
        if step.by == REVIEWER:
            allowed = user.has_perm("feedback.review_appeal", rectification) and (
                rectification.appealed_by_id != user.pk
            )
        elif step.by == RESIDENT:
            allowed = (
                user.has_perm("feedback.handle_rectification", rectification)
                and rectification.confirm_due is not None
                and today >= rectification.confirm_due
            )
            step = replace(step, label=_("电话回访：%(label)s") % {"label": step.label})
        else:
            allowed = user.has_perm("feedback.handle_rectification", rectification)
        if allowed:
            steps.append((target, step))
    return steps


@staff_worker_required
def rectification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rectification = get_object_or_404(
        rectification_list(user=request.user).select_related("rating__resident", "rating__region__parent"), pk=pk
    )
    steps = _allowed_steps(request.user, rectification)
    forms = {target: TransitionForm(step=step, prefix=target) for target, step in steps}
    if request.method == "POST":
        target = request.POST.get("to", "")
        if target not in forms:
            messages.error(request, _("该操作当前不可用，请刷新后重试"))
            return redirect("feedback:rectification-detail", pk=pk)
        form = forms[target] = TransitionForm(request.POST, request.FILES, step=dict(steps)[target], prefix=target)
        if form.is_valid():
            try:
                rectification_transition(
                    rectification=rectification,
                    to=target,
                    acting_user=request.user,
                    note=form.cleaned_data["note"],
                    verified=form.cleaned_data.get("verified"),
                    files=form.cleaned_data.get("files") or [],
                )
            except (TransitionForbidden, PermissionDenied) as forbidden:
                messages.error(request, getattr(forbidden, "message", None) or _("不能进行此操作"))
                return redirect("feedback:rectification-detail", pk=pk)
                messages.error(request, forbidden.message)
                return redirect("feedback:rectification-detail", pk=pk)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("已保存"))
                return redirect("feedback:rectification-detail", pk=pk)
    return render(
        request,
        "feedback/rectification_detail.html",
        {
            "rectification": rectification,
            "rating": rectification.rating,
            "history": rectification.history.select_related("actor"),
            "evidence": rectification.files.all(),
            "rated_worker": rectification.rating.worker_id == request.user.pk,
            "step_forms": [(target, step, forms[target]) for target, step in steps],
        },
    )


@staff_worker_required
def rectification_file(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(RectificationFile.objects.for_user(request.user), pk=pk)
    rectification_file_download_record(evidence=evidence, acting_user=request.user)
    return stored_file_response(
        evidence.file.open("rb"), content_type=evidence.content_type, display_name=evidence.original_name
    )


@staff_worker_required
def rating_stats(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("feedback.view_rating_statistics"):
        raise PermissionDenied
    form = StatisticsForm(request.GET)
    rows, totals = [], None
    if form.is_valid():
        group_by = form.cleaned_data["by"] or "service"
        since, until = form.cleaned_data["since"], form.cleaned_data["until"]
        rows = rating_statistics(user=request.user, group_by=group_by, since=since, until=until)
        totals = rating_totals(user=request.user, since=since, until=until)
    else:
        group_by = "service"
    return render(
        request,
        "feedback/stats.html",
        {"form": form, "rows": rows, "totals": totals, "group_by": group_by},
    )
