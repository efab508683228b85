"""Writes of grid incidents: reporting (by a resident, a grid worker on patrol, staff on the
hotline, a referral from above), every step of the workflow, the escalation of overdue cases, the
hand-over to the 警务室, and patrols with their findings."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.models import Department, Role, User
from shequ.accounts.scope import covers
from shequ.core.audit import audit_actor
from shequ.core.events import event_record
from shequ.core.text import note_clean, text_clean
from shequ.core.uploads import CheckedFile, uploads_check
from shequ.core.workdays import UnknownCalendarYear
from shequ.core.workflow import workday_deadline_at
from shequ.grids.selectors import police_officers_for_unit
from shequ.incidents.models import (
    Category,
    FileStage,
    HandledAt,
    Incident,
    IncidentEvent,
    IncidentFile,
    LimitUnit,
    Patrol,
    PatrolFinding,
    PoliceHandover,
    RoutingRule,
    Source,
)
from shequ.incidents.rules import is_dispatcher, may_take
from shequ.incidents.workflow import INCIDENT_WORKFLOW, Move, Status
from shequ.notifications.messages import localized_param
from shequ.notifications.services import notification_send
from shequ.regions.codes import Level
from shequ.regions.models import Region
from shequ.residents.selectors import own_person

MAX_FILES = 6
WARN_AT = 0.8
DESCRIPTION_MAX = 2000


def _deadline(category: Category, start: datetime) -> tuple[datetime | None, datetime | None, int | None]:
    """Due and warning times of a case started at `start`: hours on the clock, or working days that
    keep the time of day; None (with the missing year) while the year's holidays are unknown."""
    if category.time_limit_unit == LimitUnit.HOURS:
        due = start + timedelta(hours=category.time_limit)
    else:
        try:
            due = workday_deadline_at(start, category.time_limit)
        except UnknownCalendarYear as unknown:
            return None, None, unknown.year
    return due, start + (due - start) * WARN_AT, None


def incident_route(*, category: Category, region: Region) -> tuple[str, Region | None]:
    """Where a case of `category` in `region` (a unit or a grid) goes: (department, unit) — a county
    department, or the unit or its township. The most specific routing rule wins."""
    code = region.code
    rules = [rule for rule in RoutingRule.objects.filter(category=category) if code.startswith(rule.region_code)]
    rule = max(rules, key=lambda rule: len(rule.region_code), default=None)
    handled_at = rule.handled_at if rule else category.handled_at
    department = (rule.department if rule else "") or category.department
    unit = region.parent if region.level == Level.GRID else region
    if handled_at == HandledAt.DEPARTMENT:
        return department, None
    if handled_at == HandledAt.TOWNSHIP:
        return "", unit.parent
    return "", unit


def _files_save(incident: Incident, checked: list[CheckedFile], stage: str, acting_user: User) -> None:
    for upload in checked:
        IncidentFile.objects.create(
            incident=incident,
            stage=stage,
            file=upload.stored_file(),
            original_name=upload.display_name,
            content_type=upload.content_type,
            size=len(upload.content),
            uploaded_by=acting_user,
        )


def _place(acting_user: User, region: Region | None) -> tuple[Region, Region | None]:
    """The unit and grid of a new case: the resident's own, the grid worker's grid, or the region
    staff named (a unit or a grid within their scope)."""
    person = own_person(acting_user)
    if person is not None and region is None:
        return person.region, person.grid
    if region is None and acting_user.role == Role.GRID_WORKER:
        region = acting_user.region
    if region is None:
        raise ValidationError({"region": [_("请选择事件所在的村（社区）或网格")]})
    if region.level not in (Level.VILLAGE, Level.GRID):
        raise ValidationError({"region": [_("请选择村（社区）或网格")]})
    if person is None and not covers(acting_user, region):
        raise PermissionDenied
    if region.level == Level.GRID:
        return region.parent, region
    return region, None


def _source_of(acting_user: User, source: str | None) -> str:
    if acting_user.role == Role.RESIDENT:
        return Source.RESIDENT
    if source in Source.values and source != Source.RESIDENT:
        return source
    return Source.PATROL if acting_user.role == Role.GRID_WORKER else Source.HOTLINE


