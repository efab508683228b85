"""The indicator engine: every indicator for a region and every township and village-level unit
below it, from the registries, in a constant number of queries whatever the number of units.

The database does the per-unit work (three grouped queries: the units with their flags and counts,
the facility areas counted with their shares, the social-work professionals by workplace); Python
only adds the per-unit sums up to townships and the county. Every figure keeps its numerator and
denominator exactly (fractions), so a target is judged on the exact value, not on a rounded one.

A figure whose inputs are incomplete has no value: its `missing` names the input codes
(indicators.MISSING_INPUTS) and the value, numerator, denominator and `met` are None — never a
0 % or 100 % made up from what is there. A figure whose denominator is zero (a unit without
households, a township without urban communities) is not applicable: no value, nothing missing.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Substr

from shequ.facilities.models import FacilityServedUnit, OrgCheck
from shequ.monitoring.indicators import BY_CODE, INDICATORS
from shequ.regions.codes import Kind, Level, at_level, level_of, township_of
from shequ.regions.models import Region
from shequ.workforce.models import Attendance, Employer, Worker

COMPREHENSIVE = "comprehensive"  # FacilityType.group of the plan's 综合服务设施
DAY_CARE = "YL-RJ"  # FacilityType.code of 日间照料中心

Target = tuple[Decimal, str]  # (target, "gte" | "gt")
COUNTY_DIGITS, TOWNSHIP_DIGITS = 6, 9


@dataclass
class Part:
    """What one unit contributes to one indicator."""

    numerator: Fraction = Fraction(0)
    denominator: Fraction = Fraction(0)
    missing: frozenset[str] = frozenset()


@dataclass
class Figure:
    code: str
    value: Fraction | None
    numerator: Fraction | None
    denominator: Fraction | None
    target: Decimal | None
    comparison: str
    met: bool | None
    missing: list[str] = field(default_factory=list)
    short_units: list[str] = field(default_factory=list)


def is_met(value: Fraction | None, target: Target | None) -> bool | None:
    if value is None or target is None:
        return None
    goal, comparison = Fraction(target[0]), target[1]
    return value > goal if comparison == "gt" else value >= goal


def _count(queryset, by: str) -> Subquery:
    return Coalesce(
        Subquery(queryset.order_by().values(by).annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()),
        0,
    )


def _units(within: str, year: int):
    """The village-level units within `within` ("" for the whole country) with, per unit, its flags
    and counts as correlated subqueries (each read through an index on the unit code)."""
    served = FacilityServedUnit.objects.filter(unit_code=OuterRef("code"))
    community = Worker.objects.filter(scope_code=OuterRef("code"), employer=Employer.COMMUNITY)
    units = Region.objects.filter(level=Level.VILLAGE)
    if within:
        units = units.filter(code__prefix=within)
    if not settings.COUNT_OTHER_UNITS:
        units = units.exclude(kind=Kind.OTHER)
    return units.annotate(
        has_comprehensive=Exists(served.filter(facility__type__group=COMPREHENSIVE)),
        has_terminal=Exists(served.filter(facility__self_service_terminals__gt=0)),
        has_day_care=Exists(served.filter(facility__type__code=DAY_CARE)),
        worker_count=_count(community, "scope_code"),
        trained_count=_count(
            community.filter(Exists(Attendance.objects.filter(worker=OuterRef("pk"), year=year))), "scope_code"
        ),
        org_checks=_count(OrgCheck.objects.filter(scope_code=OuterRef("code")), "scope_code"),
        org_incomplete=_count(OrgCheck.objects.filter(scope_code=OuterRef("code"), complete=False), "scope_code"),
    )


def _unit_rows(within: str, year: int) -> list[dict]:
    return list(
        _units(within, year)
        .values(
            "code",
            "kind",
            "households",
            "urban_resident_population",
            "community_profile__total_building_area",
            "community_profile__newly_built_year",
            "has_comprehensive",
            "has_terminal",
            "has_day_care",
            "worker_count",
            "trained_count",
            "org_checks",
            "org_incomplete",
        )
        .order_by("code")
    )


def _share() -> Case:
    """A served unit's share of its facility: the explicit share, else an equal part of what the
    facility's explicit shares leave (shares.py)."""
    same_facility = FacilityServedUnit.objects.filter(facility=OuterRef("facility")).order_by().values("facility")
    explicit_total = Subquery(
        same_facility.annotate(t=Sum(Cast("share", FloatField()))).values("t")[:1], output_field=FloatField()
    )
    open_count = Subquery(
        same_facility.filter(share__isnull=True).annotate(n=Count("pk")).values("n")[:1], output_field=FloatField()
    )
    return Case(
        When(share__isnull=False, then=Cast("share", FloatField())),
        default=(Value(1.0) - Coalesce(explicit_total, Value(0.0))) / open_count,
        output_field=FloatField(),
    )


