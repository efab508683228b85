"""Demo facilities for every village-level unit of the demo county, some deliberately short of the
plan's targets so that the plan monitoring has something to show:

- one village (the first by code) has no 综合服务设施 at all;
- two communities have no 日间照料中心;
- village activity rooms in some townships open 6 hours a day (flagged: under 8);
- one community's 党群服务中心 is shared with its neighbour (equal shares);
- two communities are newly built (2022, 2024), one of them with too little service area;
- two residential areas: one compliant, one whose infant-care facility is missing and whose
  elderly-care facility is reserved but not yet handed over;
- the organisation structure checked in a few units, one of them incomplete.

Written once: skipped when any facility exists.
"""

import random
from datetime import date, time
from decimal import Decimal

from shequ.facilities.hours import Period, min_working_day_hours
from shequ.facilities.models import (
    AreaKind,
    CommunityProfile,
    Facility,
    FacilityServedUnit,
    FacilityType,
    Handover,
    OpeningPeriod,
    OrgCheck,
    OrgModel,
    Ownership,
    PlanningArea,
)
from shequ.regions.codes import Kind, Level
from shequ.regions.models import Region

FULL_DAY = ((time(9, 30), time(13, 30)), (time(16, 0), time(20, 0)))  # 8 hours, Xinjiang office time
SHORT_DAY = ((time(10, 0), time(13, 0)), (time(16, 30), time(19, 30)))  # 6 hours
VERIFIED_ON = date(2025, 10, 15)


def _week(day, *, weekend: bool) -> list[Period]:
    days = range(7) if weekend else range(5)
    return [Period(weekday, opens, closes) for weekday in days for opens, closes in day]


class _Builder:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.types = {kind.code: kind for kind in FacilityType.objects.all()}
        self.facilities: list[tuple[Facility, list[Period], list[tuple[Region, Decimal | None]]]] = []

    def add(self, unit: Region, code: str, name: str, area: int, *, hours, weekend=True, serves=(), **extra):
        area = Decimal(area)
        facility = Facility(
            unit=unit,
            scope_code=unit.code,
            type=self.types[code],
            name=name,
            address=f"{unit.short_name}{self.rng.randint(1, 120)}号",
            building_area=area,
            activity_area=(area * Decimal(self.rng.choice(["0.55", "0.62", "0.68", "0.72"]))).quantize(Decimal("0.01")),
            commercial_area=Decimal("0"),
            year_built=self.rng.randint(2008, 2023),
            longitude=Decimal("89.18") + Decimal(self.rng.randint(-9000, 9000)) / 100000,
            latitude=Decimal("44.00") + Decimal(self.rng.randint(-9000, 9000)) / 100000,
            last_verified_on=VERIFIED_ON,
            **({"ownership": Ownership.OWNED} | extra),
        )
        periods = _week(hours, weekend=weekend) if hours else []
        facility.min_daily_open_hours = min_working_day_hours(periods)
        self.facilities.append((facility, periods, [(unit, None), *serves]))
        return facility

    def save(self) -> int:
        Facility.objects.bulk_create([facility for facility, _p, _s in self.facilities])
        OpeningPeriod.objects.bulk_create(
            OpeningPeriod(facility=facility, weekday=p.weekday, opens=p.opens, closes=p.closes)
            for facility, periods, _s in self.facilities
            for p in periods
        )
        FacilityServedUnit.objects.bulk_create(
            FacilityServedUnit(facility=facility, unit=unit, unit_code=unit.code, share=share)
            for facility, _p, served in self.facilities
            for unit, share in served
        )
        return len(self.facilities)