def incident_report(
    *,
    category: Category,
    description: str,
    acting_user: User,
    region: Region | None = None,
    location: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    source: str | None = None,
    files: list[UploadedFile] | None = None,
    now: datetime | None = None,
) -> Incident:
    """File a case: a resident in their own unit and grid (the region may name where it is when
    that is elsewhere), a grid worker in their grid, staff anywhere within their scope."""
    if acting_user.role == Role.RESIDENT and own_person(acting_user) is None:
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if category.parent_id is None or not category.active:
        errors["category"] = [_("请选择具体的事件类别")]
    try:
        description = note_clean(description, max_length=DESCRIPTION_MAX)
    except ValidationError as invalid:
        errors["description"] = invalid.messages
    if not errors.get("description") and not description:
        errors["description"] = [_("请描述事件情况")]
    try:
        location = text_clean(location or "", max_length=200)
    except ValidationError as invalid:
        errors["location"] = invalid.messages
    if (latitude is None) != (longitude is None):
        errors["location"] = [_("经纬度需同时填写")]
    try:
        unit, grid = _place(acting_user, region)
    except ValidationError as invalid:
        errors |= invalid.message_dict
        unit = grid = None
    if errors:
        raise ValidationError(errors)
    checked = uploads_check(files or [], max_files=MAX_FILES)
    now = now or timezone.now()
    due_at, warn_at, missing = _deadline(category, now)
    with transaction.atomic(), audit_actor(acting_user):
        incident = Incident.objects.create(
            category=category,
            description=description,
            source=_source_of(acting_user, source),
            region=unit,
            grid=grid,
            scope_code=(grid or unit).code,
            location=location,
            latitude=latitude,
            longitude=longitude,
            reported_by=acting_user,
            reporter_person=own_person(acting_user),
            reported_at=now,
            due_at=due_at,
            warn_at=warn_at,
            calendar_missing=missing,
            police=category.police,
        )
        _files_save(incident, checked, FileStage.REPORT, acting_user)
        IncidentEvent.objects.create(incident=incident, actor=acting_user, to_status=Status.REPORTED)
        event_record(
            acting_user=acting_user,
            verb="incident.reported",
            target=incident,
            region_code=incident.scope_code,
            data={"category": category.code, "source": incident.source},
        )
    return incident


def _link(incident: Incident) -> str:
    return reverse("incidents:work-detail", args=[incident.pk])


def _params(incident: Incident, **more) -> dict:
    return {"id": incident.pk, "category": localized_param(incident.category, "name")} | more


def _handlers(incident: Incident) -> list[User]:
    users = User.objects.filter(is_active=True)
    if incident.assigned_department:
        return list(users.filter(role=Role.COUNTY_STAFF, department=incident.assigned_department))
    if incident.assigned_unit_id:
        role = Role.TOWNSHIP_STAFF if incident.assigned_unit.level == Level.TOWNSHIP else Role.VILLAGE_WORKER
        return list(users.filter(role=role, region_id=incident.assigned_unit_id))
    return []


def _verifiers(incident: Incident) -> list[User]:
    users = User.objects.filter(is_active=True)
    if incident.grid_id:
        found = list(users.filter(role=Role.GRID_WORKER, region_id=incident.grid_id))
        if found:
            return found
    return list(users.filter(role=Role.VILLAGE_WORKER, region_id=incident.region_id))


def _dispatchers(incident: Incident) -> list[User]:
    return list(User.objects.filter(is_active=True, role=Role.VILLAGE_WORKER, region_id=incident.region_id))


def _police_officers(unit: Region) -> list[User]:
    """The unit's 警务室 officers who have accounts; the county police bureau's staff while the
    roster has none."""
    officers = [
        member.user for member in police_officers_for_unit(unit=unit) if member.user_id and member.user.is_active
    ]
    if officers:
        return list(dict.fromkeys(officers))
    return list(User.objects.filter(is_active=True, role=Role.COUNTY_STAFF, department=Department.PUBLIC_SECURITY))


