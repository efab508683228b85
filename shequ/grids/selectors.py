"""Reads of grids and their people, safety bodies and crowded places, all within the user's scope.

`police_officers_for_unit` and `mediators_for_unit` are what other apps read of the rosters (the
incident hand-over to the 警务室, mediation cases): keyword-only, a queryset of the members serving
today, each with `.user` (None without an account) and `.name`.
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from shequ.grids.models import (
    BodyKind,
    ChecklistItem,
    CrowdedPlace,
    GridMember,
    GridProfile,
    HouseholdMove,
    Inspection,
    SafetyBody,
    SafetyBodyMember,
)
from shequ.regions.codes import Kind, Level
from shequ.regions.models import Region
from shequ.residents.models import Household

# Crowded places due within this many days are listed as due soon.
DUE_SOON_DAYS = 7


def grid_size_limit(*, unit_kind: str) -> int:
    """Households a grid may hold before it is over size: the planned size of its kind of unit
    (SHEQU_GRID_HOUSEHOLDS_TOWN for a 社区, _VILLAGE otherwise) plus SHEQU_GRID_SIZE_TOLERANCE %."""
    planned = settings.GRID_HOUSEHOLDS_TOWN if unit_kind == Kind.COMMUNITY else settings.GRID_HOUSEHOLDS_VILLAGE
    return math.floor(planned * (100 + settings.GRID_SIZE_TOLERANCE) / 100)


def _household_count():
    counted = (
        Household.objects.filter(grid_id=OuterRef("pk"))
        .order_by()
        .values("grid_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def grid_list(*, user, under: str = "") -> QuerySet[Region]:
    """The grids within the user's scope (under a region code when given), each with its household
    count (`household_count`) and profile; ordered by code."""
    rows = Region.objects.for_user(user).filter(level=Level.GRID)
    if under:
        rows = rows.filter(code__startswith=under)
    return rows.select_related("parent", "grid_profile").annotate(household_count=_household_count()).order_by("code")


def grid_detail(*, user, code: str) -> Region | None:
    return grid_list(user=user).filter(code=code).first()


def grid_kind(grid: Region) -> GridProfile | None:
    return getattr(grid, "grid_profile", None)


def is_over_size(grid: Region) -> bool:
    return grid.household_count > grid_size_limit(unit_kind=grid.parent.kind)


@dataclass(frozen=True)
class OverSize:
    grid: Region
    households: int
    limit: int


def grids_over_size(*, user, under: str = "") -> list[OverSize]:
    """The grids holding more households than their limit, by township and unit (one grouped query
    over the households, then the grids over the smaller of the two limits)."""
    smallest = min(grid_size_limit(unit_kind=Kind.COMMUNITY), grid_size_limit(unit_kind=Kind.VILLAGE))
    households = Household.objects.for_user(user).filter(grid__isnull=False)
    if under:
        households = households.filter(grid__code__startswith=under)
    counts = dict(
        households.order_by()
        .values_list("grid_id")
        .annotate(n=Count("id"))
        .filter(n__gt=smallest)
        .values_list("grid_id", "n")
    )
    grids = Region.objects.filter(pk__in=counts).select_related("parent__parent").order_by("code")
    found = []
    for grid in grids:
        limit = grid_size_limit(unit_kind=grid.parent.kind)
        if counts[grid.pk] > limit:
            found.append(OverSize(grid=grid, households=counts[grid.pk], limit=limit))
    return found


def grid_members(*, user, grid: Region | None = None, current: bool = True) -> QuerySet[GridMember]:
    rows = GridMember.objects.for_user(user).select_related("grid", "user")
    if grid is not None:
        rows = rows.filter(grid=grid)
    return rows.current() if current else rows.order_by("-starts_on", "-id")


def grid_households(*, user, grid: Region) -> QuerySet[Household]:
    """The households of a grid: number and address only (what a grid worker may see of them)."""
    return (
        Household.objects.for_user(user).filter(grid=grid).only("id", "number", "address", "grid_id").order_by("number")
    )


def household_moves(*, user, household: Household | None = None) -> QuerySet[HouseholdMove]:
    rows = HouseholdMove.objects.for_user(user).select_related("household", "from_grid", "to_grid", "moved_by")
    return rows.filter(household=household) if household is not None else rows


def safety_bodies(*, user, under: str = "") -> QuerySet[SafetyBody]:
    rows = SafetyBody.objects.for_user(user).select_related("unit")
    if under:
        rows = rows.filter(scope_code__startswith=under)
    return rows


def safety_body_members(*, user, body: SafetyBody | None = None, current: bool = True) -> QuerySet[SafetyBodyMember]:
    rows = SafetyBodyMember.objects.for_user(user).select_related("body__unit", "user")
    if body is not None:
        rows = rows.filter(body=body)
    return rows.current() if current else rows.order_by("-starts_on", "-id")


def _serving(*, unit: Region, kind: str) -> QuerySet[SafetyBodyMember]:
    return (
        SafetyBodyMember.objects.current()
        .filter(body__unit=unit, body__kind=kind)
        .select_related("user")
        .order_by("name", "id")
    )


def police_officers_for_unit(*, unit: Region) -> QuerySet[SafetyBodyMember]:
    """The community police officers serving in the unit's 警务室 today."""
    return _serving(unit=unit, kind=BodyKind.POLICE_ROOM)


def mediators_for_unit(*, unit: Region) -> QuerySet[SafetyBodyMember]:
    """The members of the unit's 人民调解委员会 serving today."""
    return _serving(unit=unit, kind=BodyKind.MEDIATION)


def crowded_places(*, user, grid: Region | None = None) -> QuerySet[CrowdedPlace]:
    rows = CrowdedPlace.objects.for_user(user).filter(active=True).select_related("grid")
    return rows.filter(grid=grid) if grid is not None else rows


def inspections_due(*, user, today: date | None = None, grid: Region | None = None) -> QuerySet[CrowdedPlace]:
    """Places whose inspection is overdue or due within DUE_SOON_DAYS, the most overdue first
    (crowded_place_due_idx)."""
    today = today or timezone.localdate()
    return (
        crowded_places(user=user, grid=grid)
        .filter(next_due_on__lte=today + timedelta(days=DUE_SOON_DAYS))
        .order_by("next_due_on", "id")
    )


def checklist_for(place: CrowdedPlace) -> list[ChecklistItem]:
    return [item for item in ChecklistItem.objects.filter(active=True) if not item.kinds or place.kind in item.kinds]


def inspection_list(*, user, place: CrowdedPlace | None = None) -> QuerySet[Inspection]:
    rows = (
        Inspection.objects.for_user(user)
        .select_related("place", "inspector")
        .prefetch_related("results__item", "results__incident")
    )
    return rows.filter(place=place) if place is not None else rows
