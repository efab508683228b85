"""Pages of community life, plain forms without scripts: notices for readers and publishers,
the policy library with its search, and questions for askers and their desk. Lookups go through
the selectors' scoped querysets (another unit's record is a 404); writes through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from shequ.accounts.decorators import staff_worker_required
from shequ.accounts.scope import region_scope_q
from shequ.core.pagination import CappedPaginator
from shequ.core.workflow import TransitionForbidden
from shequ.participation.forms import AnswerForm, NoticeForm, QuestionForm, RateForm
from shequ.participation.models import Notice, Policy, PolicyKind
from shequ.participation.rules import can_handle_question
from shequ.participation.selectors import (
    notice_reach,
    notices_for_reader,
    notices_published,
    policies_browse,
    policy_search,
    questions_for_desk,
    questions_of_asker,
    questions_public,
)
from shequ.participation.services import (
    notice_publish,
    notice_read,
    question_answer,
    question_ask,
    question_rate,
)
from shequ.participation.workflow import QuestionStatus
from shequ.regions.models import Region
from shequ.ui.forms import form_add_service_errors

PAGE_SIZE = 20


def _page(request, rows):
    return CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
def notice_index(request: HttpRequest) -> HttpResponse:
    notices = notices_for_reader(user=request.user).select_related("region")
    return render(request, "participation/notices.html", {"page": _page(request, notices)})


@login_required
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(notices_for_reader(user=request.user).select_related("region"), pk=pk)
    notice_read(notice=notice, acting_user=request.user)
    return render(request, "participation/notice.html", {"notice": notice})


@staff_worker_required
def notice_desk(request: HttpRequest) -> HttpResponse:
    return render(
        request, "participation/notice_desk.html", {"page": _page(request, notices_published(user=request.user))}
    )


@staff_worker_required
def notice_new(request: HttpRequest) -> HttpResponse:
    regions = Region.objects.filter(region_scope_q(request.user))
    if not request.user.is_superuser and request.user.region_id:
        regions = regions.filter(code__prefix=request.user.region.code)
    form = NoticeForm(request.POST or None, regions=regions.order_by("code"))
    if request.method == "POST" and form.is_valid():
        try:
            notice = notice_publish(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("通知已发布"))
            return redirect("participation:notice-reach", pk=notice.pk)
    return render(request, "participation/notice_new.html", {"form": form})


@staff_worker_required
def notice_reach_view(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(Notice.objects.for_user(request.user).select_related("region"), pk=pk)
    reach = notice_reach(notice=notice)
    totals = (sum(row.addressed for row in reach), sum(row.read for row in reach))
    return render(request, "participation/notice_reach.html", {"notice": notice, "reach": reach, "totals": totals})


@login_required
def policy_index(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("kind", "")
    context = {"query": query, "kind": kind, "kinds": PolicyKind.choices}
    if query:
        context["hits"] = policy_search(query=query)
    else:
        context["page"] = _page(request, policies_browse(kind=kind if kind in PolicyKind.values else ""))
        context["answered"] = questions_public()[:5]
    return render(request, "participation/policies.html", context)


@login_required
def policy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy = get_object_or_404(Policy.objects.filter(published=True), pk=pk)
    return render(request, "participation/policy.html", {"policy": policy})


@login_required
def question_index(request: HttpRequest) -> HttpResponse:
    """The resident's questions and the form to ask a new one (at any hour)."""
    if getattr(request.user, "person", None) is None:
        raise Http404
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            question = question_ask(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("问题已提交，我们会尽快答复"))
            return redirect("participation:question", pk=question.pk)
    return render(
        request,
        "participation/questions.html",
        {"form": form, "page": _page(request, questions_of_asker(user=request.user))},
    )


@login_required
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(questions_of_asker(user=request.user), pk=pk)
    form = RateForm(request.POST or None) if question.status == QuestionStatus.ANSWERED else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            question_rate(question=question, acting_user=request.user, **form.cleaned_data)
        except TransitionForbidden as forbidden:
            messages.error(request, forbidden.message)
        else:
            messages.success(request, _("谢谢您的评价"))
        return redirect(request.path)
    return render(request, "participation/question.html", {"question": question, "form": form})


@staff_worker_required
def question_desk(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", QuestionStatus.ASKED)
    status = status if status in QuestionStatus.values else QuestionStatus.ASKED
    questions = questions_for_desk(user=request.user, status=status)
    return render(
        request,
        "participation/question_desk.html",
        {"page": _page(request, questions), "status": status, "statuses": QuestionStatus.choices},
    )


@staff_worker_required
def question_handle(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(questions_for_desk(user=request.user), pk=pk)
    may_answer = question.status == QuestionStatus.ASKED and can_handle_question(request.user, question)
    form = AnswerForm(request.POST or None) if may_answer else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            question_answer(question=question, acting_user=request.user, answer=form.cleaned_data["answer"])
        except TransitionForbidden as forbidden:
            messages.error(request, forbidden.message)
        else:
            messages.success(request, _("已答复"))
        return redirect(request.path)
    history = question.history.select_related("actor")
    return render(
        request, "participation/question_handle.html", {"question": question, "form": form, "history": history}
    )