def _area_sums() -> dict[str, Sum]:
    comprehensive = Q(facility__type__group=COMPREHENSIVE)
    share = _share()

    def area(name: str, condition: Q) -> Sum:
        return Coalesce(
            Sum(
                Case(
                    When(condition, then=Cast(F(f"facility__{name}"), FloatField()) * share), output_field=FloatField()
                )
            ),
            Value(0.0),
        )

    return {
        "building": area("building_area", comprehensive),
        "activity": area("activity_area", comprehensive),
        "other_commercial": area("commercial_area", ~comprehensive),
    }


def _areas(within: str) -> dict[str, dict[str, float]]:
    """unit code → areas of the facilities serving it, each counted with the unit's share."""
    rows = FacilityServedUnit.objects.filter(unit_code__prefix=within).values("unit_code").annotate(**_area_sums())
    return {row.pop("unit_code"): row for row in rows.order_by()}


def _unit_area(name: str) -> Coalesce:
    """One unit's area `name` (building, activity, other_commercial), with the shares, as a subquery."""
    areas = (
        FacilityServedUnit.objects.filter(unit_code=OuterRef("code"))
        .order_by()
        .values("unit_code")
        .annotate(area=_area_sums()[name])
        .values("area")[:1]
    )
    return Coalesce(Subquery(areas, output_field=FloatField()), Value(0.0))


def _group_sums(within: str, year: int, length: int) -> dict[str, dict]:
    """region code (the first `length` digits of the unit codes: 9 a township, 6 a county) → the
    sums of its units' parts, in one grouped query: the database adds up, not Python."""
    urban = Q(kind=Kind.COMMUNITY)
    new = urban & Q(community_profile__newly_built_year__lte=year)
    org_complete = Q(org_checks__gt=0, org_incomplete=0)
    rows = (
        _units(within, year)
        .annotate(
            building=_unit_area("building"),
            activity=_unit_area("activity"),
            other_commercial=_unit_area("other_commercial"),
            region=Substr("code", 1, length),
        )
        .order_by()
        .values("region")
        .annotate(
            units=Count("pk"),
            comprehensive=Count("pk", filter=Q(has_comprehensive=True)),
            building_sum=Sum("building"),
            activity_sum=Sum("activity"),
            households_sum=Sum("households"),
            households_missing=Count("pk", filter=Q(households__isnull=True)),
            urban=Count("pk", filter=urban),
            terminal=Count("pk", filter=urban & Q(has_terminal=True)),
            day_care=Count("pk", filter=urban & Q(has_day_care=True)),
            urban_workers=Sum("worker_count", filter=urban),
            urban_population=Sum("urban_resident_population", filter=urban),
            urban_population_missing=Count("pk", filter=urban & Q(urban_resident_population__isnull=True)),
            workers=Sum("worker_count"),
            trained=Sum("trained_count"),
            org_complete=Count("pk", filter=org_complete),
            org_missing=Count("pk", filter=Q(org_checks=0)),
            new_area=Sum(F("building") + F("other_commercial"), filter=new),
            new_total=Sum("community_profile__total_building_area", filter=new),
            new_total_missing=Count("pk", filter=new & Q(community_profile__total_building_area__isnull=True)),
        )
    )
    return {row.pop("region"): row for row in rows}


