"""Writes of grids and their people: a grid's profile, dated roster posts, moving households
between grids (with a move row each, their members following), safety-body memberships, crowded
places and their inspections — a failed checklist item becomes a 安全隐患 incident in the same step.
Every change takes `acting_user` and records its domain event in the same transaction."""

import re
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.models import User
from shequ.accounts.scope import covers
from shequ.core.audit import audit_actor
from shequ.core.events import event_record
from shequ.core.text import note_clean, text_clean
from shequ.grids.models import (
    BodyKind,
    CrowdedPlace,
    GridKind,
    GridMember,
    GridProfile,
    GridRole,
    GridSubject,
    HouseholdMove,
    Inspection,
    InspectionResult,
    PlaceKind,
    SafetyBody,
    SafetyBodyMember,
)
from shequ.grids.selectors import checklist_for
from shequ.incidents.models import Category
from shequ.incidents.services import incident_report
from shequ.regions.codes import Level, unit_of
from shequ.regions.models import Region
from shequ.residents.models import Household, Person
from shequ.residents.services import PHONE_PATTERN

# The incident category a failed inspection item is reported under (人员密集场所隐患, 安全隐患).
HAZARD_CATEGORY = "0203"
MOVE_MAX = 500


def _require(acting_user: User, permission: str, obj=None) -> None:
    if not acting_user.has_perm(permission, obj):
        raise PermissionDenied


def _require_grid(acting_user: User, grid: Region) -> None:
    if grid.level != Level.GRID:
        raise ValidationError({"grid": [_("请选择网格")]})
    _require(acting_user, "grids.manage_grid")
    if not covers(acting_user, grid):
        raise PermissionDenied


def _person_fields(name: str, phone: str, errors: dict) -> tuple[str, str]:
    try:
        name = text_clean(name or "", max_length=50)
    except ValidationError as invalid:
        errors["name"] = invalid.messages
    if not errors.get("name") and not name:
        errors["name"] = [_("请填写姓名")]
    phone = re.sub(r"[\s-]", "", phone or "")
    if phone and not PHONE_PATTERN.match(phone):
        errors["phone"] = [_("电话号码应为 11 位手机号或带区号的固定电话")]
    return name, phone


def grid_profile_save(
    *, grid: Region, kind: str, subject: str = "", subject_name: str = "", acting_user: User
) -> GridProfile:
    """Set a grid's kind; a 专属网格 names the kind of place it covers."""
    _require_grid(acting_user, grid)
    errors: dict[str, list[str]] = {}
    if kind not in GridKind.values:
        errors["kind"] = [_("请选择网格类型")]
    if kind == GridKind.DEDICATED and subject not in GridSubject.values:
        errors["subject"] = [_("专属网格须选择专属对象类型")]
    try:
        subject_name = text_clean(subject_name or "", max_length=100)
    except ValidationError as invalid:
        errors["subject_name"] = invalid.messages
    if errors:
        raise ValidationError(errors)
    if kind == GridKind.COMPREHENSIVE:
        subject = subject_name = ""
    with transaction.atomic(), audit_actor(acting_user):
        profile, _created = GridProfile.objects.update_or_create(
            grid=grid,
            defaults={"scope_code": grid.code, "kind": kind, "subject": subject, "subject_name": subject_name},
        )
        event_record(
            acting_user=acting_user,
            verb="grid.profile_saved",
            target=profile,
            region_code=grid.code,
            data={"kind": kind, "subject": subject},
        )
    return profile


def grid_member_add(
    *,
    grid: Region,
    role: str,
    name: str,
    starts_on: date,
    acting_user: User,
    phone: str = "",
    building: str = "",
    user: User | None = None,
) -> GridMember:
    """Put a person on a grid's roster from `starts_on`. A grid has one leader at a time: the
    current one's post ends the day before."""
    _require_grid(acting_user, grid)
    errors: dict[str, list[str]] = {}
    if role not in GridRole.values:
        errors["role"] = [_("请选择职责")]
    name, phone = _person_fields(name, phone, errors)
    try:
        building = text_clean(building or "", max_length=100)
    except ValidationError as invalid:
        errors["building"] = invalid.messages
    if user is not None and not covers(user, grid):
        errors["user"] = [_("该账号不属于这个网格所在的区域")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), audit_actor(acting_user):
        if role == GridRole.LEADER:
            for leader in GridMember.objects.select_for_update().current(starts_on).filter(grid=grid, role=role):
                _end(leader, max(leader.starts_on, starts_on - timedelta(days=1)), acting_user, "grid.member_ended")
        member = GridMember.objects.create(
            grid=grid,
            scope_code=grid.code,
            role=role,
            name=name,
            phone=phone,
            building=building,
            user=user,
            starts_on=starts_on,
        )
        event_record(
            acting_user=acting_user,
            verb="grid.member_added",
            target=member,
            region_code=grid.code,
            data={"role": role, "starts_on": starts_on.isoformat()},
        )
    return member


