"""The indicators of the plan monitoring: the nine numeric targets of the county plan's 工作目标
(section 一) as it states them, and the county's own measure of the organisation structure.

`factor` turns numerator / denominator into the value (100 for a percentage or a figure per 100
households, 10,000 per 10k residents, None for a plain count). `levels` are the levels where the
figure means something; `people` marks figures computed from counts of people (the open data
suppresses those computed from fewer than 10).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

COUNTY, TOWNSHIP, UNIT = "county", "township", "village"
ALL_LEVELS = (COUNTY, TOWNSHIP, UNIT)


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    unit: str
    factor: int | None
    levels: tuple[str, ...] = ALL_LEVELS
    people: bool = False
    plan_target: bool = True  # False: the county's own measure, not a target of the plan


INDICATORS = [
    Indicator("facility_coverage", _("城乡社区综合服务设施覆盖率"), "%", 100),
    Indicator("new_community_service_area_share", _("新建社区商业和综合服务设施面积占社区总建筑面积比例"), "%", 100),
    Indicator("facility_area_per_100_households", _("社区综合服务设施面积每百户"), "㎡", 100),
    Indicator("activity_area_share", _("居民活动区域面积占社区综合服务设施总建筑面积比例"), "%", 100),
    Indicator("self_service_coverage", _("城市社区政务通用自助服务覆盖率"), "%", 100),
    Indicator("workers_per_10k_urban", _("每万城镇常住人口拥有社区工作者"), _("人"), 10000, people=True),
    Indicator(
        "social_work_professionals", _("社会工作专业人才总数"), _("人"), None, levels=(COUNTY, TOWNSHIP), people=True
    ),
    Indicator("worker_training_coverage", _("城乡社区工作者素质提升培训覆盖率"), "%", 100, people=True),
    Indicator("day_care_coverage", _("城市社区日间照料机构覆盖率"), "%", 100),
    Indicator(
        "org_structure_coverage",
        _("“一支部三中心”“两中心一站”组织体系健全率（本县自定指标）"),
        "%",
        100,
        plan_target=False,
    ),
]
BY_CODE = {indicator.code: indicator for indicator in INDICATORS}
INDICATOR_CHOICES = [(indicator.code, indicator.name) for indicator in INDICATORS]

# The inputs a figure may lack, by stable code (the API's `missing`), with what the page says.
MISSING_INPUTS = {
    "households": _("户数"),
    "urban_resident_population": _("城镇常住人口"),
    "total_building_area": _("社区总建筑面积"),
    "org_check": _("组织体系核查"),
}

# The plan's targets for the end of 2025 (section 一 工作目标), loaded by a data migration into the
# 十四五 plan version. workers_per_10k_urban: the targets say 不低于25 (≥), task 10 says 大于25 (>);
# ≥ is the default and the county may switch it per plan version.
PLAN_2025_TARGETS = {
    "facility_coverage": 100,
    "new_community_service_area_share": 10,
    "facility_area_per_100_households": 30,
    "activity_area_share": 60,
    "self_service_coverage": 100,
    "workers_per_10k_urban": 25,
    "social_work_professionals": 70,
    "worker_training_coverage": 100,
    "day_care_coverage": 90,
}
