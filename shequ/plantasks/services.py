"""Writes of the task matrix, work items, progress reports, major matters, responsibility lists and
entered scores. Each checks the acting user's permission, writes its audit event in the same
transaction, and sends notifications on commit."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.models import Role, User
from shequ.accounts.scope import covers
from shequ.core.audit import audit_actor
from shequ.core.errors import DomainError
from shequ.core.events import event_record
from shequ.core.text import note_clean, text_clean
from shequ.core.uploads import upload_check, uploads_check
from shequ.notifications.services import notification_send
from shequ.plantasks.catalogue import COUNTY
from shequ.plantasks.models import (
    CriterionSource,
    EnteredScore,
    MajorMatter,
    MajorMatterEvent,
    OverdueReminder,
    PlanTask,
    ProgressReport,
    ProgressReportEvent,
    ProgressReportFile,
    ResponsibilityList,
    ResponsibilityListVersion,
    ScoringCriterion,
    WorkItem,
)
from shequ.plantasks.periods import schedule_of
from shequ.plantasks.workflow import (
    EDITABLE,
    MATTER_WORKFLOW,
    REPORT_WORKFLOW,
    REPORTED,
    REPORTER,
    ReportStatus,
)
from shequ.regions.codes import Level
from shequ.regions.models import Region

MAX_FILES = 5
MAX_FIGURES = 10


@dataclass(frozen=True)
class Party:
    """A department (its code) or a township (its region)."""

    department: str = ""
    township: Region | None = None

    @property
    def scope_code(self) -> str:
        return self.township.code if self.township else ""


def party_of(user: User) -> Party | None:
    """The party a user speaks for: a county department's staff their department, a township's
    staff their township; None for everyone else."""
    if user.role == Role.COUNTY_STAFF and user.department:
        return Party(department=user.department)
    if user.role == Role.TOWNSHIP_STAFF and user.region_id:
        return Party(township=user.region)
    return None


def _party_fields(task: PlanTask, party: Party) -> dict:
    if party.township is not None:
        if party.township.level != Level.TOWNSHIP:
            raise ValidationError({"township": [_("请选择一个乡镇")]})
        if not task.townships:
            raise ValidationError({"township": [_("方案未将此项任务分工到各乡镇")]})
        return {"department": "", "township": party.township, "scope_code": party.township.code}
    if not task.departments.filter(department=party.department).exists():
        raise ValidationError({"department": [_("方案未将此项任务分工到该部门")]})
    return {"department": party.department, "township": None, "scope_code": task.county_code}


def _event(target, verb: str, acting_user: User, **data) -> None:
    event_record(acting_user=acting_user, verb=verb, target=target, region_code=target.scope_code, data=data)


def task_lead_mark(*, task: PlanTask, department: str, acting_user: User) -> PlanTask:
    """The county marks (or, with "", clears) the lead department of a task: one of its own."""
    if not acting_user.has_perm("plantasks.mark_lead"):
        raise PermissionDenied
    if department and not task.departments.filter(department=department).exists():
        raise ValidationError({"department": [_("牵头部门须是方案列明的责任部门之一")]})
    with transaction.atomic(), audit_actor(acting_user):
        previous, task.lead = task.lead, department
        task.save(update_fields=["lead"])
        event_record(
            acting_user=acting_user,
            verb="plan_task.lead_marked",
            target=task,
            region_code=task.county_code,
            data={"from": previous, "to": department},
        )
    return task


@dataclass
class ItemData:
    task: PlanTask
    year: int
    title: str
    target: str
    due_on: date
    party: Party


def work_item_create(*, data: ItemData, acting_user: User) -> WorkItem:
    """A yearly work item of a department or township on a task the plan gives it. A party adds its
    own; 民政局 and the county administrator add anyone's."""
    probe = WorkItem(department=data.party.department, township=data.party.township)
    if not acting_user.has_perm("plantasks.add_workitem", probe if party_of(acting_user) else None):
        raise PermissionDenied
    if data.party.township is not None and not covers(acting_user, data.party.township):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    fields = {}
    try:
        fields = _party_fields(data.task, data.party)
    except ValidationError as invalid:
        errors |= invalid.message_dict
    for name, value, limit in (("title", data.title, 100), ("target", data.target, 1000)):
        try:
            fields[name] = text_clean(value or "", multiline=name == "target", max_length=limit)
        except ValidationError as invalid:
            errors[name] = invalid.messages
        if not fields.get(name):
            errors.setdefault(name, [_("此项为必填项")])
    if data.due_on.year != data.year:
        errors["due_on"] = [_("完成时限应在 %(year)s 年内") % {"year": data.year}]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), audit_actor(acting_user):
        item = WorkItem.objects.create(
            task=data.task, year=data.year, due_on=data.due_on, created_by=acting_user, **fields
        )
        _event(item, "work_item.saved", acting_user, task=data.task.code, year=data.year)
    return item


