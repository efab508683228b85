"""Reads of the facility registry: every list goes through `for_user` first."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from shequ.accounts.models import User
from shequ.facilities.models import (
    MIN_DAILY_HOURS,
    CommunityProfile,
    Facility,
    FacilityServedUnit,
    OrgCheck,
    OrgModel,
    PlanningArea,
)
from shequ.facilities.shares import area_by_unit
from shequ.regions.codes import Level
from shequ.regions.models import Region

AREA_FIELDS = ("building_area", "activity_area", "commercial_area")


def facility_list(
    *, user: User, within: str = "", type_code: str = "", short_hours: bool = False
) -> QuerySet[Facility]:
    """The facilities the user may see, narrowed to a region (by code prefix), a type, or those open
    fewer than 8 hours on a working day; in the list's order (unit, name)."""
    rows = Facility.objects.for_user(user)
    if within:
        rows = rows.filter(scope_code__within=within)
    if type_code:
        rows = rows.filter(type__code=type_code)
    if short_hours:
        rows = rows.filter(min_daily_open_hours__lt=MIN_DAILY_HOURS)
    return rows.select_related("unit", "type").order_by("scope_code", "name", "id")


def facility_detail_rows(rows: QuerySet[Facility]) -> QuerySet[Facility]:
    """With what a detail or an export shows, fetched in one query each."""
    return rows.select_related("unit", "type").prefetch_related(
        "opening_periods",
        Prefetch("served", queryset=FacilityServedUnit.objects.select_related("unit").order_by("unit_code")),
    )


def facility_area_by_unit(*, unit_codes: list[str]) -> dict[str, dict[str, Decimal]]:
    """unit code → summed building, activity and commercial areas of the facilities serving it, each
    counted with the unit's share (shares.py). Units served by nothing are absent. Not scoped: the
    plan monitoring sums what its caller has already scoped."""
    facility_ids = FacilityServedUnit.objects.filter(unit_code__in=unit_codes).values("facility_id")
    explicit: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    for facility_id, code, share in FacilityServedUnit.objects.filter(facility_id__in=facility_ids).values_list(
        "facility_id", "unit_code", "share"
    ):
        explicit[facility_id][code] = share
    areas = Facility.objects.filter(pk__in=explicit).values("pk", *AREA_FIELDS)
    totals = area_by_unit((row["pk"], explicit[row["pk"]], {name: row[name] for name in AREA_FIELDS}) for row in areas)
    return {code: totals[code] for code in unit_codes if code in totals}


def community_profiles(*, user: User, within: str) -> dict[str, CommunityProfile]:
    rows = CommunityProfile.objects.for_user(user).filter(scope_code__within=within)
    return {profile.scope_code: profile for profile in rows}


def units_in_scope(*, user: User, within: str = "") -> QuerySet[Region]:
    rows = Region.objects.for_user(user).filter(level=Level.VILLAGE)
    if within:
        rows = rows.filter(code__prefix=within)
    return rows.order_by("code")


def planning_area_list(*, user: User, within: str = "") -> QuerySet[PlanningArea]:
    rows = PlanningArea.objects.for_user(user).select_related("unit")
    return rows.filter(scope_code__within=within) if within else rows


def org_checklist(*, user: User, unit: Region) -> list[tuple[OrgModel, OrgCheck | None]]:
    """Each organisation model with the unit's latest check of it (None: not checked yet)."""
    checks = {
        check.model_id: check for check in OrgCheck.objects.for_user(user).filter(unit=unit).prefetch_related("present")
    }
    models = OrgModel.objects.prefetch_related("components")
    return [(model, checks.get(model.pk)) for model in models]
