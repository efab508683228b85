"""Writes of the facility registry. Each checks the acting user's permission and scope, validates
with the model's own rules, and writes its audit event in the same transaction."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shequ.accounts.models import User
from shequ.accounts.scope import covers
from shequ.core.audit import audit_actor
from shequ.core.events import event_record
from shequ.core.uploads import upload_check
from shequ.facilities.hours import Period, min_working_day_hours, periods_validate
from shequ.facilities.models import (
    CommunityProfile,
    Facility,
    FacilityPhoto,
    FacilityServedUnit,
    OpeningPeriod,
    OrgCheck,
    OrgComponent,
    OrgModel,
    PlanningArea,
)
from shequ.facilities.shares import shares_resolve
from shequ.regions.codes import Level, township_of
from shequ.regions.models import Region

MAX_PHOTO_BYTES = 10 * 1024 * 1024
# Facility fields a form or an import sets (unit, type and the rest are given separately).
FACILITY_FIELDS = (
    "name",
    "address",
    "longitude",
    "latitude",
    "datum",
    "building_area",
    "activity_area",
    "commercial_area",
    "year_built",
    "ownership",
    "next_to_health_facility",
    "self_service_terminals",
    "barrier_free",
    "elderly_friendly",
    "child_friendly",
    "last_retrofit_on",
    "last_verified_on",
)


@dataclass
class FacilityData:
    """One facility as a form or an import row gives it."""

    unit: Region
    type: object  # FacilityType
    values: dict
    periods: list[Period] = field(default_factory=list)
    # Other units served, each with its explicit share or None (the facility's own unit is always
    # served; its explicit share, if any, is `own_share`).
    also_serves: list[tuple[Region, Decimal | None]] = field(default_factory=list)
    own_share: Decimal | None = None


def _unit_check(unit: Region, acting_user: User) -> None:
    if unit.level != Level.VILLAGE:
        raise ValidationError({"unit": _("请选择村（社区）")})
    if not covers(acting_user, unit):
        raise PermissionDenied


def facility_validate(data: FacilityData, *, instance: Facility | None = None) -> Facility:
    """The facility the data describes, validated (not saved); ValidationError by field."""
    facility = instance or Facility()
    facility.unit, facility.type = data.unit, data.type
    for name in FACILITY_FIELDS:
        if name in data.values:
            setattr(facility, name, data.values[name])
    facility.scope_code = data.unit.code
    errors: dict[str, list[str]] = {}
    try:
        # The area constraint is checked below, with a message on the field it concerns.
        facility.full_clean(exclude=["unit", "type"], validate_constraints=False)
    except ValidationError as invalid:
        errors.update(invalid.message_dict)
    area_fields = ("building_area", "activity_area", "commercial_area")
    if not errors.keys() & set(area_fields):
        if facility.activity_area > facility.building_area:
            errors.setdefault("activity_area", []).append(_("居民活动区域面积不能大于总建筑面积"))
        if facility.commercial_area > facility.building_area:
            errors.setdefault("commercial_area", []).append(_("商业面积不能大于总建筑面积"))
    if (facility.longitude is None) != (facility.latitude is None):
        errors.setdefault("latitude", []).append(_("经度和纬度应同时填写"))
    try:
        periods_validate(data.periods)
    except ValidationError as invalid:
        errors.setdefault("hours", []).extend(invalid.messages)
    try:
        _served(data)
    except ValidationError as invalid:
        errors.setdefault("serves", []).extend(invalid.messages)
    if errors:
        raise ValidationError(errors)
    return facility


def _served(data: FacilityData) -> list[tuple[Region, Decimal | None]]:
    served = [(data.unit, data.own_share), *((unit, share) for unit, share in data.also_serves if unit != data.unit)]
    township = township_of(data.unit.code)
    for unit, _share in served:
        if unit.level != Level.VILLAGE or township_of(unit.code) != township:
            raise ValidationError(_("共享设施只能服务本乡镇（街道）的村（社区）：%(name)s") % {"name": unit.name})
    if len({unit.pk for unit, _share in served}) != len(served):
        raise ValidationError(_("服务的村（社区）有重复"))
    shares_resolve({unit.code: share for unit, share in served})
    return served


def _write_details(facility: Facility, data: FacilityData) -> None:
    facility.opening_periods.all().delete()
    OpeningPeriod.objects.bulk_create(
        OpeningPeriod(facility=facility, weekday=p.weekday, opens=p.opens, closes=p.closes) for p in data.periods
    )
    facility.served.all().delete()
    FacilityServedUnit.objects.bulk_create(
        FacilityServedUnit(facility=facility, unit=unit, unit_code=unit.code, share=share)
        for unit, share in _served(data)
    )


def _event(facility: Facility, verb: str, acting_user: User, **data) -> None:
    event_record(acting_user=acting_user, verb=verb, target=facility, region_code=facility.scope_code, data=data)


def facility_create(*, data: FacilityData, acting_user: User) -> Facility:
    if not acting_user.has_perm("facilities.add_facility"):
        raise PermissionDenied
    _unit_check(data.unit, acting_user)
    facility = facility_validate(data)
    facility.min_daily_open_hours = min_working_day_hours(data.periods)
    with transaction.atomic(), audit_actor(acting_user):
        facility.save()
        _write_details(facility, data)
        _event(facility, "facility.created", acting_user, type=data.type.code)
    return facility


def facility_update(*, facility: Facility, data: FacilityData, acting_user: User) -> Facility:
    if not acting_user.has_perm("facilities.change_facility", facility):
        raise PermissionDenied
    _unit_check(data.unit, acting_user)
    with transaction.atomic(), audit_actor(acting_user):
        facility = Facility.objects.select_for_update().get(pk=facility.pk)
        facility = facility_validate(data, instance=facility)
        facility.min_daily_open_hours = min_working_day_hours(data.periods)
        facility.save()
        _write_details(facility, data)
        _event(facility, "facility.updated", acting_user, type=data.type.code)
    return facility


def facility_delete(*, facility: Facility, acting_user: User) -> None:
    if not acting_user.has_perm("facilities.delete_facility", facility):
        raise PermissionDenied
    with transaction.atomic(), audit_actor(acting_user):
        _event(facility, "facility.deleted", acting_user, name=facility.name)
        facility.delete()


def facility_photo_add(*, facility: Facility, upload, acting_user: User) -> FacilityPhoto:
    """A photo checked by its content and re-encoded (no EXIF or GPS survives) — shequ.core.uploads."""
    if not acting_user.has_perm("facilities.change_facility", facility):
        raise PermissionDenied
    checked = upload_check(upload, max_bytes=MAX_PHOTO_BYTES)
    if not checked.content_type.startswith("image/"):
        raise ValidationError(_("请上传 JPG 或 PNG 格式的照片"), code="type")
    with transaction.atomic():
        photo = FacilityPhoto.objects.create(
            facility=facility,
            file=checked.stored_file(),
            content_type=checked.content_type,
            display_name=checked.display_name,
            uploaded_by=acting_user,
        )
        _event(facility, "facility.photo_added", acting_user, photo=photo.pk)
    return photo


def community_profile_set(
    *, unit: Region, total_building_area: Decimal | None, newly_built_year: int | None, acting_user: User
) -> CommunityProfile:
    if unit.level != Level.VILLAGE:
        raise ValidationError({"unit": _("请选择村（社区）")})
    if not (acting_user.has_perm("facilities.change_communityprofile") and covers(acting_user, unit)):
        raise PermissionDenied
    with transaction.atomic(), audit_actor(acting_user):
        profile, _created = CommunityProfile.objects.select_for_update().get_or_create(unit=unit)
        profile.total_building_area, profile.newly_built_year = total_building_area, newly_built_year
        profile.full_clean(exclude=["unit"])
        profile.save()
        event_record(
            acting_user=acting_user,
            verb="community_profile.set",
            target=profile,
            region_code=unit.code,
            data={"total_building_area": str(total_building_area), "newly_built_year": newly_built_year},
        )
    return profile


def planning_area_save(*, area: PlanningArea, acting_user: User) -> PlanningArea:
    """Create or change a new urban or residential area (already filled in by a form)."""
    allowed = (
        acting_user.has_perm("facilities.change_planningarea", area)
        if area.pk
        else acting_user.has_perm("facilities.add_planningarea")
    )
    if not allowed:
        raise PermissionDenied
    _unit_check(area.unit, acting_user)
    area.scope_code = area.unit.code
    area.full_clean(exclude=["unit"])
    with transaction.atomic(), audit_actor(acting_user):
        area.save()
        event_record(
            acting_user=acting_user, verb="planning_area.saved", target=area, region_code=area.scope_code, data={}
        )
    return area


def org_check_record(
    *, unit: Region, model: OrgModel, present: list[OrgComponent], checked_on: date, acting_user: User
) -> OrgCheck:
    """The unit's checklist against one organisation model; complete when every component is there."""
    if unit.level != Level.VILLAGE:
        raise ValidationError({"unit": _("请选择村（社区）")})
    if not (acting_user.has_perm("facilities.change_orgcheck") and covers(acting_user, unit)):
        raise PermissionDenied
    if any(component.model_id != model.pk for component in present):
        raise ValidationError({"present": _("所选项目不属于该组织体系模式")})
    required = set(model.components.values_list("pk", flat=True))
    with transaction.atomic():
        check, _created = OrgCheck.objects.select_for_update().get_or_create(
            unit=unit, model=model, defaults={"checked_on": checked_on}
        )
        check.checked_on = checked_on
        check.complete = required <= {component.pk for component in present}
        check.save()
        check.present.set(present)
        event_record(
            acting_user=acting_user,
            verb="org_check.recorded",
            target=check,
            region_code=unit.code,
            data={"model": model.code, "present": sorted(c.code for c in present), "complete": check.complete},
        )
    return check