@dataclass
class ReportData:
    text: str
    percent_done: int | None = None
    figures: list[tuple[str, Decimal, str]] = field(default_factory=list)


def _report_errors(data: ReportData) -> tuple[dict, str]:
    errors: dict[str, list[str]] = {}
    text = ""
    try:
        text = note_clean(data.text, max_length=4000).strip()
    except ValidationError as invalid:
        errors["text"] = invalid.messages
    if not text and "text" not in errors:
        errors["text"] = [_("请填写进展情况")]
    if data.percent_done is not None and not 0 <= data.percent_done <= 100:
        errors["percent_done"] = [_("完成进度应在 0 到 100 之间")]
    if len(data.figures) > MAX_FIGURES:
        errors["figures"] = [_("最多填写 %(count)s 项数据") % {"count": MAX_FIGURES}]
    return errors, text


def progress_report_save(
    *,
    item: WorkItem,
    period_index: int,
    data: ReportData,
    acting_user: User,
    files: list | None = None,
    submit: bool = False,
) -> ProgressReport:
    """Write (or correct, while a draft or returned) the report of one period of an item, with its
    attachments; `submit` hands it to 民政局 for review."""
    if not acting_user.has_perm("plantasks.write_progressreport", item):
        raise PermissionDenied
    periods = {period.index: period for period in schedule_of(item.year)}
    if period_index not in periods:
        raise ValidationError({"period_index": [_("没有这个报告期次")]})
    errors, text = _report_errors(data)
    try:
        checked_files = uploads_check(files or [], max_files=MAX_FILES)
    except ValidationError as invalid:
        errors |= invalid.message_dict
        checked_files = []
    if errors:
        raise ValidationError(errors)
    period = periods[period_index]
    with transaction.atomic(), audit_actor(acting_user):
        report = ProgressReport.objects.select_for_update().filter(item=item, period_index=period_index).first()
        if report is None:
            report = ProgressReport(
                item=item,
                period=period.kind,
                period_index=period_index,
                due_on=period.due_on,
                department=item.department,
                township=item.township,
                scope_code=item.scope_code,
                author=acting_user,
            )
        elif report.status not in EDITABLE:
            raise REPORT_WORKFLOW.forbid(_("该期进度报告已提交，不能再修改"))
        previous = report.status if report.pk else ""
        report.text, report.percent_done = text, data.percent_done
        report.figures = [[label, str(number), unit] for label, number, unit in data.figures]
        report.save()
        for checked in checked_files:
            ProgressReportFile.objects.create(
                report=report,
                file=checked.stored_file(),
                original_name=checked.display_name,
                content_type=checked.content_type,
                size=len(checked.content),
                uploaded_by=acting_user,
            )
        if not previous:
            ProgressReportEvent.objects.create(
                report=report, from_status="", to_status=report.status, actor=acting_user
            )
        _event(report, "progress_report.saved", acting_user, period=period_index, files=len(checked_files))
        if submit:
            report = _report_step(report, ReportStatus.SUBMITTED, acting_user, "")
    return report


def _report_step(report: ProgressReport, to: str, acting_user: User, note: str) -> ProgressReport:
    step = REPORT_WORKFLOW.step_for(report.status, to)
    previous, now = report.status, timezone.now()
    report.status = to
    if to == ReportStatus.SUBMITTED:
        report.submitted_at = now
        report.first_submitted_at = report.first_submitted_at or now
    else:
        report.reviewed_at, report.review_note = now, note
    report.save()
    ProgressReportEvent.objects.create(report=report, from_status=previous, to_status=to, actor=acting_user, note=note)
    _event(report, f"progress_report.{to}", acting_user, period=report.period_index, note=note)
    if to == ReportStatus.RETURNED and step.by != REPORTER:
        params = {
            "task": report.item.task.number,
            "period": f"{report.item.year}:{report.period}-{report.period_index}",
        }
        for user in party_users(department=report.department, township_id=report.township_id):
            notification_send(
                user=user, key="plantasks.report_returned", params=params | {"note": note}, link=_item_link(report.item)
            )
    return report