def _end(member, ends_on: date, acting_user: User, verb: str) -> None:
    member.ends_on = ends_on
    member.save(update_fields=["ends_on"])
    event_record(
        acting_user=acting_user,
        verb=verb,
        target=member,
        region_code=member.scope_code,
        data={"ends_on": ends_on.isoformat()},
    )


def _end_checked(member, ends_on: date | None, acting_user: User, verb: str) -> None:
    ends_on = ends_on or timezone.localdate()
    if member.ends_on is not None:
        raise ValidationError({"ends_on": [_("该任职已结束")]})
    if ends_on < member.starts_on:
        raise ValidationError({"ends_on": [_("结束日期不能早于开始日期")]})
    with transaction.atomic(), audit_actor(acting_user):
        _end(member, ends_on, acting_user, verb)


def grid_member_end(*, member: GridMember, acting_user: User, ends_on: date | None = None) -> GridMember:
    """End a roster post (kept as history)."""
    _require(acting_user, "grids.change_gridmember", member)
    _end_checked(member, ends_on, acting_user, "grid.member_ended")
    return member


def households_reassign(
    *, households: list[Household], to_grid: Region, acting_user: User, reason: str = ""
) -> list[HouseholdMove]:
    """Move households to another grid of their own unit, each with a dated move row; members
    follow (their grid and scope code), as when a household is edited. A household already in
    `to_grid` is left as it is. All or none: one household outside the user's scope refuses all."""
    _require_grid(acting_user, to_grid)
    if not households:
        raise ValidationError({"households": [_("请选择要调整的家庭户")]})
    if len(households) > MOVE_MAX:
        raise ValidationError({"households": [_("一次最多调整 %(count)s 户") % {"count": MOVE_MAX}]})
    try:
        reason = text_clean(reason or "", max_length=200)
    except ValidationError as invalid:
        raise ValidationError({"reason": invalid.messages}) from invalid
    now = timezone.now()
    moves = []
    with transaction.atomic(), audit_actor(acting_user):
        locked = list(
            Household.objects.select_for_update(of=("self",))
            .filter(pk__in=[household.pk for household in households])
            .select_related("region", "grid")
            .order_by("pk")
        )
        for household in locked:
            if not covers(acting_user, household.grid or household.region):
                raise PermissionDenied
            if household.region_id != to_grid.parent_id:
                raise ValidationError(
                    {"households": [_("家庭户 %(number)s 不在该网格所在的村（社区）") % {"number": household.number}]}
                )
        for household in locked:
            if household.grid_id == to_grid.pk:
                continue
            moves.append(
                HouseholdMove(
                    household=household,
                    scope_code=unit_of(to_grid.code),
                    from_grid=household.grid,
                    to_grid=to_grid,
                    moved_at=now,
                    moved_by=acting_user,
                    reason=reason,
                )
            )
            household.grid = to_grid
        moved = [move.household for move in moves]
        Household.objects.bulk_update(moved, ["grid"])
        # The members' copy of where they live (Person.scope_code), as household_update keeps it.
        Person.objects.filter(household__in=moved).update(grid=to_grid, scope_code=to_grid.code, updated_at=now)
        HouseholdMove.objects.bulk_create(moves)
        for move in moves:
            event_record(
                acting_user=acting_user,
                verb="grid.households_moved",
                target=move.household,
                region_code=move.scope_code,
                reason=reason,
                data={"from": move.from_grid.code if move.from_grid else None, "to": to_grid.code},
            )
    return moves


def safety_body_member_add(
    *,
    unit: Region,
    kind: str,
    name: str,
    starts_on: date,
    acting_user: User,
    post: str = "",
    phone: str = "",
    user: User | None = None,
) -> SafetyBodyMember:
    """Add a member to one of the unit's safety bodies (created with its first member)."""
    if unit.level != Level.VILLAGE:
        raise ValidationError({"unit": [_("请选择村（社区）")]})
    _require(acting_user, "grids.manage_grid")
    if not covers(acting_user, unit):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if kind not in BodyKind.values:
        errors["kind"] = [_("请选择组织类型")]
    name, phone = _person_fields(name, phone, errors)
    try:
        post = text_clean(post or "", max_length=30)
    except ValidationError as invalid:
        errors["post"] = invalid.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), audit_actor(acting_user):
        body, _created = SafetyBody.objects.get_or_create(unit=unit, kind=kind, defaults={"scope_code": unit.code})
        member = SafetyBodyMember.objects.create(
            body=body, scope_code=unit.code, name=name, post=post, phone=phone, user=user, starts_on=starts_on
        )
        event_record(
            acting_user=acting_user,
            verb="safety_body.member_added",
            target=member,
            region_code=unit.code,
            data={"kind": kind, "starts_on": starts_on.isoformat()},
        )
    return member


def safety_body_member_end(
    *, member: SafetyBodyMember, acting_user: User, ends_on: date | None = None
) -> SafetyBodyMember:
    _require(acting_user, "grids.change_safetybodymember", member)
    _end_checked(member, ends_on, acting_user, "safety_body.member_ended")
    return member


