"""Writes of community life: publishing notices and recording their reads, keeping the policy
library (and its search index), and the questions residents ask. Each change writes its domain
event in its transaction; messages and SMS go after commit."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.models import Role, User
from shequ.accounts.scope import covers
from shequ.core.errors import DomainError
from shequ.core.events import event_record
from shequ.core.workdays import UnknownCalendarYear
from shequ.core.workflow import workday_deadline_at
from shequ.notifications.services import notification_send
from shequ.notifications.sms import SmsMessage, sms_backend
from shequ.participation import search
from shequ.participation.audiences import audience_accounts, is_addressed_to, reader_code
from shequ.participation.models import Audience, Notice, NoticeRead, Policy, Question, QuestionHistory
from shequ.participation.rules import can_handle_question
from shequ.participation.workflow import ASKER, HANDLER, QUESTION_WORKFLOW, QuestionStatus
from shequ.regions.codes import Level, level_of, unit_of
from shequ.residents.choices import CareTag


class NotAddressed(DomainError):
    api_status = 404
    api_code = "participation.not_addressed"


def notice_publish(
    *,
    acting_user: User,
    region,
    title: str = "",
    body: str = "",
    title_ug: str = "",
    body_ug: str = "",
    audience: str = Audience.RESIDENTS,
    care_tag: str = "",
    pinned: bool = False,
    urgent: bool = False,
    expires_at=None,
    is_demo: bool = False,
) -> Notice:
    """Publish a notice to `region` (within the publisher's own) and `audience`; an urgent one also
    goes by SMS to the addressed accounts with a phone (its title only, after commit)."""
    if not (acting_user.is_superuser or acting_user.is_staff_role) or not covers(acting_user, region):
        raise PermissionDenied
    errors = {}
    if not (title and body) and not (title_ug and body_ug):
        errors["title"] = _("请至少用一种语言填写标题和正文")
    if audience == Audience.CARE_TAGGED and care_tag and care_tag not in CareTag.values:
        errors["care_tag"] = _("关爱标签无效")
    if audience != Audience.CARE_TAGGED and care_tag:
        errors["care_tag"] = _("只有发给有关爱标签的家庭时才能选择关爱标签")
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = _("截止时间必须晚于现在")
    if errors:
        raise ValidationError(errors)
    languages = "both" if (title and title_ug) else ("ug" if title_ug and not title else "zh-hans")
    with transaction.atomic():
        notice = Notice.objects.create(
            title=title,
            body=body,
            title_ug=title_ug,
            body_ug=body_ug,
            languages=languages,
            region=region,
            scope_code=region.code,
            audience=audience,
            care_tag=care_tag,
            pinned=pinned,
            urgent=urgent,
            expires_at=expires_at,
            publisher=acting_user,
            is_demo=is_demo,
        )
        event_record(
            acting_user=acting_user,
            verb="notice.published",
            target=notice,
            region_code=region.code,
            data={"audience": audience, "urgent": urgent, "pinned": pinned},
        )
        if urgent:
            _urgent_sms_on_commit(notice)
    return notice


def _urgent_sms_on_commit(notice: Notice) -> None:
    title = {"": notice.title or notice.title_ug, "ug": notice.title_ug or notice.title}

    def send():
        recipients = audience_accounts(notice).exclude(phone="").values_list("phone", "language")
        messages = [
            SmsMessage(phone=phone, key="participation.urgent_notice", params={"title": title}, language=language)
            for phone, language in recipients.iterator()
        ]
        if messages:
            sms_backend().send_messages(messages)

    transaction.on_commit(send, robust=True)


def notice_withdraw(*, notice: Notice, acting_user: User) -> Notice:
    """End a notice now (it stays in the publisher's list with its reach)."""
    if not Notice.objects.for_user(acting_user).filter(pk=notice.pk).exists():
        raise PermissionDenied
    with transaction.atomic():
        notice.expires_at = timezone.now()
        notice.save(update_fields=["expires_at"])
        event_record(acting_user=acting_user, verb="notice.withdrawn", target=notice, region_code=notice.scope_code)
    return notice


def notice_read(*, notice: Notice, acting_user: User) -> bool:
    """Record that an addressed reader opened the notice (once); True when this was the first time.
    A receipt is a fact about the reader, not a change of the notice: it writes no domain event."""
    if not is_addressed_to(notice, acting_user):
        raise NotAddressed(_("这条通知不是发给您的"))
    code = reader_code(acting_user)
    unit = unit_of(code) if level_of(code) in (Level.VILLAGE, Level.GRID) else code
    try:
        with transaction.atomic():
            NoticeRead.objects.create(notice=notice, reader=acting_user, unit_code=unit)
    except IntegrityError:
        return False
    return True


def _policy_check(*, acting_user: User) -> None:
    if not (acting_user.is_superuser or acting_user.role in (Role.COUNTY_ADMIN, Role.COUNTY_STAFF)):
        raise PermissionDenied


def policy_create(*, acting_user: User, title: str, body: str, **fields) -> Policy:
    """Add a policy document or FAQ entry and index it for search (county staff)."""
    _policy_check(acting_user=acting_user)
    with transaction.atomic():
        policy = Policy.objects.create(title=title, body=body, **fields)
        search.policy_index(policy_id=policy.pk, title=_searchable_title(policy), body=_searchable_body(policy))
        event_record(acting_user=acting_user, verb="policy.created", target=policy)
    return policy


def policy_update(*, policy: Policy, acting_user: User, **fields) -> Policy:
    _policy_check(acting_user=acting_user)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(policy, name, value)
        policy.full_clean()
        policy.save()
        search.policy_index(policy_id=policy.pk, title=_searchable_title(policy), body=_searchable_body(policy))
        event_record(acting_user=acting_user, verb="policy.updated", target=policy, data={"fields": sorted(fields)})
    return policy


def _searchable_title(policy: Policy) -> str:
    return f"{policy.title} {policy.title_ug} {policy.document_number}"


def _searchable_body(policy: Policy) -> str:
    return f"{policy.body} {policy.body_ug}"


def _answer_due(asked_at: datetime) -> tuple[datetime | None, int | None]:
    """The answer's due time, or None with the year whose holidays are not entered yet."""
    try:
        return workday_deadline_at(asked_at, settings.QUESTION_ANSWER_DAYS), None
    except UnknownCalendarYear as unknown:
        return None, unknown.year


def questions_reschedule(*, year: int) -> int:
    """Compute the due times that waited for `year`'s holiday schedule."""
    changed = 0
    for question in Question.objects.filter(calendar_missing=year):
        question.due_at, question.calendar_missing = _answer_due(question.asked_at)
        question.save(update_fields=["due_at", "calendar_missing"])
        changed += 1
    return changed


def question_ask(
    *, acting_user: User, text: str, department: str = "", policy: Policy | None = None, public: bool = False
) -> Question:
    """A resident asks, at any hour. The question goes to `department` when the asker (or the
    policy asked about) names one, else to the asker's unit; either way the unit's staff see it.
    It is due QUESTION_ANSWER_DAYS working days later, at the same time of day."""
    person = getattr(acting_user, "person", None)
    if acting_user.role != Role.RESIDENT or person is None:
        raise PermissionDenied
    text = text.strip()
    if len(text) < 5:
        raise ValidationError({"text": _("请把问题写清楚（至少5个字）")})
    department = department or (policy.department if policy is not None else "")
    now = timezone.now()
    due_at, missing = _answer_due(now)
    with transaction.atomic():
        question = Question.objects.create(
            asker=acting_user,
            asker_household_id=person.household_id,
            scope_code=person.region.code,
            department=department,
            policy=policy,
            text=text,
            public=public,
            due_at=due_at,
            calendar_missing=missing,
        )
        QuestionHistory.objects.create(question=question, actor=acting_user, to_status=QuestionStatus.ASKED)
        event_record(
            acting_user=acting_user,
            verb="question.asked",
            target=question,
            region_code=question.scope_code,
            data={"department": department},
        )
        for handler in _handlers(question):
            notification_send(
                user=handler,
                key="participation.question_asked",
                params={"number": question.pk, "due": due_at.date().isoformat() if due_at else "—"},
                link=f"/work/questions/{question.pk}/",
            )
    return question


def _handlers(question: Question):
    """Who is told of a new question: the county department's staff it is routed to, else the
    workers of the asker's unit."""
    if question.department:
        return User.objects.filter(is_active=True, role=Role.COUNTY_STAFF, department=question.department)
    return User.objects.filter(is_active=True, role=Role.VILLAGE_WORKER, region__code=question.scope_code)


def question_answer(*, question: Question, acting_user: User, answer: str, public: bool | None = None) -> Question:
    """Answer a question in the handler's scope. The asker chose whether it may be published; the
    handler may only keep a public one private (never the reverse)."""
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("请填写答复内容")})
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question.pk)
        if not can_handle_question(acting_user, question):
            raise PermissionDenied
        QUESTION_WORKFLOW.step_for(question.status, QuestionStatus.ANSWERED)
        _transition(question, QuestionStatus.ANSWERED, acting_user, note=answer, by=HANDLER)
        question.answer, question.answered_by, question.answered_at = answer, acting_user, timezone.now()
        if public is False:
            question.public = False
        question.save(update_fields=["status", "answer", "answered_by", "answered_at", "public"])
        notification_send(
            user=question.asker,
            key="participation.question_answered",
            params={"number": question.pk},
            link=f"/questions/{question.pk}/",
        )
    return question


def question_rate(*, question: Question, acting_user: User, score: int, note: str = "") -> Question:
    """The asker rates the answer (1–5), once."""
    if not 1 <= score <= 5:
        raise ValidationError({"score": _("评分应为1到5")})
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question.pk)
        if question.asker_id != acting_user.pk:
            raise PermissionDenied
        QUESTION_WORKFLOW.step_for(question.status, QuestionStatus.RATED)
        _transition(question, QuestionStatus.RATED, acting_user, note=note, by=ASKER, data={"score": score})
        question.score, question.score_note = score, note.strip()
        question.save(update_fields=["status", "score", "score_note"])
    return question


def _transition(question: Question, to: str, acting_user: User, *, note: str, by: str, data=None) -> None:
    step = QUESTION_WORKFLOW.step_for(question.status, to)
    assert step.by == by
    QuestionHistory.objects.create(
        question=question, actor=acting_user, from_status=question.status, to_status=to, note=note, data=data or {}
    )
    event_record(
        acting_user=acting_user,
        verb="question.transitioned",
        target=question,
        region_code=question.scope_code,
        data={"from": question.status, "to": to, **(data or {})},
    )
    question.status = to