def progress_report_transition(*, report: ProgressReport, to: str, acting_user: User, note: str = "") -> ProgressReport:
    """Submit (the party) or review (民政局: accept, or return with a reason) a report, as the table
    allows; TransitionForbidden (409) for a step it does not have."""
    step = REPORT_WORKFLOW.step_for(report.status, to)
    permission = "plantasks.write_progressreport" if step.by == REPORTER else "plantasks.review_progressreport"
    if not acting_user.has_perm(permission, report):
        raise PermissionDenied
    note = note_clean(note).strip()
    if "reason" in step.requires and not note:
        raise ValidationError({"note": [_("请填写%(label)s") % {"label": step.note_label}]})
    with transaction.atomic(), audit_actor(acting_user):
        report = ProgressReport.objects.select_for_update().select_related("item__task").get(pk=report.pk)
        REPORT_WORKFLOW.step_for(report.status, to)  # again, under the lock
        return _report_step(report, to, acting_user, note)


def party_users(*, department: str, township_id: int | None):
    users = User.objects.filter(is_active=True)
    if department:
        return users.filter(role=Role.COUNTY_STAFF, department=department)
    return users.filter(role=Role.TOWNSHIP_STAFF, region_id=township_id)


def _item_link(item: WorkItem) -> str:
    from django.urls import reverse

    return reverse("plantasks:item", args=[item.pk])


def overdue_reminders_send(*, today: date | None = None) -> int:
    """Remind the party of every item whose period's report is past due and not submitted, once per
    item and period (OverdueReminder's constraint: a second run, even a concurrent one, sends
    nothing again). Returns how many reminders were recorded."""
    today = today or timezone.localdate()
    sent = 0
    for year in (today.year - 1, today.year):
        due = [period for period in schedule_of(year) if period.due_on < today]
        if not due:
            continue
        items = WorkItem.objects.filter(year=year).select_related("task")
        reported = set(
            ProgressReport.objects.filter(item__year=year, status__in=REPORTED).values_list("item_id", "period_index")
        )
        reminded = set(OverdueReminder.objects.filter(item__year=year).values_list("item_id", "period_index"))
        for item in items:
            for period in due:
                key = (item.pk, period.index)
                if key in reported or key in reminded:
                    continue
                sent += _remind(item, period, year)
    return sent


def _remind(item: WorkItem, period, year: int) -> int:
    recipients = list(party_users(department=item.department, township_id=item.township_id))
    try:
        with transaction.atomic():
            OverdueReminder.objects.create(item=item, period_index=period.index, recipients=len(recipients))
            params = {"task": item.task.number, "period": f"{year}:{period.code}", "due": period.due_on.isoformat()}
            for user in recipients:
                notification_send(user=user, key="plantasks.report_overdue", params=params, link=_item_link(item))
    except IntegrityError:  # another run recorded it first
        return 0
    return 1


@dataclass
class MatterData:
    title: str
    description: str
    occurred_on: date


def major_matter_report(*, data: MatterData, acting_user: User, now: datetime | None = None) -> MajorMatter:
    """A department or township reports a major matter upward (to 民政局 and the county)."""
    party = party_of(acting_user)
    if party is None or not acting_user.has_perm("plantasks.add_majormatter"):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    values = {}
    for name, value, multiline, limit in (
        ("title", data.title, False, 100),
        ("description", data.description, True, 4000),
    ):
        try:
            values[name] = text_clean(value or "", multiline=multiline, max_length=limit)
        except ValidationError as invalid:
            errors[name] = invalid.messages
        if not values.get(name):
            errors.setdefault(name, [_("此项为必填项")])
    if data.occurred_on > (now or timezone.now()).date():
        errors["occurred_on"] = [_("发生日期不能晚于今天")]
    if errors:
        raise ValidationError(errors)
    scope_code = party.township.code if party.township else COUNTY
    with transaction.atomic(), audit_actor(acting_user):
        matter = MajorMatter.objects.create(
            department=party.department,
            township=party.township,
            scope_code=scope_code,
            occurred_on=data.occurred_on,
            reported_by=acting_user,
            **values,
        )
        MajorMatterEvent.objects.create(matter=matter, from_status="", to_status=matter.status, actor=acting_user)
        _event(matter, "major_matter.reported", acting_user)
    return matter