def crowded_place_register(
    *,
    grid: Region,
    name: str,
    kind: str,
    acting_user: User,
    address: str = "",
    interval_days: int = 30,
    first_due_on: date | None = None,
) -> CrowdedPlace:
    _require(acting_user, "grids.add_crowdedplace")
    if grid.level != Level.GRID:
        raise ValidationError({"grid": [_("请选择网格")]})
    if not covers(acting_user, grid):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    try:
        name = text_clean(name or "", max_length=100)
    except ValidationError as invalid:
        errors["name"] = invalid.messages
    if not errors.get("name") and not name:
        errors["name"] = [_("请填写名称")]
    elif CrowdedPlace.objects.filter(grid=grid, name=name).exists():
        errors["name"] = [_("该网格已登记同名场所")]
    if kind not in PlaceKind.values:
        errors["kind"] = [_("请选择场所类型")]
    try:
        address = text_clean(address or "", max_length=200)
    except ValidationError as invalid:
        errors["address"] = invalid.messages
    if not isinstance(interval_days, int) or not 1 <= interval_days <= 366:
        errors["interval_days"] = [_("检查周期应在 1 至 366 天之间")]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic(), audit_actor(acting_user):
            place = _place_create(grid, name, kind, address, interval_days, first_due_on, acting_user)
    except IntegrityError:  # registered by someone else at the same moment
        raise ValidationError({"name": [_("该网格已登记同名场所")]}) from None
    return place


def _place_create(grid, name, kind, address, interval_days, first_due_on, acting_user) -> CrowdedPlace:
    place = CrowdedPlace.objects.create(
        grid=grid,
        scope_code=grid.code,
        name=name,
        kind=kind,
        address=address,
        interval_days=interval_days,
        next_due_on=first_due_on or timezone.localdate(),
    )
    event_record(acting_user=acting_user, verb="crowded_place.registered", target=place, region_code=grid.code)
    return place


def inspection_record(
    *,
    place: CrowdedPlace,
    acting_user: User,
    results: dict[str, tuple[bool, str]],
    inspected_on: date | None = None,
    note: str = "",
) -> Inspection:
    """Record an inspection: every checklist item of the place answered (code → (passed, note)).
    Each failed item is reported as a 安全隐患 incident of the place's grid in the same step and
    linked from its result; the next inspection falls due `interval_days` later."""
    _require(acting_user, "grids.inspect_crowdedplace", place)
    today = timezone.localdate()
    inspected_on = inspected_on or today
    items = checklist_for(place)
    errors: dict[str, list[str]] = {}
    if inspected_on > today:
        errors["inspected_on"] = [_("检查日期不能晚于今天")]
    missing = [item.local_text for item in items if item.code not in results]
    if missing:
        errors["results"] = [_("请逐项填写检查结果：%(items)s") % {"items": "、".join(missing)}]
    unknown = set(results) - {item.code for item in items}
    if unknown:
        errors["results"] = [_("没有这些检查项目：%(codes)s") % {"codes": "、".join(sorted(unknown))}]
    cleaned = {}
    for item in items:
        passed, item_note = results.get(item.code, (True, ""))
        try:
            item_note = text_clean(item_note or "", max_length=200)
        except ValidationError as invalid:
            errors[f"note_{item.code}"] = invalid.messages
        if not passed and not item_note:
            errors[f"note_{item.code}"] = [_("不合格的项目请说明问题")]
        cleaned[item.code] = (bool(passed), item_note)
    try:
        note = note_clean(note)
    except ValidationError as invalid:
        errors["note"] = invalid.messages
    if errors:
        raise ValidationError(errors)
    category = Category.objects.get(code=HAZARD_CATEGORY)
    with transaction.atomic(), audit_actor(acting_user):
        place = CrowdedPlace.objects.select_for_update(of=("self",)).select_related("grid").get(pk=place.pk)
        inspection = Inspection.objects.create(
            place=place,
            scope_code=place.scope_code,
            inspected_on=inspected_on,
            inspector=acting_user,
            passed=all(passed for passed, _note in cleaned.values()),
            note=note,
        )
        reported = []
        for item in items:
            passed, item_note = cleaned[item.code]
            incident = None
            if not passed:
                incident = incident_report(
                    category=category,
                    description=f"{place.name}：{item.text}不合格。{item_note}",
                    acting_user=acting_user,
                    region=place.grid,
                    location=place.address or place.name,
                )
                reported.append(incident.pk)
            InspectionResult.objects.create(
                inspection=inspection, item=item, passed=passed, note=item_note, incident=incident
            )
        place.next_due_on = max(place.next_due_on, inspected_on + timedelta(days=place.interval_days))
        place.save(update_fields=["next_due_on"])
        event_record(
            acting_user=acting_user,
            verb="crowded_place.inspected",
            target=inspection,
            region_code=place.scope_code,
            data={"passed": inspection.passed, "incidents": reported},
        )
    return inspection
