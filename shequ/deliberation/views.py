"""Pages of deliberation, plain forms without scripts. Residents: their unit's meetings, voting,
topics and the public follow-up of resolutions. Workers: holding a meeting — motions, check-in,
votes cast at the meeting, proxies, minutes and resolutions. Lookups go through the scoped
selectors (another unit's meeting is a 404); writes through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from shequ.accounts.decorators import staff_worker_required
from shequ.core.errors import DomainError
from shequ.core.pagination import CappedPaginator
from shequ.deliberation import forms
from shequ.deliberation.models import Proxy
from shequ.deliberation.selectors import household_vote, meetings_for_user, motion_result, topics_for_user
from shequ.deliberation.services import (
    attendance_check_in,
    meeting_create,
    minutes_record,
    motion_add,
    motion_close,
    motion_open,
    proxy_record,
    resolution_add,
    resolution_follow_up,
    topic_raise,
    vote_cast,
)
from shequ.residents.models import Household
from shequ.ui.forms import form_add_service_errors

PAGE_SIZE = 20


def _refused(form, error: Exception) -> None:
    if isinstance(error, ValidationError):
        form_add_service_errors(form, error)
    else:
        form.add_error(None, error.message)


@login_required
def meeting_index(request: HttpRequest) -> HttpResponse:
    """A resident's unit's meetings, and the form to raise a topic for the next one."""
    if getattr(request.user, "person", None) is None:
        raise Http404
    form = forms.TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            topic_raise(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("议题已提交，工作人员会安排到议事会上讨论"))
            return redirect("deliberation:meetings")
    meetings = CappedPaginator(meetings_for_user(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "deliberation/meetings.html",
        {"page": meetings, "form": form, "topics": topics_for_user(user=request.user)[:10]},
    )


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = getattr(request.user, "person", None)
    if person is None:
        raise Http404
    meeting = get_object_or_404(meetings_for_user(user=request.user), pk=pk)
    proxies = [
        (proxy.household_id, _("%(number)s 号户（委托）") % {"number": proxy.household_id})
        for proxy in Proxy.objects.filter(meeting=meeting, proxy=person)
    ]
    motions, forms_by_motion = list(meeting.motions.all()), {}
    for motion in motions:
        posted = request.method == "POST" and request.POST.get("motion") == str(motion.pk)
        form = forms.VoteForm(request.POST if posted else None, households=proxies, prefix=f"m{motion.pk}")
        if posted and form.is_valid():
            household_id = form.cleaned_data.get("household")
            household = Household.objects.filter(pk=household_id).first() if household_id else None
            try:
                vote_cast(
                    acting_user=request.user, motion=motion, choice=form.cleaned_data["choice"], for_household=household
                )
            except (ValidationError, DomainError) as error:
                _refused(form, error)
            else:
                messages.success(request, _("投票成功，谢谢参与"))
                return redirect(request.path)
        forms_by_motion[motion.pk] = form
    rows = [
        {
            "motion": motion,
            "form": forms_by_motion[motion.pk],
            "mine": household_vote(motion=motion, person=person),
            "result": motion_result(motion=motion) if motion.closed_at else None,
        }
        for motion in motions
    ]
    return render(
        request,
        "deliberation/meeting.html",
        {"meeting": meeting, "rows": rows, "resolutions": meeting.resolutions.all()},
    )


@staff_worker_required
def meeting_desk(request: HttpRequest) -> HttpResponse:
    """A worker's meetings and the residents' topics waiting for one; the form to call a meeting
    (of a unit: the worker's own)."""
    unit = request.user.region
    topics = topics_for_user(user=request.user).filter(meeting__isnull=True)
    form = forms.MeetingForm(request.POST or None, topics=topics)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_create(acting_user=request.user, unit=unit, **form.cleaned_data)
        except (ValidationError, DomainError) as error:
            _refused(form, error)
        else:
            return redirect("deliberation:meeting-hold", pk=meeting.pk)
    meetings = CappedPaginator(meetings_for_user(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "deliberation/desk.html",
        {
            "page": meetings,
            "form": form,
            "topics": topics[:50],
            "may_call": unit is not None and unit.level == "village",
        },
    )


@staff_worker_required
def meeting_hold(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(meetings_for_user(user=request.user), pk=pk)
    motions = list(meeting.motions.all())
    action = request.POST.get("action") if request.method == "POST" else None
    post = request.POST if action else None
    page_forms = {
        "motion": forms.MotionForm(post if action == "motion" else None),
        "check_in": forms.CheckInForm(post if action == "check_in" else None),
        "vote": forms.OnsiteVoteForm(post if action == "vote" else None, motions=motions),
        "proxy": forms.ProxyForm(post if action == "proxy" else None),
        "minutes": forms.MinutesForm(post if action == "minutes" else None, initial={"minutes": meeting.minutes}),
        "resolution": forms.ResolutionForm(post if action == "resolution" else None),
    }
    if action in ("open", "close"):
        motion = get_object_or_404(meeting.motions, pk=request.POST.get("motion"))
        try:
            (motion_open if action == "open" else motion_close)(acting_user=request.user, motion=motion)
        except DomainError as refused:
            messages.error(request, refused.message)
        return redirect(request.path)
    if action == "follow_up":
        resolution = get_object_or_404(meeting.resolutions, pk=request.POST.get("resolution"))
        form = forms.FollowUpForm(request.POST)
        if form.is_valid():
            resolution_follow_up(acting_user=request.user, resolution=resolution, **form.cleaned_data)
            messages.success(request, _("已更新办理情况"))
        return redirect(request.path)
    form = page_forms.get(action)
    if form is not None and form.is_valid():
        try:
            _hold_action(request, meeting, action, form.cleaned_data)
        except (ValidationError, DomainError) as error:
            _refused(form, error)
        else:
            return redirect(request.path)
    rows = [{"motion": motion, "result": motion_result(motion=motion)} for motion in motions]
    return render(
        request,
        "deliberation/hold.html",
        {
            "meeting": meeting,
            "rows": rows,
            "forms": page_forms,
            "attendance": meeting.attendance.count(),
            "resolutions": meeting.resolutions.all(),
            "follow_up_form": forms.FollowUpForm(),
        },
    )


def _hold_action(request, meeting, action: str, data: dict) -> None:
    user = request.user
    if action == "motion":
        motion_add(acting_user=user, meeting=meeting, **data)
        messages.success(request, _("已添加表决事项"))
    elif action == "check_in":
        created = attendance_check_in(acting_user=user, meeting=meeting, id_number=data["id_number"])[1]
        messages.success(request, _("已签到") if created else _("此人已经签过到"))
    elif action == "vote":
        motion = get_object_or_404(meeting.motions, pk=data["motion"])
        attendee = meeting.attendance.filter(person__id_number=data["id_number"].strip().upper()).first()
        if attendee is None:
            raise DomainError(_("请先为投票人签到"), api_code="participation.not_checked_in")
        household = Household.objects.filter(pk=data["household"]).first() if data.get("household") else None
        vote_cast(
            acting_user=user, motion=motion, choice=data["choice"], person=attendee.person, for_household=household
        )
        messages.success(request, _("已记录现场投票"))
    elif action == "proxy":
        proxy_record(acting_user=user, meeting=meeting, **data)
        messages.success(request, _("已登记委托投票"))
    elif action == "minutes":
        minutes_record(acting_user=user, meeting=meeting, minutes=data["minutes"])
        messages.success(request, _("已保存会议纪要"))
    elif action == "resolution":
        resolution_add(acting_user=user, meeting=meeting, **data)
        messages.success(request, _("已添加决议"))