def facilities_seed(*, county: str, seed: int) -> int:
    if Facility.objects.exists():
        return 0
    rng = random.Random(seed)
    build = _Builder(rng)
    units = list(Region.objects.filter(code__prefix=county, level=Level.VILLAGE).order_by("code"))
    communities = [unit for unit in units if unit.kind == Kind.COMMUNITY]
    villages = [unit for unit in units if unit.kind == Kind.VILLAGE]
    without_center = villages[0]
    without_day_care = {community.code for community in communities[-2:]}
    shared_host, shared_guest = communities[0], communities[1]
    new_communities = {communities[2].code: 2022, communities[3].code: 2024}
    for unit in units:
        households = unit.households or 1000
        if unit.kind == Kind.COMMUNITY:
            if unit == shared_guest:
                pass  # served by its neighbour's centre below
            else:
                serves = [(shared_guest, None)] if unit == shared_host else []
                area = households * rng.choice([0.32, 0.38, 0.45]) * (2 if serves else 1)
                if unit.code == communities[3].code:
                    area = households * 0.12  # a new community short of service area
                build.add(
                    unit,
                    "ZH-DQ",
                    f"{unit.short_name}党群服务中心",
                    int(area),
                    hours=FULL_DAY,
                    serves=serves,
                    self_service_terminals=1 if rng.random() < 0.85 else 0,
                    barrier_free=True,
                    elderly_friendly=rng.random() < 0.7,
                    next_to_health_facility=rng.random() < 0.5,
                )
            if unit.code not in without_day_care:
                build.add(
                    unit,
                    "YL-RJ",
                    f"{unit.short_name}日间照料中心",
                    rng.randint(300, 600),
                    hours=FULL_DAY,
                    elderly_friendly=True,
                    barrier_free=True,
                    next_to_health_facility=rng.random() < 0.6,
                )
            build.add(unit, "WS", f"{unit.short_name}卫生服务站", rng.randint(120, 260), hours=FULL_DAY)
            build.add(unit, "BM", f"{unit.short_name}便民服务站", rng.randint(40, 90), hours=FULL_DAY, weekend=False)
        elif unit.kind == Kind.VILLAGE:
            short = unit.code[6:9] in ("205", "207")  # two townships keep short hours in their villages
            if unit != without_center:
                build.add(
                    unit,
                    "ZH-CJ",
                    f"{unit.short_name}村级组织活动场所",
                    rng.randint(280, 650),
                    hours=SHORT_DAY if short else FULL_DAY,
                    self_service_terminals=1 if rng.random() < 0.3 else 0,
                )
            build.add(
                unit, "WS", f"{unit.short_name}卫生室", rng.randint(60, 120), hours=SHORT_DAY if short else FULL_DAY
            )
            if rng.random() < 0.6:
                build.add(unit, "WT", f"{unit.short_name}文体活动室", rng.randint(80, 200), hours=None)
            if rng.random() < 0.4:
                build.add(
                    unit,
                    "GX",
                    f"{unit.short_name}综合服务社",
                    rng.randint(60, 150),
                    hours=FULL_DAY,
                    ownership=Ownership.RENTED,
                )
        else:
            build.add(unit, "BM", f"{unit.short_name}便民服务点", rng.randint(40, 120), hours=FULL_DAY, weekend=False)
    created = build.save()
    for unit in communities:
        CommunityProfile.objects.create(
            unit=unit,
            scope_code=unit.code,
            total_building_area=Decimal((unit.households or 1500) * rng.randint(85, 110)),
            newly_built_year=new_communities.get(unit.code),
        )
    _planning_seed(communities)
    _org_seed(units[:6], incomplete=units[1])
    return created


def _planning_seed(communities: list[Region]) -> None:
    compliant, short = communities[2], communities[3]
    PlanningArea.objects.create(
        unit=compliant,
        scope_code=compliant.code,
        name="北庭花园小区",
        kind=AreaKind.RESIDENTIAL,
        planned_residents=3200,
        elderly_care_land=Decimal("420"),
        elderly_care_handover=Handover.HANDED_OVER,
        infant_care_area=Decimal("360"),
        infant_care_handover=Handover.HANDED_OVER,
        checked_on=VERIFIED_ON,
    )
    PlanningArea.objects.create(
        unit=short,
        scope_code=short.code,
        name="城北新区一期",
        kind=AreaKind.NEW_URBAN,
        planned_residents=5000,
        elderly_care_land=Decimal("520"),
        elderly_care_handover=Handover.RESERVED,
        infant_care_area=None,
        infant_care_handover=Handover.MISSING,
        checked_on=VERIFIED_ON,
    )


def _org_seed(units: list[Region], *, incomplete: Region) -> None:
    for model in OrgModel.objects.prefetch_related("components"):
        for unit in units:
            check = OrgCheck.objects.create(
                unit=unit,
                scope_code=unit.code,
                model=model,
                checked_on=VERIFIED_ON,
                complete=unit != incomplete,
            )
            components = list(model.components.all())
            check.present.set(components[:-1] if unit == incomplete else components)
