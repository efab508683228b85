"""Demo plan monitoring for the demo county, all marked as demo:

- the 十四五 plan with the plan's targets, end-of-2020 baselines (synthetic, source says so);
- synthetic month-end history 2021–2025 for the county and its townships, going from the baseline
  to what the demo registries give today, with year-end rows for 2021–2024;
- the end-of-2025 year-end snapshot computed from the demo registries and frozen by the county
  administrator: the final evaluation (期末评估);
- a 十五五 plan version whose targets are examples, marked as such (the county enters its own).

Written once: skipped when the 2025 year-end snapshot exists.
"""

import calendar
import random
from datetime import date
from decimal import Decimal
from fractions import Fraction

from shequ.accounts.models import User
from shequ.monitoring.catalogue import PLAN_14, plan_14_load
from shequ.monitoring.engine import is_met
from shequ.monitoring.indicators import BY_CODE
from shequ.monitoring.models import (
    IndicatorTarget,
    PlanVersion,
    Snapshot,
    SnapshotFigure,
    SnapshotKind,
)
from shequ.monitoring.services import baseline_save, snapshot_freeze, snapshot_take
from shequ.regions.codes import Level
from shequ.regions.models import Region

BASELINE_ON = date(2020, 12, 31)
FINAL_ON = date(2025, 12, 31)
DEMO_SOURCE = "演示数据（合成，非真实统计）"
# Example 十五五 targets, marked as examples: the county enters its own.
EXAMPLE_15 = {
    "facility_coverage": 100,
    "facility_area_per_100_households": 35,
    "activity_area_share": 60,
    "self_service_coverage": 100,
    "workers_per_10k_urban": 28,
    "social_work_professionals": 100,
    "worker_training_coverage": 100,
    "day_care_coverage": 100,
    "org_structure_coverage": 100,
}


def monitoring_seed(*, county: str, seed: int, administrator: User | None) -> dict:
    plan_14_load()
    plan = PlanVersion.objects.get(code=PLAN_14)
    if Snapshot.objects.filter(plan=plan, taken_on=FINAL_ON, kind=SnapshotKind.YEAR_END).exists():
        return {"snapshots": 0}
    rng = random.Random(seed)
    final = snapshot_take(plan=plan, on=FINAL_ON, kind=SnapshotKind.YEAR_END, acting_user=administrator)
    regions = [county, *Region.objects.filter(code__prefix=county, level=Level.TOWNSHIP).values_list("code", flat=True)]
    ends = {
        (row.region_code, row.indicator): row
        for row in final.figures.filter(region_code__in=regions, value__isnull=False)
    }
    starts = {key: row.value * Decimal(rng.uniform(0.55, 0.85)) for key, row in ends.items()}
    if administrator is not None:
        for (region, indicator), value in starts.items():
            if region == county:
                baseline_save(
                    plan=plan,
                    indicator=indicator,
                    region_code=region,
                    value=value.quantize(Decimal("0.01")),
                    as_of=BASELINE_ON,
                    source=DEMO_SOURCE,
                    acting_user=administrator,
                    is_demo=True,
                )
    taken = _history(plan, county, ends, starts, rng)
    if administrator is not None:
        snapshot_freeze(snapshot=final, acting_user=administrator)
    _plan_15_examples(county)
    return {"snapshots": taken + 1}


def _history(plan, county, ends, starts, rng) -> int:
    months = [(year, month) for year in range(2021, 2026) for month in range(1, 13)][:-1]  # December 2025 is real
    snapshots = []
    for year, month in months:
        on = date(year, month, calendar.monthrange(year, month)[1])
        kinds = [SnapshotKind.MONTHLY] + ([SnapshotKind.YEAR_END] if month == 12 else [])
        snapshots += [Snapshot(plan=plan, region_code=county, taken_on=on, kind=kind, is_demo=True) for kind in kinds]
    Snapshot.objects.bulk_create(snapshots)
    figures = []
    for index, snapshot in enumerate(snapshots):
        progress = Decimal(len([s for s in snapshots[: index + 1] if s.kind == SnapshotKind.MONTHLY])) / 60
        for (region, indicator), end in ends.items():
            noise = Decimal(rng.uniform(-0.02, 0.02))
            value = (starts[(region, indicator)] + (end.value - starts[(region, indicator)]) * progress) * (1 + noise)
            if BY_CODE[indicator].unit == "%":
                value = min(value, Decimal(100))
            target = end.target if region == county or indicator != "social_work_professionals" else None
            goal = (target, end.comparison) if target is not None else None
            figures.append(
                SnapshotFigure(
                    snapshot=snapshot,
                    region_code=region,
                    indicator=indicator,
                    value=value.quantize(Decimal("0.0001")),
                    target=target,
                    comparison=end.comparison,
                    met=is_met(Fraction(value), goal) if goal else None,
                )
            )
    SnapshotFigure.objects.bulk_create(figures)
    return len(snapshots)


def _plan_15_examples(county: str) -> None:
    plan, _created = PlanVersion.objects.get_or_create(
        code="jimsar-15",
        defaults={
            "name": "吉木萨尔县“十五五”城乡社区服务体系建设规划（示例目标）",
            "issuer": "吉木萨尔县人民政府",
            "region_code": county,
            "first_year": 2026,
            "last_year": 2030,
            "is_example": True,
        },
    )
    for indicator, value in EXAMPLE_15.items():
        IndicatorTarget.objects.get_or_create(
            plan=plan,
            indicator=indicator,
            defaults={"target": Decimal(value), "is_example": True, "note": "示例目标，待县里确定"},
        )