def _summed_parts(row: dict) -> dict[str, Part]:
    """The parts of a township or county from its sums (the same rules as _parts, added up)."""

    def number(value) -> Fraction:
        return _area(value) if isinstance(value, float) else _fraction(value)

    def lacking(count: int, code: str) -> frozenset[str]:
        return frozenset({code}) if count else frozenset()

    return {
        "facility_coverage": Part(number(row["comprehensive"]), number(row["units"])),
        "new_community_service_area_share": Part(
            number(row["new_area"]), number(row["new_total"]), lacking(row["new_total_missing"], "total_building_area")
        ),
        "facility_area_per_100_households": Part(
            number(row["building_sum"]),
            number(row["households_sum"]),
            lacking(row["households_missing"], "households"),
        ),
        "activity_area_share": Part(number(row["activity_sum"]), number(row["building_sum"])),
        "self_service_coverage": Part(number(row["terminal"]), number(row["urban"])),
        "day_care_coverage": Part(number(row["day_care"]), number(row["urban"])),
        "workers_per_10k_urban": Part(
            number(row["urban_workers"]),
            number(row["urban_population"]),
            lacking(row["urban_population_missing"], "urban_resident_population"),
        ),
        "worker_training_coverage": Part(number(row["trained"]), number(row["workers"])),
        "org_structure_coverage": Part(
            number(row["org_complete"]), number(row["units"]), lacking(row["org_missing"], "org_check")
        ),
    }


def _area(value: float | None) -> Fraction:
    """An area (m², two decimals at most, times shares) as an exact fraction of its value to the
    millionth: the database's float sums and Python's agree to that, not to the last bit."""
    return Fraction(str(round(value, 6))) if value is not None else Fraction(0)


def _professionals(within: str, length: int) -> dict[str, int]:
    """region code (the first `length` digits of the workplace code) → the social-work
    professionals working there (any employer), counted by the database."""
    workers = Worker.objects.filter(qualification__isnull=False)
    if within:
        workers = workers.filter(scope_code__prefix=within)
    rows = workers.annotate(region=Substr("scope_code", 1, length)).values_list("region").annotate(n=Count("pk"))
    return dict(rows.order_by())


def _fraction(number) -> Fraction:
    return Fraction(number) if number is not None else Fraction(0)


def _parts(row: dict, areas: dict[str, float], year: int) -> dict[str, Part]:
    """Each indicator's part of one unit; an indicator that does not apply to the unit is absent."""
    urban = row["kind"] == Kind.COMMUNITY
    households, urban_population = row["households"], row["urban_resident_population"]
    building, activity = _area(areas.get("building")), _area(areas.get("activity"))
    parts = {
        "facility_coverage": Part(Fraction(int(row["has_comprehensive"])), Fraction(1)),
        "facility_area_per_100_households": Part(building, _fraction(households), _lacking(households, "households")),
        "activity_area_share": Part(activity, building),
        "worker_training_coverage": Part(Fraction(row["trained_count"]), Fraction(row["worker_count"])),
        "org_structure_coverage": Part(
            Fraction(int(row["org_checks"] > 0 and row["org_incomplete"] == 0)),
            Fraction(1),
            frozenset() if row["org_checks"] else frozenset({"org_check"}),
        ),
    }
    new_year = row["community_profile__newly_built_year"]
    if urban and new_year is not None and new_year <= year:
        total = row["community_profile__total_building_area"]
        parts["new_community_service_area_share"] = Part(
            building + _area(areas.get("other_commercial")),
            _fraction(total),
            _lacking(total, "total_building_area"),
        )
    if urban:
        parts["self_service_coverage"] = Part(Fraction(int(row["has_terminal"])), Fraction(1))
        parts["day_care_coverage"] = Part(Fraction(int(row["has_day_care"])), Fraction(1))
        parts["workers_per_10k_urban"] = Part(
            Fraction(row["worker_count"]),
            _fraction(urban_population),
            _lacking(urban_population, "urban_resident_population"),
        )
    return parts


