"""The lists the registry is built on, kept as data: facility types and the organisation models.

They are loaded into their tables by a data migration (and again, idempotently, by `catalogue_load`)
and edited in the admin afterwards; the codes are what other parts (the plan monitoring, the API)
rely on, so a code is never reused for something else.

The organisation models "一支部三中心" and "两中心一站" are named by the county plan without their
components. The components below are the default reading; the county confirms them (README).
"""

from django.utils.translation import gettext_noop

# code, name, group (the plan's 综合服务设施 counts toward facility coverage and area per 100 households)
FACILITY_TYPES = [
    ("ZH-DQ", gettext_noop("党群服务中心"), "comprehensive"),
    ("ZH-CJ", gettext_noop("村级组织活动场所"), "comprehensive"),
    ("ZH-FWT", gettext_noop("城市社区综合服务体"), "comprehensive"),
    ("YL-ZD", gettext_noop("养老服务站"), "care"),
    ("YL-RJ", gettext_noop("日间照料中心"), "care"),
    ("TY", gettext_noop("托育机构（婴幼儿照护）"), "care"),
    ("WS", gettext_noop("卫生室/社区卫生服务站"), "health"),
    ("SG", gettext_noop("社会工作室（社工站）"), "service"),
    ("WT", gettext_noop("文体活动室"), "service"),
    ("BM", gettext_noop("便民服务站"), "service"),
    ("GX", gettext_noop("村级综合服务社（供销社）"), "service"),
    ("YZ", gettext_noop("邮政快递服务站"), "service"),
    ("JW", gettext_noop("警务室"), "safety"),
    ("YJ", gettext_noop("应急避难场所"), "safety"),
    ("XF", gettext_noop("微型消防站"), "safety"),
    ("ZS", gettext_noop("驻社区单位开放资源（停车场、运动场、礼堂等）"), "opened"),
]

# model code, name, [(component code, name)]
ORG_MODELS = [
    (
        "1Z3Z",
        gettext_noop("一支部三中心"),
        [
            ("party_branch", gettext_noop("党支部")),
            ("party_service_center", gettext_noop("党群服务中心")),
            ("convenience_center", gettext_noop("便民服务中心")),
            ("culture_center", gettext_noop("综合文化服务中心")),
        ],
    ),
    (
        "2Z1Z",
        gettext_noop("两中心一站"),
        [
            ("party_service_center", gettext_noop("党群服务中心")),
            ("civilization_center", gettext_noop("新时代文明实践中心")),
            ("social_work_station", gettext_noop("社会工作服务站")),
        ],
    ),
]


def catalogue_load(apps=None) -> int:
    """Create the types, models and components that are missing; names already edited stay."""
    from django.apps import apps as installed

    apps = apps or installed
    facility_type = apps.get_model("facilities", "FacilityType")
    org_model = apps.get_model("facilities", "OrgModel")
    org_component = apps.get_model("facilities", "OrgComponent")
    created = 0
    for order, (code, name, group) in enumerate(FACILITY_TYPES):
        _row, new = facility_type.objects.get_or_create(
            code=code, defaults={"name": name, "group": group, "order": order}
        )
        created += new
    for model_order, (code, name, components) in enumerate(ORG_MODELS):
        model, new = org_model.objects.get_or_create(code=code, defaults={"name": name, "order": model_order})
        created += new
        for order, (component_code, component_name) in enumerate(components):
            _row, new = org_component.objects.get_or_create(
                model=model, code=component_code, defaults={"name": component_name, "order": order}
            )
            created += new
    return created