def major_matter_update(*, matter: MajorMatter, to: str, note: str, acting_user: User) -> MajorMatter:
    """The reporting party records how the matter is being handled, or closes it."""
    step = MATTER_WORKFLOW.step_for(matter.status, to)
    if not acting_user.has_perm("plantasks.change_majormatter", matter):
        raise PermissionDenied
    note = note_clean(note).strip()
    if "reason" in step.requires and not note:
        raise ValidationError({"note": [_("请填写%(label)s") % {"label": step.note_label}]})
    with transaction.atomic(), audit_actor(acting_user):
        matter = MajorMatter.objects.select_for_update().get(pk=matter.pk)
        MATTER_WORKFLOW.step_for(matter.status, to)
        previous, matter.status, matter.handling = matter.status, to, note
        matter.save(update_fields=["status", "handling"])
        MajorMatterEvent.objects.create(matter=matter, from_status=previous, to_status=to, actor=acting_user, note=note)
        _event(matter, "major_matter.updated", acting_user, to=to)
    return matter


def responsibility_version_add(
    *, region: Region, upload, effective_on: date, note: str, acting_user: User
) -> ResponsibilityListVersion:
    """A new version of the responsibility list of a township or village-level unit within the
    user's region. It supersedes the version before it from its effective date."""
    from django.conf import settings

    if region.level not in (Level.TOWNSHIP, Level.VILLAGE):
        raise ValidationError({"region": [_("权责清单属于乡镇或村（社区）")]})
    if not covers(acting_user, region) or not acting_user.has_perm("plantasks.add_responsibilitylistversion"):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    checked = None
    try:
        checked = upload_check(upload, max_bytes=settings.UPLOAD_MAX_BYTES)
    except ValidationError as invalid:
        errors["file"] = invalid.messages
    try:
        note = text_clean(note or "", max_length=200)
    except ValidationError as invalid:
        errors["note"] = invalid.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), audit_actor(acting_user):
        listing, _created = ResponsibilityList.objects.get_or_create(
            region=region, defaults={"scope_code": region.code}
        )
        listing = ResponsibilityList.objects.select_for_update().get(pk=listing.pk)
        if listing.versions.filter(effective_on=effective_on).exists():
            raise ValidationError({"effective_on": [_("该日期已有生效的版本")]})
        number = (listing.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        version = ResponsibilityListVersion.objects.create(
            responsibility_list=listing,
            number=number,
            effective_on=effective_on,
            note=note,
            file=checked.stored_file(),
            original_name=checked.display_name,
            content_type=checked.content_type,
            size=len(checked.content),
            uploaded_by=acting_user,
        )
        event_record(
            acting_user=acting_user,
            verb="responsibility_list.version_added",
            target=version,
            region_code=region.code,
            data={"number": number, "effective_on": effective_on.isoformat()},
        )
    return version


class NotEntered(DomainError):
    api_code = "plantasks.criterion_computed"


def score_enter(
    *, criterion: ScoringCriterion, year: int, party: Party, points: Decimal, reason: str, acting_user: User
) -> EnteredScore:
    """A reviewer's score (0–100) of a party on an entered criterion, with the reason; entering it
    again replaces it (the audit log keeps the earlier one)."""
    if not acting_user.has_perm("plantasks.enter_score"):
        raise PermissionDenied
    if criterion.source != CriterionSource.ENTERED:
        raise NotEntered(_("该评分项由系统计算，不能手工录入"))
    errors: dict[str, list[str]] = {}
    if points is None or not Decimal(0) <= points <= Decimal(100):
        errors["points"] = [_("得分应在 0 到 100 之间")]
    try:
        reason = note_clean(reason, max_length=1000).strip()
    except ValidationError as invalid:
        errors["reason"] = invalid.messages
    if not reason and "reason" not in errors:
        errors["reason"] = [_("请填写评分理由")]
    if errors:
        raise ValidationError(errors)
    scope_code = party.township.code if party.township else COUNTY
    with transaction.atomic(), audit_actor(acting_user):
        score, _created = EnteredScore.objects.select_for_update().update_or_create(
            year=year,
            criterion=criterion,
            department=party.department,
            township=party.township,
            defaults={"points": points, "reason": reason, "entered_by": acting_user, "scope_code": scope_code},
        )
        _event(score, "score.entered", acting_user, criterion=criterion.code, year=year, points=str(points))
    return score
