"""The task–department matrix of the county plan (吉木萨尔县“十四五”城乡社区服务体系建设实施方案,
section 二 重点任务 1–11 and section 三 保障措施 (一)–(四)), as the plan writes it.

Each key task ends with a bracket naming who carries it, "(…等按职责分工负责)". The bracket is kept
here verbatim; its departments are read from it (`parties_of`), each with the name as written, so
that the plan's own spelling stays visible: task 11 writes 统战都, a typo for 统战部, which is kept
with a note. The plan names no lead for any key task ("按职责分工负责"): none is set here; the county
may mark one (services.task_lead_mark). The safeguards have no bracket: what they name is quoted
from their text (safeguard 四: 县民政局、发展改革委牵头 the monitoring mechanism).

Loaded by a data migration (0002) and, idempotently, by the demo.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_noop

COUNTY = "652327"
TOWNSHIPS = "各乡镇人民政府"

# A name as the plan writes it → the department's code (shequ.accounts.models.Department).
DEPARTMENT_NAMES = {
    "县委组织部": "zzb",
    "宣传部": "xcb",
    "县民政局": "mzj",
    "民政局": "mzj",
    "住建局": "zjj",
    "县住建局": "zjj",
    "县团委": "tw",
    "妇联": "fl",
    "发展和改革委员会": "fgw",
    "发展改革委": "fgw",
    "县发展改革委": "fgw",
    "财政局": "czj",
    "文旅局": "wlj",
    "卫健委": "wjw",
    "人社局": "rsj",
    "教育局": "jyj",
    "农业农村局": "nyj",
    "退役军人事务局": "tyjr",
    "科协": "kx",
    "供销社": "gxs",
    "残联": "cl",
    "县残联": "cl",
    "商务局": "swj",
    "县邮政管理局": "yzj",
    "县政法委": "zfw",
    "统战部": "tzb",
    "统战都": "tzb",
    "县公安局": "gaj",
    "司法局": "sfj",
    "信访局": "xfj",
    "应急管理局": "yjj",
    "生态环境局": "sthj",
    "县消防救援大队": "xfdd",
    "自然资源局": "zrj",
    "政资局": "zzj",
    "县委网信办": "wxb",
    "工信局": "gxj",
    "科技局": "kjj",
}
# Names the plan misspells, with the note shown wherever the name appears.
TYPOS = {"统战都": gettext_noop("方案原文作“统战都”，系“统战部”笔误")}
BRACKET_END = "等按职责分工负责"


@dataclass(frozen=True)
class Party:
    department: str
    as_written: str
    note: str = ""


@dataclass(frozen=True)
class Entry:
    code: str
    kind: str  # "task" or "safeguard"
    number: int
    section: str
    title: str
    # The bracket after a key task, verbatim; for a safeguard, the words of its text naming who acts.
    bracket: str
    note: str = ""

    @property
    def parties(self) -> list[Party]:
        return parties_of(self.bracket) if self.kind == "task" else SAFEGUARD_PARTIES.get(self.code, [])

    @property
    def townships(self) -> bool:
        return TOWNSHIPS in self.bracket if self.kind == "task" else self.code in SAFEGUARDS_OF_TOWNSHIPS


def parties_of(bracket: str) -> list[Party]:
    """The departments a bracket names, in its order, without 各乡镇人民政府; KeyError for a name
    not in DEPARTMENT_NAMES (a new bracket must be mapped, not guessed)."""
    names = bracket.removesuffix(BRACKET_END).replace(",", "、").replace("，", "、").split("、")
    parties = []
    for name in (name.strip() for name in names):
        if name and name != TOWNSHIPS:
            parties.append(Party(DEPARTMENT_NAMES[name], name, TYPOS.get(name, "")))
    return parties


SECTION_1 = gettext_noop("（一）完善城乡社区服务格局")
SECTION_2 = gettext_noop("（二）增加城乡社区服务供给")
SECTION_3 = gettext_noop("（三）提升城乡社区服务效能")
SECTION_4 = gettext_noop("（四）加快城乡社区服务数字化建设")
SECTION_5 = gettext_noop("（五）加强城乡社区服务人才队伍建设")
SAFEGUARDS = gettext_noop("三、保障措施")

ENTRIES = [
    Entry(
        "task-01",
        "task",
        1,
        SECTION_1,
        gettext_noop("健全党建引领机制"),
        "县委组织部、县民政局、住建局、县团委、妇联,各乡镇人民政府等按职责分工负责",
    ),
    Entry(
        "task-02",
        "task",
        2,
        SECTION_1,
        gettext_noop("完善多方参与格局"),
        "县委组织部、宣传部,县民政局、住建局、"
        "发展和改革委员会、财政局、文旅局,县团委、妇联,各乡镇人民政府等按职责分工负责",
    ),
    Entry(
        "task-03",
        "task",
        3,
        SECTION_2,
        gettext_noop("完善城乡社区为民服务功能"),
        "县民政局、发展改革委、卫健委、人社局、教育局、财政局、"
        "农业农村局、文旅局、退役军人事务局、科协、供销社,残联、妇联,各乡镇人民政府等按职责分工负责",
    ),
    Entry(
        "task-04",
        "task",
        4,
        SECTION_2,
        gettext_noop("优化城乡社区便民服务功能"),
        "县发展改革委、 住建局、民政局、农业农村局、商务局、供销社,县邮政管理局、各乡镇人民政府等按职责分工负责",
    ),
    Entry(
        "task-05",
        "task",
        5,
        SECTION_2,
        gettext_noop("强化城乡社区安民服务功能"),
        "县政法委、统战部、县公安局、民政局、司法局、信访局、"
        "应急管理局、文旅局、卫健委、生态环境局、县消防救援大队、县团委、妇联,各乡镇人民政府等按职责分工负责",
    ),
    Entry(
        "task-06",
        "task",
        6,
        SECTION_3,
        gettext_noop("优化服务设施布局"),
        "县委组织部、 县住建局、自然资源局、民政局、发展改革委、"
        "财政局、卫健委、县邮政管理局、县残联、各乡镇人民政府等按职责分工负责",
    ),
    Entry(
        "task-07",
        "task",
        7,
        SECTION_3,
        gettext_noop("创新服务机制"),
        "县委组织部、县民政局、财政局、政资局、各乡镇人民政府等按职责分工负责",
    ),
    Entry(
        "task-08",
        "task",
        8,
        SECTION_4,
        gettext_noop("提高数字化政务服务效能"),
        "县委网信办、县公安局、民政局、自然资源局、住建局、工信局、政资局、县残联、各乡镇人民政府等按职责分工负责",
    ),
    Entry(
        "task-09",
        "task",
        9,
        SECTION_4,
        gettext_noop("构筑美好数字服务新场景"),
        "县委网信办、 县公安局、民政局、自然资源局、工信局、政资局、县邮政管理局、各乡镇人民政府等按职责分工负责",
    ),
    Entry(
        "task-10",
        "task",
        10,
        SECTION_5,
        gettext_noop("选优配强村（社区）干部队伍"),
        "县委组织部、 县民政局、文旅局、人社局、科技局、退役军人事务局、县团委、妇联,各乡镇人民政府等按职责分工负责",
    ),
    Entry(
        "task-11",
        "task",
        11,
        SECTION_5,
        gettext_noop("加强城乡社区服务教育培训"),
        "县委组织部、统战都、县民政局、人社局、农业农村局、"
        "科技局、退役军人事务局、县团委、妇联、各乡镇人民政府等按职责分工负责",
        note=TYPOS["统战都"],
    ),
    Entry(
        "safeguard-1",
        "safeguard",
        1,
        SAFEGUARDS,
        gettext_noop("强化组织领导"),
        "有关职能部门各负其责、密切配合……乡镇要抓好具体落实",
        note=gettext_noop("方案未列明具体部门：县级有关部门结合职能职责推进，乡镇抓好具体落实"),
    ),
    Entry(
        "safeguard-2",
        "safeguard",
        2,
        SAFEGUARDS,
        gettext_noop("强化政策支持"),
        "",
        note=gettext_noop("方案未列明责任部门"),
    ),
    Entry(
        "safeguard-3",
        "safeguard",
        3,
        SAFEGUARDS,
        gettext_noop("强化制度支撑"),
        "",
        note=gettext_noop("方案未列明责任部门（含优化完善乡镇、村（社区）权责清单）"),
    ),
    Entry(
        "safeguard-4",
        "safeguard",
        4,
        SAFEGUARDS,
        gettext_noop("强化监督考核"),
        "由县民政局、发展改革委牵头,会同有关部门建立健全规划实施监测机制",
        note=gettext_noop("方案原文：由县民政局、发展改革委牵头建立健全规划实施监测机制"),
    ),
]
SAFEGUARD_PARTIES = {"safeguard-4": [Party("mzj", "县民政局"), Party("fgw", "发展改革委")]}
SAFEGUARDS_OF_TOWNSHIPS = {"safeguard-1"}


def matrix_load(apps=None) -> int:
    """Write the entries and their departments; existing rows are left as they are (a lead the
    county marked stays). Returns how many entries were created."""
    from django.apps import apps as installed

    apps = apps or installed
    plan_task = apps.get_model("plantasks", "PlanTask")
    task_department = apps.get_model("plantasks", "TaskDepartment")
    created = 0
    for position, entry in enumerate(ENTRIES, start=1):
        task, made = plan_task.objects.get_or_create(
            code=entry.code,
            defaults={
                "county_code": COUNTY,
                "kind": entry.kind,
                "number": entry.number,
                "position": position,
                "section": entry.section,
                "title": entry.title,
                "bracket": entry.bracket,
                "townships": entry.townships,
                "note": entry.note,
            },
        )
        created += made
        for order, party in enumerate(entry.parties, start=1):
            task_department.objects.get_or_create(
                task=task,
                department=party.department,
                defaults={"as_written": party.as_written, "note": party.note, "position": order},
            )
    return created