def _dispatch(incident: Incident, acting_user: User, department: str | None, unit: Region | None, now) -> dict:
    """Send the case where the routing rules say, or where the dispatcher chose; a police matter is
    handed to the unit's 警务室 with a record."""
    routed_department, routed_unit = incident_route(category=incident.category, region=incident.grid or incident.region)
    if department or unit:
        if department and department not in Department.values:
            raise ValidationError({"department": [_("无效的部门")]})
        if unit is not None and (
            unit.level not in (Level.VILLAGE, Level.TOWNSHIP) or not incident.scope_code.startswith(unit.code)
        ):
            raise ValidationError({"unit": [_("只能派遣给事件所在的村（社区）或乡镇")]})
        routed_department, routed_unit = department or "", (None if department else unit)
    incident.assigned_department, incident.assigned_unit = routed_department, routed_unit
    if incident.police and not hasattr(incident, "police_handover"):
        PoliceHandover.objects.create(incident=incident, unit=incident.region, handed_by=acting_user)
        event_record(
            acting_user=acting_user, verb="incident.police_handover", target=incident, region_code=incident.scope_code
        )
        for officer in _police_officers(incident.region):
            notification_send(
                user=officer, key="incidents.police_handover", params=_params(incident, note=""), link=_link(incident)
            )
    return {"department": routed_department, "unit": routed_unit.code if routed_unit else ""}


def _step_errors(step, note: str, until: datetime | None, incident: Incident) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if "reason" in step.requires and not note:
        errors["note"] = [_("请填写%(label)s") % {"label": step.note_label or _("说明")}]
    if "until" in step.requires:
        if until is None:
            errors["until"] = [_("请填写延期后的期限")]
        elif incident.due_at and until <= incident.due_at:
            errors["until"] = [_("延期后的期限须晚于原期限")]
    return errors


def incident_transition(
    *,
    incident: Incident,
    acting_user: User,
    to: str,
    note: str = "",
    department: str | None = None,
    unit: Region | None = None,
    until: datetime | None = None,
    files: list[UploadedFile] | None = None,
    now: datetime | None = None,
) -> Incident:
    """Take one step of the table. TransitionForbidden (409) for a step the table does not have or
    the user may not take; ValidationError when what the step carries is missing or wrong."""
    now = now or timezone.now()
    try:
        note = note_clean(note)
    except ValidationError as invalid:
        raise ValidationError({"note": invalid.messages}) from invalid
    with transaction.atomic(), audit_actor(acting_user):
        incident = (
            Incident.objects.select_for_update(of=("self",))
            .select_related("category", "region", "assigned_unit")
            .get(pk=incident.pk)
        )
        current = incident.status
        step = INCIDENT_WORKFLOW.step_for(current, to)
        if not may_take(acting_user, incident, step.by):
            raise INCIDENT_WORKFLOW.forbid(_("您不能对此事件执行“%(step)s”") % {"step": step.label})
        if current == Status.SUSPENDED and to != incident.suspended_from:
            raise INCIDENT_WORKFLOW.forbid(
                _("挂起的事件只能恢复到挂起前的状态“%(status)s”") % {"status": Status(incident.suspended_from).label}
            )
        if to == Move.EXTENSION_REQUESTED and incident.extension_until:
            raise INCIDENT_WORKFLOW.forbid(_("已有待审批的延期申请"))
        if to in (Move.EXTENSION_GRANTED, Move.EXTENSION_REFUSED) and not incident.extension_until:
            raise INCIDENT_WORKFLOW.forbid(_("没有待审批的延期申请"))
        errors = _step_errors(step, note, until, incident)
        if errors:
            raise ValidationError(errors)
        checked = uploads_check(files or [], max_files=MAX_FILES) if to == Status.HANDLED else []
        data = _apply(incident, acting_user, current, to, until, department, unit, now)
        _files_save(incident, checked, FileStage.HANDLED, acting_user)
        incident.status = INCIDENT_WORKFLOW.status_after(current, to)
        incident.save()
        IncidentEvent.objects.create(
            incident=incident,
            actor=acting_user,
            from_status=current,
            to_status=incident.status,
            move="" if to in Status.values else to,
            note=note,
            data=data,
        )
        event_record(
            acting_user=acting_user,
            verb="incident.transitioned",
            target=incident,
            region_code=incident.scope_code,
            reason=note,
            data={"from": current, "to": to} | data,
        )
        _notify(incident, current, to, note)
    return incident


