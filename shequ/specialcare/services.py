"""Writes of special-group care: duty grants, records, care visits, the audit of every read, the
export and the daily reminders. Each change and each read writes its domain event in the same
transaction; no event names the person (the record's id leads to them, for those with the duty)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.accounts.models import User
from shequ.accounts.scope import covers
from shequ.core.audit import audit_actor
from shequ.core.events import event_record
from shequ.core.masking import mask_id_number
from shequ.core.text import note_clean
from shequ.core.xlsx import export_size_check, xlsx_write
from shequ.notifications.models import Notification
from shequ.notifications.services import notification_send
from shequ.regions.codes import is_within
from shequ.regions.models import Region
from shequ.residents.models import Person
from shequ.specialcare.groups import WITH_GUARDIAN, Group, visit_days
from shequ.specialcare.models import CareRecord, CareVisit, DutyGrant, RecordStatus, VisitKind
from shequ.specialcare.rules import DUTY_ROLES, manages_grants
from shequ.specialcare.selectors import care_record_list, visits_due_count


def _note(value: str, field_name: str) -> str:
    """A free-text field cleaned, its refusal put on the field."""
    try:
        return note_clean(value)
    except ValidationError as error:
        raise ValidationError({field_name: error.messages}) from error


# --- Duty grants -------------------------------------------------------------------------------------


def duty_grant_validate(
    *, user: User, region: Region, groups: list[str], starts_on: date, ends_on: date | None
) -> None:
    """ValidationError, by field, when the grant cannot be made (the admin's form asks before saving)."""
    errors = {}
    if user.role not in DUTY_ROLES or not user.is_active or not user.region_id:
        errors["user"] = [_("只能授予在岗的工作人员")]
    elif not covers(user, region):
        errors["region"] = [_("职责区域须在该工作人员所属区划之内")]
    if not groups or not set(groups) <= set(Group.values):
        errors["groups"] = [_("请选择至少一个特殊群体")]
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = [_("结束日期不能早于开始日期")]
    if errors:
        raise ValidationError(errors)


def duty_grant_create(
    *, user: User, region: Region, groups: list[str], starts_on: date, ends_on: date | None, acting_user: User
) -> DutyGrant:
    """Grant `user` the duty for `groups` within `region` (their own region or below)."""
    if not manages_grants(acting_user):
        raise PermissionDenied
    chosen = sorted(set(groups))
    duty_grant_validate(user=user, region=region, groups=chosen, starts_on=starts_on, ends_on=ends_on)
    with transaction.atomic(), audit_actor(acting_user):
        grant = DutyGrant.objects.create(
            user=user,
            region=region,
            scope_code=region.code,
            groups=chosen,
            starts_on=starts_on,
            ends_on=ends_on,
            granted_by=acting_user,
        )
        event_record(
            acting_user=acting_user,
            verb="specialcare.grant_created",
            target=grant,
            region_code=region.code,
            data={"user": user.pk, "groups": chosen, "starts_on": str(starts_on), "ends_on": str(ends_on or "")},
        )
    return grant


def duty_grant_revoke(*, grant: DutyGrant, reason: str, acting_user: User) -> DutyGrant:
    if not manages_grants(acting_user):
        raise PermissionDenied
    reason = _note(reason, "reason")
    if not reason:
        raise ValidationError({"reason": [_("请说明撤销理由")]})
    with transaction.atomic(), audit_actor(acting_user):
        grant = DutyGrant.objects.select_for_update().get(pk=grant.pk)
        if grant.revoked_at is not None:
            raise ValidationError(_("该职责已撤销"))
        grant.revoked_at, grant.revoked_by, grant.revoke_reason = timezone.now(), acting_user, reason
        grant.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        event_record(
            acting_user=acting_user,
            verb="specialcare.grant_revoked",
            target=grant,
            region_code=grant.scope_code,
            reason=reason,
        )
    return grant


# --- Records -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordData:
    group: str
    started_on: date
    responsible: User
    guardian_name: str = ""
    guardian_relation: str = ""
    guardian_phone: str = ""
    rehabilitation_service: str = ""
    supervision_starts_on: date | None = None
    supervision_ends_on: date | None = None
    notes: str = ""


def _covered(user: User, *, group: str, scope_code: str) -> bool:
    """Whether the user's duty covers a record of `group` at `scope_code` (it need not exist yet)."""
    if not user.region_id or not is_within(scope_code, user.region.code):
        return False
    grants = DutyGrant.objects.filter(user=user).active().values_list("groups", "scope_code")
    return any(group in groups and is_within(scope_code, code) for groups, code in grants)


def _record_validate(data: RecordData, *, person: Person, today: date) -> None:
    errors = {}
    if data.started_on > today:
        errors["started_on"] = [_("纳入日期不能晚于今天")]
    if not _covered(data.responsible, group=data.group, scope_code=person.scope_code):
        errors["responsible"] = [_("责任人须承担该群体在该区域的关爱职责")]
    if data.group in WITH_GUARDIAN and not data.guardian_name.strip():
        errors["guardian_name"] = [_("请填写监护人")]
    if data.group == Group.CORRECTION and not (data.supervision_starts_on and data.supervision_ends_on):
        errors["supervision_ends_on"] = [_("请填写矫正期起止日期")]
    if (
        data.supervision_starts_on
        and data.supervision_ends_on
        and data.supervision_ends_on < data.supervision_starts_on
    ):
        errors["supervision_ends_on"] = [_("矫正期止不能早于矫正期起")]
    if errors:
        raise ValidationError(errors)


def care_record_create(*, person: Person, data: RecordData, acting_user: User) -> CareRecord:
    """Register `person` under the care of a special group; the acting user's duty must cover it."""
    if not _covered(acting_user, group=data.group, scope_code=person.scope_code):
        raise PermissionDenied
    today = timezone.localdate()
    _record_validate(data, person=person, today=today)
    try:
        with transaction.atomic(), audit_actor(acting_user):
            record = CareRecord.objects.create(
                person=person,
                group=data.group,
                region_id=person.region_id,
                scope_code=person.scope_code,
                started_on=data.started_on,
                responsible=data.responsible,
                guardian_name=data.guardian_name.strip(),
                guardian_relation=data.guardian_relation.strip(),
                guardian_phone=data.guardian_phone.strip(),
                rehabilitation_service=data.rehabilitation_service.strip(),
                supervision_starts_on=data.supervision_starts_on,
                supervision_ends_on=data.supervision_ends_on,
                notes=_note(data.notes, "notes"),
                next_visit_due=data.started_on + timedelta(days=visit_days(data.group)),
                created_by=acting_user,
            )
            event_record(
                acting_user=acting_user,
                verb="specialcare.record_created",
                target=record,
                region_code=record.scope_code,
                data={"group": record.group},
            )
    except IntegrityError as error:
        raise ValidationError({"group": [_("该居民已在此群体的关爱名单中")]}) from error
    return record


def care_record_end(*, record: CareRecord, ended_on: date, reason: str, acting_user: User) -> CareRecord:
    """End the care (the sentence served, the child come of age, moved away); the record stays."""
    reason = _note(reason, "reason")
    errors = {}
    if not reason:
        errors["reason"] = [_("请说明结束原因")]
    if ended_on < record.started_on or ended_on > timezone.localdate():
        errors["ended_on"] = [_("结束日期须在纳入日期与今天之间")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), audit_actor(acting_user):
        record = CareRecord.objects.for_user(acting_user).select_for_update().filter(pk=record.pk).first()
        if record is None:
            raise PermissionDenied
        if record.status != RecordStatus.ACTIVE:
            raise ValidationError(_("该关爱记录已结束"))
        record.status, record.ended_on, record.end_reason = RecordStatus.ENDED, ended_on, reason
        record.save(update_fields=["status", "ended_on", "end_reason"])
        event_record(
            acting_user=acting_user,
            verb="specialcare.record_ended",
            target=record,
            region_code=record.scope_code,
            reason=reason,
            data={"ended_on": str(ended_on)},
        )
    return record


def care_visit_record(*, record: CareRecord, visited_on: date, kind: str, notes: str, acting_user: User) -> CareVisit:
    """Log a care visit; the next one is due the group's interval after the latest visit."""
    notes = _note(notes, "notes")
    errors = {}
    if kind not in VisitKind.values:
        errors["kind"] = [_("请选择走访方式")]
    if visited_on > timezone.localdate():
        errors["visited_on"] = [_("走访日期不能晚于今天")]
    elif visited_on < record.started_on:
        errors["visited_on"] = [_("走访日期不能早于纳入日期")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), audit_actor(acting_user):
        # Locked, so that two visits logged at once both count and the latest sets the next due date.
        record = CareRecord.objects.for_user(acting_user).select_for_update().filter(pk=record.pk).first()
        if record is None:
            raise PermissionDenied
        if record.status != RecordStatus.ACTIVE:
            raise ValidationError(_("该关爱记录已结束，不能再登记走访"))
        visit = CareVisit.objects.create(
            record=record, visited_on=visited_on, kind=kind, visitor=acting_user, notes=notes
        )
        if record.last_visited_on is None or visited_on > record.last_visited_on:
            record.last_visited_on = visited_on
            record.next_visit_due = visited_on + timedelta(days=visit_days(record.group))
            record.save(update_fields=["last_visited_on", "next_visit_due"])
        event_record(
            acting_user=acting_user,
            verb="specialcare.visit_recorded",
            target=record,
            region_code=record.scope_code,
            data={"visit": visit.pk, "visited_on": str(visited_on), "kind": kind},
        )
    return visit


# --- The audit of reads ------------------------------------------------------------------------------


def care_list_viewed(*, acting_user: User, channel: str, filters: dict, shown: list[CareRecord]) -> None:
    """Record that a list was read: by whom, through which page or API, with which filters, and
    which records it showed."""
    event_record(
        acting_user=acting_user,
        verb="specialcare.list_viewed",
        target=acting_user,
        region_code=acting_user.region.code if acting_user.region_id else "",
        data={"channel": channel, "filters": filters, "records": [record.pk for record in shown]},
    )


def care_record_viewed(*, record: CareRecord, acting_user: User, channel: str) -> None:
    event_record(
        acting_user=acting_user,
        verb="specialcare.record_viewed",
        target=record,
        region_code=record.scope_code,
        data={"channel": channel},
    )


EXPORT_HEADERS = [
    gettext_lazy("编号"),
    gettext_lazy("特殊群体"),
    gettext_lazy("姓名"),
    gettext_lazy("性别"),
    gettext_lazy("年龄"),
    gettext_lazy("身份证号"),
    gettext_lazy("村（社区）"),
    gettext_lazy("状态"),
    gettext_lazy("纳入日期"),
    gettext_lazy("责任人"),
    gettext_lazy("监护人"),
    gettext_lazy("社区康复服务"),
    gettext_lazy("矫正期止"),
    gettext_lazy("最近走访"),
    gettext_lazy("下次走访期限"),
]


def care_records_export(*, acting_user: User, group: str = "", due: str = ""):
    """The duty holder's records as a workbook (a temporary file) and its row count: masked ID
    numbers and ages, never a birth date beside them. Audited with the records it held."""
    rows = care_record_list(user=acting_user, group=group, due=due)
    export_size_check(rows)
    records = list(rows)
    headers = [str(header) for header in EXPORT_HEADERS]

    def lines():
        for record in records:
            person = record.person
            yield [
                record.pk,
                record.get_group_display(),
                person.name,
                person.get_gender_display(),
                person.age,
                mask_id_number(person.id_number),
                record.region.short_name,
                record.get_status_display(),
                record.started_on,
                record.responsible.get_full_name() or record.responsible.username,
                record.guardian_name,
                record.rehabilitation_service,
                record.supervision_ends_on,
                record.last_visited_on,
                record.next_visit_due,
            ]

    with transaction.atomic():
        file, count = xlsx_write(title=_("特殊群体关爱"), headers=headers, widths=[8, 18] + [14] * 13, rows=lines())
        event_record(
            acting_user=acting_user,
            verb="specialcare.exported",
            target=acting_user,
            region_code=acting_user.region.code if acting_user.region_id else "",
            data={"filters": {"group": group, "due": due}, "records": [record.pk for record in records]},
        )
    return file, count


# --- Reminders ---------------------------------------------------------------------------------------


def care_reminders_send(*, today: date | None = None) -> int:
    """Tell each duty holder how many care visits are due or overdue — a number, no names. Once a
    day per person (a second run the same day sends nothing)."""
    today = today or timezone.localdate()
    holders = User.objects.filter(is_active=True, care_duties__in=DutyGrant.objects.active(on=today)).distinct()
    sent = 0
    for user in holders:
        count = visits_due_count(user=user, today=today)
        if not count:
            continue
        day_start = timezone.make_aware(datetime.combine(today, time.min))
        already = Notification.objects.filter(
            Q(recipient=user) & Q(key="specialcare.visits_due") & Q(created_at__gte=day_start)
        )
        if already.exists():
            continue
        notification_send(
            user=user, key="specialcare.visits_due", params={"count": count}, link=reverse("specialcare:due")
        )
        sent += 1
    return sent
