"""The county's 十四五 plan version and its targets, loaded by a data migration (and again,
idempotently, by the demo). Targets are the plan's own (indicators.PLAN_2025_TARGETS); the
organisation-structure measure is the county's own and carries that note. 十五五 targets are the
county's to enter: nothing here invents them."""

from decimal import Decimal

from django.utils.translation import gettext_noop

from shequ.monitoring.indicators import PLAN_2025_TARGETS

COUNTY = "652327"
PLAN_14 = "jimsar-14"
PLAN_14_NAME = gettext_noop("吉木萨尔县“十四五”城乡社区服务体系建设规划")
NOTES = {
    "workers_per_10k_urban": gettext_noop(
        "工作目标写“不低于25人”（≥），重点任务十写“大于25人”（>）；比较方式可按规划版本配置"
    ),
    "org_structure_coverage": gettext_noop("本县自定指标，非规划数值目标"),
}


def plan_14_load(apps=None) -> bool:
    from django.apps import apps as installed

    apps = apps or installed
    plan_version = apps.get_model("monitoring", "PlanVersion")
    target = apps.get_model("monitoring", "IndicatorTarget")
    plan, created = plan_version.objects.get_or_create(
        code=PLAN_14,
        defaults={
            "name": PLAN_14_NAME,
            "issuer": "吉木萨尔县人民政府",
            "region_code": COUNTY,
            "first_year": 2021,
            "last_year": 2025,
        },
    )
    for indicator, value in {**PLAN_2025_TARGETS, "org_structure_coverage": 100}.items():
        target.objects.get_or_create(
            plan=plan,
            indicator=indicator,
            defaults={"target": Decimal(value), "comparison": "gte", "note": NOTES.get(indicator, "")},
        )
    return created