def _apply(incident, acting_user, current, to, until, department, unit, now) -> dict:
    """What a step changes besides the status; returns what the history keeps of it."""
    data: dict = {}
    if to == Status.DISPATCHED:
        data = _dispatch(incident, acting_user, department, unit, now)
    elif to == Status.REGISTERED and current in (Status.DISPATCHED, Status.HANDLING):
        incident.assigned_department, incident.assigned_unit = "", None  # back to the dispatcher
    elif to == Status.HANDLED:
        incident.handled_by = acting_user
    elif to == Status.CLOSED:
        incident.closed_at = now
    elif to == Status.SUSPENDED:
        incident.suspended_from, incident.suspended_at = current, now
    elif current == Status.SUSPENDED:
        # The clock stood still while suspended: the due times move by as long.
        paused = now - incident.suspended_at
        if incident.due_at:
            incident.due_at += paused
            incident.warn_at += paused
        data = {"paused_hours": round(paused.total_seconds() / 3600, 1)}
        incident.suspended_from, incident.suspended_at = "", None
    elif to == Move.EXTENSION_REQUESTED:
        incident.extension_until = until
        data = {"until": until.isoformat()}
    elif to == Move.EXTENSION_GRANTED:
        data = {
            "from": incident.due_at.isoformat() if incident.due_at else None,
            "until": incident.extension_until.isoformat(),
        }
        incident.due_at, incident.warn_at = incident.extension_until, incident.extension_until
        incident.extension_until = None
        incident.escalation_level, incident.escalated_at = 0, None
    elif to == Move.EXTENSION_REFUSED:
        incident.extension_until = None
    return data


def _notify(incident: Incident, current: str, to: str, note: str) -> None:
    account = incident.reporter_person.account if incident.reporter_person_id else None
    if account is not None and to in Status.values:
        notification_send(
            user=account,
            key="incidents.transitioned",
            params={"id": incident.pk, "status": to, "note": note},
            link=reverse("incidents:mine-detail", args=[incident.pk]),
        )
    if to == Status.DISPATCHED:
        due = timezone.localtime(incident.due_at).strftime("%Y-%m-%d %H:%M") if incident.due_at else "—"
        for user in _handlers(incident):
            notification_send(
                user=user, key="incidents.dispatched", params=_params(incident, due=due), link=_link(incident)
            )
    elif to == Status.HANDLED:
        for user in _verifiers(incident):
            notification_send(
                user=user, key="incidents.to_verify", params=_params(incident, note=note), link=_link(incident)
            )
    elif to == Status.REGISTERED and current in (Status.DISPATCHED, Status.HANDLING):
        for user in _dispatchers(incident):
            notification_send(
                user=user, key="incidents.returned", params=_params(incident, note=note), link=_link(incident)
            )
    elif to == Move.EXTENSION_REQUESTED:
        until = timezone.localtime(incident.extension_until).strftime("%Y-%m-%d %H:%M")
        for user in _dispatchers(incident):
            notification_send(
                user=user,
                key="incidents.extension_requested",
                params=_params(incident, until=until, note=note),
                link=_link(incident),
            )


def incidents_escalate_overdue(*, now: datetime | None = None) -> dict[str, int]:
    """超期督办: an overdue running case goes to its township's staff once; still open
    INCIDENT_COUNTY_ESCALATION_WORKDAYS working days later, to the county administrators and the
    department it was dispatched to. Idempotent; returns how many went to each level."""
    now = now or timezone.now()
    counts = {"township": 0, "county": 0}
    overdue = Incident.objects.filter(status__in=Status.running_states(), due_at__lt=now)
    for incident in overdue.filter(escalation_level=0).select_related("category", "region__parent"):
        if _escalate(incident, 1, now):
            counts["township"] += 1
    days = settings.INCIDENT_COUNTY_ESCALATION_WORKDAYS
    for incident in overdue.filter(escalation_level=1).select_related("category", "region__parent"):
        try:
            if workday_deadline_at(incident.escalated_at, days) > now:
                continue
        except UnknownCalendarYear:
            continue
        if _escalate(incident, 2, now):
            counts["county"] += 1
    return counts