def _lacking(value, code: str) -> frozenset[str]:
    return frozenset({code}) if value is None else frozenset()


def _figure(code: str, parts: list[Part], target: Target | None) -> Figure:
    indicator = BY_CODE[code]
    missing = sorted(set().union(*(part.missing for part in parts)))
    numerator = sum((part.numerator for part in parts), Fraction(0))
    denominator = sum((part.denominator for part in parts), Fraction(0))
    if missing:
        return Figure(code, None, None, None, *_goal(target), None, missing)
    value = numerator * indicator.factor / denominator if denominator else None
    return Figure(code, value, numerator, denominator, *_goal(target), is_met(value, target))


def _goal(target: Target | None) -> tuple[Decimal | None, str]:
    return (target[0], target[1]) if target else (None, "")


def _count_figure(count: int, target: Target | None) -> Figure:
    value = Fraction(count)
    return Figure("social_work_professionals", value, value, None, *_goal(target), is_met(value, target))


def indicators_compute(
    *, within: str, on: date, targets: dict[str, Target], units: bool = True
) -> dict[str, dict[str, Figure]]:
    """region code → indicator code → figure, for `within` (a county, township or unit code; "" the
    whole country) and every township and county below it, and with `units` every village-level
    unit too (and each aggregate's short units). The townships' and counties' sums are grouped in
    the database: six queries with units, four without, whatever the number of units."""
    year = on.year
    result: dict[str, dict[str, Figure]] = {}
    if units:
        areas = _areas(within)
        for row in _unit_rows(within, year):
            parts = _parts(row, areas.get(row["code"], {}), year)
            result[row["code"]] = {code: _figure(code, [part], targets.get(code)) for code, part in parts.items()}
    if within and level_of(within) == Level.VILLAGE:
        return result
    unit_codes = list(result)
    for length in (length for length in (COUNTY_DIGITS, TOWNSHIP_DIGITS) if length >= len(within)):
        professionals = _professionals(within, length)
        groups = _group_sums(within, year, length)
        if within and len(within) == length:
            groups.setdefault(within, None)  # a region without units still has its (empty) figures
        for region, row in groups.items():
            parts = _summed_parts(row) if row else {}
            result[region] = _aggregate(region, parts, professionals.get(region, 0), targets)
    if units:
        _short_units_fill(result, unit_codes)
    return result


def _aggregate(region: str, parts: dict[str, Part], professionals: int, targets) -> dict[str, Figure]:
    figures = {}
    for indicator in INDICATORS:
        if indicator.code == "social_work_professionals":
            # The plan's total is the county's; a township's count has no target of its own.
            target = targets.get(indicator.code) if level_of(region) != Level.TOWNSHIP else None
            figures[indicator.code] = _count_figure(professionals, target)
            continue
        part = parts.get(indicator.code)
        figures[indicator.code] = _figure(indicator.code, [part] if part else [], targets.get(indicator.code))
    return figures


def _short_units_fill(result: dict[str, dict[str, Figure]], unit_codes: list[str]) -> None:
    """Each township's and county's short units: the units below it whose own figure is not met,
    in code order (one pass over the units)."""
    for unit in sorted(unit_codes):
        for indicator, figure in result[unit].items():
            if figure.met is not False:
                continue
            for region in (at_level(unit, Level.COUNTY), township_of(unit)):
                if region in result:
                    result[region][indicator].short_units.append(unit)
