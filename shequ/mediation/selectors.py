"""Reads of mediation cases and legal services: every list goes through `for_user` first."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, QuerySet, Sum

from shequ.accounts.models import Role, User
from shequ.accounts.scope import region_scope_q
from shequ.grids.selectors import mediators_for_unit
from shequ.mediation.models import (
    DisputeType,
    LegalAdviser,
    LegalConsultation,
    MediationCase,
    PublicityActivity,
    PublicityKind,
)
from shequ.regions.codes import Level, township_of
from shequ.regions.models import Region


def dispute_types() -> QuerySet[DisputeType]:
    return DisputeType.objects.filter(active=True)


def publicity_kinds() -> QuerySet[PublicityKind]:
    return PublicityKind.objects.filter(active=True)


def mediator_choices(*, unit: Region) -> QuerySet[User]:
    """The accounts that may be named as a case's mediator in `unit`: the members of its 人民调解委员会
    serving today who have an account. A unit whose committee is not recorded yet (the roster is new)
    falls back to its village workers, who mediate there until it is."""
    members = mediators_for_unit(unit=unit).exclude(user=None).values("user")
    if members.exists():
        return User.objects.filter(pk__in=members, is_active=True).order_by("username")
    return User.objects.filter(role=Role.VILLAGE_WORKER, region=unit, is_active=True).order_by("username")


def units_in_scope(*, user: User) -> QuerySet[Region]:
    """The village-level units a user's scope holds (a worker's own; a township's; the county's)."""
    return Region.objects.filter(region_scope_q(user), level=Level.VILLAGE).order_by("code")


def mediation_case_list(*, user: User, status: str = "", within: str = "") -> QuerySet[MediationCase]:
    rows = MediationCase.objects.for_user(user)
    if status:
        rows = rows.filter(status=status)
    if within:
        rows = rows.filter(scope_code__within=within)
    return rows.select_related("unit", "dispute_type").prefetch_related("parties").order_by("-accepted_on", "-id")


def mediation_case_detail(*, user: User, pk: int) -> MediationCase | None:
    return (
        MediationCase.objects.for_user(user)
        .select_related("unit", "dispute_type", "incident", "mediator")
        .prefetch_related("parties", "sessions", "history__actor")
        .filter(pk=pk)
        .first()
    )


def adviser_list(*, user: User) -> QuerySet[LegalAdviser]:
    return LegalAdviser.objects.for_user(user).select_related("unit").order_by("scope_code", "-term_end", "id")


@dataclass
class UnitAdviser:
    """A unit and its adviser on the day asked; `adviser` None flags a unit without one."""

    unit: Region
    adviser: LegalAdviser | None


def advisers_by_unit(*, user: User, on: date) -> list[UnitAdviser]:
    """Every unit of the user's scope with the adviser whose term covers `on` (two queries)."""
    current: dict[int, LegalAdviser] = {}
    serving = adviser_list(user=user).filter(term_start__lte=on, term_end__gte=on).order_by("unit_id", "term_end")
    for adviser in serving:
        current[adviser.unit_id] = adviser  # the term that runs longest wins
    return [UnitAdviser(unit=unit, adviser=current.get(unit.pk)) for unit in units_in_scope(user=user)]


def adviser_on(*, unit: Region, on: date) -> LegalAdviser | None:
    """The adviser of `unit` whose term covers `on`."""
    return LegalAdviser.objects.filter(unit=unit, term_start__lte=on, term_end__gte=on).order_by("-term_end").first()


def consultation_list(*, user: User) -> QuerySet[LegalConsultation]:
    return LegalConsultation.objects.for_user(user).select_related("unit", "adviser").order_by("-asked_on", "-id")


def publicity_list(*, user: User, year: int | None = None) -> QuerySet[PublicityActivity]:
    rows = PublicityActivity.objects.for_user(user)
    if year:
        rows = rows.filter(held_on__year=year)
    return rows.select_related("unit", "kind").order_by("-held_on", "-id")


@dataclass
class PublicityTotal:
    region: Region
    activities: int = 0
    attendance: int = 0
    units: list["PublicityTotal"] = field(default_factory=list)


def publicity_totals(*, user: User, year: int) -> list[PublicityTotal]:
    """Activities and attendance in `year` per township, each with its units (one aggregate query
    and one of the regions named)."""
    sums = (
        publicity_list(user=user, year=year)
        .order_by()
        .values("scope_code")
        .annotate(activities=Count("id"), attendance=Sum("attendance"))
    )
    by_unit = {row["scope_code"]: row for row in sums}
    townships: dict[str, PublicityTotal] = {}
    regions = {
        region.code: region
        for region in Region.objects.filter(code__in=[*by_unit, *{township_of(code) for code in by_unit}])
    }
    for code in sorted(by_unit):
        row = by_unit[code]
        township = townships.setdefault(township_of(code), PublicityTotal(region=regions[township_of(code)]))
        township.units.append(
            PublicityTotal(region=regions[code], activities=row["activities"], attendance=row["attendance"])
        )
        township.activities += row["activities"]
        township.attendance += row["attendance"]
    return list(townships.values())
