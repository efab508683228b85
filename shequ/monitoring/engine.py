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

from collections import defaultdict
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
from django.db.models.functions import Cast, Coalesce

from shequ.facilities.models import FacilityServedUnit, OrgCheck
from shequ.monitoring.indicators import BY_CODE, INDICATORS
from shequ.regions.codes import Kind, Level, level_of, township_of
from shequ.regions.models import Region
from shequ.workforce.models import Attendance, Employer, Worker

COMPREHENSIVE = "comprehensive"  # FacilityType.group of the plan's 综合服务设施
DAY_CARE = "YL-RJ"  # FacilityType.code of 日间照料中心

Target = tuple[Decimal, str]  # (target, "gte" | "gt")


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


def _unit_rows(within: str, year: int) -> list[dict]:
    served = FacilityServedUnit.objects.filter(unit_code=OuterRef("code"))
    community = Worker.objects.filter(scope_code=OuterRef("code"), employer=Employer.COMMUNITY)
    units = Region.objects.filter(level=Level.VILLAGE, code__prefix=within)
    if not settings.COUNT_OTHER_UNITS:
        units = units.exclude(kind=Kind.OTHER)
    return list(
        units.annotate(
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


def _areas(within: str) -> dict[str, dict[str, float]]:
    """unit code → areas of the facilities serving it, each counted with the unit's share (the
    explicit share, else an equal part of what the facility's explicit shares leave: shares.py)."""
    same_facility = FacilityServedUnit.objects.filter(facility=OuterRef("facility")).order_by().values("facility")
    explicit_total = Subquery(
        same_facility.annotate(t=Sum(Cast("share", FloatField()))).values("t")[:1], output_field=FloatField()
    )
    open_count = Subquery(
        same_facility.filter(share__isnull=True).annotate(n=Count("pk")).values("n")[:1], output_field=FloatField()
    )
    share = Case(
        When(share__isnull=False, then=Cast("share", FloatField())),
        default=(Value(1.0) - Coalesce(explicit_total, Value(0.0))) / open_count,
        output_field=FloatField(),
    )
    comprehensive = Q(facility__type__group=COMPREHENSIVE)

    def area(name: str, condition: Q) -> Sum:
        return Coalesce(
            Sum(
                Case(
                    When(condition, then=Cast(F(f"facility__{name}"), FloatField()) * share), output_field=FloatField()
                )
            ),
            Value(0.0),
        )

    rows = (
        FacilityServedUnit.objects.filter(unit_code__prefix=within)
        .values("unit_code")
        .annotate(
            building=area("building_area", comprehensive),
            activity=area("activity_area", comprehensive),
            other_commercial=area("commercial_area", ~comprehensive),
        )
        .order_by()
    )
    return {row.pop("unit_code"): row for row in rows}


def _professionals(within: str) -> dict[str, int]:
    """workplace code → social-work professionals working there (any employer)."""
    rows = (
        Worker.objects.filter(scope_code__prefix=within, qualification__isnull=False)
        .values_list("scope_code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict(rows)


def _fraction(number) -> Fraction:
    return Fraction(number) if number is not None else Fraction(0)


def _parts(row: dict, areas: dict[str, float], year: int) -> dict[str, Part]:
    """Each indicator's part of one unit; an indicator that does not apply to the unit is absent."""
    urban = row["kind"] == Kind.COMMUNITY
    households, urban_population = row["households"], row["urban_resident_population"]
    building, activity = _fraction(areas.get("building")), _fraction(areas.get("activity"))
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
            building + _fraction(areas.get("other_commercial")),
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


def indicators_compute(*, within: str, on: date, targets: dict[str, Target]) -> dict[str, dict[str, Figure]]:
    """region code → indicator code → figure, for `within` (a county, township or unit code) and
    every township and village-level unit below it. Four queries, whatever the number of units."""
    year = on.year
    rows = _unit_rows(within, year)
    areas = _areas(within)
    professionals = _professionals(within)
    unit_parts = {row["code"]: _parts(row, areas.get(row["code"], {}), year) for row in rows}

    result: dict[str, dict[str, Figure]] = {}
    for code, parts in unit_parts.items():
        result[code] = {
            indicator: _figure(indicator, [part], targets.get(indicator)) for indicator, part in parts.items()
        }
    if level_of(within) != Level.VILLAGE:
        # The townships and counties below `within` (and itself), the narrowest first.
        above = {township_of(code) for code in unit_parts} | {code[:6] for code in unit_parts} | {within}
        for region in sorted((code for code in above if len(code) >= len(within)), key=len, reverse=True):
            result[region] = _aggregate(region, unit_parts, result, professionals, targets)
    return result


def _aggregate(region: str, unit_parts, unit_figures, professionals, targets) -> dict[str, Figure]:
    below = [code for code in unit_parts if code.startswith(region)]
    by_indicator: dict[str, list[Part]] = defaultdict(list)
    for code in below:
        for indicator, part in unit_parts[code].items():
            by_indicator[indicator].append(part)
    figures = {}
    for indicator in INDICATORS:
        if indicator.code == "social_work_professionals":
            count = sum(n for code, n in professionals.items() if code.startswith(region))
            # The plan's total is the county's; a township's count has no target of its own.
            target = targets.get(indicator.code) if level_of(region) != Level.TOWNSHIP else None
            figures[indicator.code] = _count_figure(count, target)
            continue
        figure = _figure(indicator.code, by_indicator.get(indicator.code, []), targets.get(indicator.code))
        figure.short_units = [
            code
            for code in below
            if indicator.code in unit_figures[code] and unit_figures[code][indicator.code].met is False
        ]
        figures[indicator.code] = figure
    return figures