def _escalate(incident: Incident, level: int, now: datetime) -> bool:
    with transaction.atomic():
        claimed = Incident.objects.filter(pk=incident.pk, escalation_level=level - 1).update(
            escalation_level=level, escalated_at=now
        )
        if not claimed:  # another run got there first
            return False
        event_record(
            acting_user=None,
            verb="incident.escalated",
            target=incident,
            region_code=incident.scope_code,
            data={"level": level, "due_at": incident.due_at.isoformat(), "at": now.isoformat()},
        )
        users = User.objects.filter(is_active=True)
        if level == 1:
            recipients = users.filter(role=Role.TOWNSHIP_STAFF, region=incident.region.parent)
            key = "incidents.escalated_township"
        else:
            recipients = users.filter(role=Role.COUNTY_ADMIN)
            if incident.assigned_department:
                recipients = recipients | users.filter(role=Role.COUNTY_STAFF, department=incident.assigned_department)
            key = "incidents.escalated_county"
        due = timezone.localtime(incident.due_at).strftime("%Y-%m-%d %H:%M")
        for user in recipients.distinct():
            notification_send(user=user, key=key, params=_params(incident, due=due), link=_link(incident))
    return True


def incidents_reschedule(*, year: int) -> int:
    """Compute the due times that waited for `year`'s holiday schedule."""
    changed = 0
    for incident in Incident.objects.filter(calendar_missing=year).select_related("category"):
        incident.due_at, incident.warn_at, incident.calendar_missing = _deadline(
            incident.category, incident.reported_at
        )
        incident.save(update_fields=["due_at", "warn_at", "calendar_missing"])
        changed += 1
    return changed


def patrol_record(
    *,
    acting_user: User,
    started_at: datetime,
    places: str,
    ended_at: datetime | None = None,
    note: str = "",
    findings: list[tuple[str, str]] | None = None,
) -> Patrol:
    """A grid worker logs a patrol of their grid with what they found (description, place)."""
    if acting_user.role != Role.GRID_WORKER or acting_user.region is None:
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    try:
        places = note_clean(places, max_length=1000)
    except ValidationError as invalid:
        errors["places"] = invalid.messages
    if not errors.get("places") and not places:
        errors["places"] = [_("请填写巡查地点")]
    if ended_at is not None and ended_at < started_at:
        errors["ended_at"] = [_("结束时间不能早于开始时间")]
    cleaned = []
    for description, place in findings or []:
        try:
            description, place = (
                note_clean(description, max_length=DESCRIPTION_MAX),
                text_clean(place or "", max_length=200),
            )
        except ValidationError as invalid:
            errors["findings"] = invalid.messages
            continue
        if description:
            cleaned.append((description, place))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), audit_actor(acting_user):
        patrol = Patrol.objects.create(
            worker=acting_user,
            grid=acting_user.region,
            scope_code=acting_user.region.code,
            started_at=started_at,
            ended_at=ended_at,
            places=places,
            note=note_clean(note),
        )
        for description, place in cleaned:
            PatrolFinding.objects.create(patrol=patrol, description=description, place=place)
        event_record(acting_user=acting_user, verb="patrol.recorded", target=patrol, region_code=patrol.scope_code)
    return patrol


def patrol_finding_report(*, finding: PatrolFinding, category: Category, acting_user: User) -> Incident:
    """A patrol finding becomes an incident in one step (once)."""
    if finding.patrol.worker_id != acting_user.pk and not is_dispatcher(acting_user):
        raise PermissionDenied
    with transaction.atomic():
        finding = (
            PatrolFinding.objects.select_for_update(of=("self",)).select_related("patrol__grid").get(pk=finding.pk)
        )
        if finding.incident_id:
            raise ValidationError(
                _("该发现已上报为事件 #%(id)s") % {"id": finding.incident_id}, code="already_reported"
            )
        incident = incident_report(
            category=category,
            description=finding.description,
            acting_user=acting_user,
            region=finding.patrol.grid,
            location=finding.place,
            source=Source.PATROL,
        )
        finding.incident = incident
        finding.save(update_fields=["incident"])
    return incident
