"""Demo of the task matrix: 2026 work items of 县委组织部, 县民政局, 吉木萨尔镇 and 新地乡 with
reports in every state (one period overdue), a major matter being handled, 吉木萨尔镇's
responsibility list in two versions, and the 2025 scoring sheet with example criteria and weights
(named as examples: the county sets its own). Written through the services, as the accounts of the
demo would; submission dates are then set to plausible days of the period (synthetic, demo only).
Skipped when any work item exists, or without the demo accounts."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from shequ.accounts.models import User
from shequ.plantasks.catalogue import matrix_load
from shequ.plantasks.models import PlanTask, ProgressReport, ScoringCriterion, WorkItem
from shequ.plantasks.periods import schedule_of
from shequ.plantasks.services import (
    ItemData,
    MatterData,
    Party,
    ReportData,
    major_matter_report,
    major_matter_update,
    progress_report_save,
    progress_report_transition,
    responsibility_version_add,
    score_enter,
    work_item_create,
)
from shequ.plantasks.workflow import MatterStatus, ReportStatus
from shequ.regions.models import Region

# (code, name, source, weight, applies to): example weights, for the demo only.
CRITERIA = [
    ("reports", "进度报告按时报送（示例权重）", "reports", 30, "both"),
    ("feedback", "好差评好评率（示例权重）", "feedback", 20, "both"),
    ("indicators", "规划指标达标率（示例权重）", "indicators", 30, "townships"),
    ("review", "评审组综合评价（示例权重）", "entered", 20, "both"),
]


def _scan(label: str) -> SimpleUploadedFile:
    image = BytesIO()
    Image.new("RGB", (16, 16), "white").save(image, format="PNG")
    return SimpleUploadedFile(f"{label}.png", image.getvalue(), content_type="image/png")


def _dated(report: ProgressReport, day: date) -> None:
    """Move a demo report's submission to a day of its period (synthetic)."""
    moment = timezone.make_aware(datetime.combine(day, time(10)))
    ProgressReport.objects.filter(pk=report.pk).update(first_submitted_at=moment, submitted_at=moment)


def _report(item, user, index, text, *, state, reviewer, late=False, percent=None):
    report = progress_report_save(
        item=item,
        period_index=index,
        data=ReportData(text, percent, [("完成事项", Decimal(index + 1), "项")]),
        acting_user=user,
        submit=state != ReportStatus.DRAFT,
        files=[_scan(f"{item.title}-{index}")] if index == 1 else [],
    )
    if state == ReportStatus.DRAFT:
        return report
    period = next(period for period in schedule_of(item.year) if period.index == index)
    _dated(report, period.due_on + timedelta(days=5) if late else period.due_on - timedelta(days=3))
    if state in (ReportStatus.ACCEPTED, ReportStatus.RETURNED):
        note = "请补充各村（社区）落实情况和会议记录" if state == ReportStatus.RETURNED else "同意"
        progress_report_transition(report=report, to=state, acting_user=reviewer, note=note)
    return report


def _items(year: int, users: dict, townships: dict) -> dict[str, WorkItem]:
    task = {task.code: task for task in PlanTask.objects.all()}
    made = {}
    for key, code, party, title, target in [
        ("zzb", "task-01", Party(department="zzb"), "村（社区）党组织书记“一肩挑”巩固提升", "“一肩挑”比例保持100%"),
        ("mzj", "task-03", Party(department="mzj"), "政务服务事项下沉便民服务站", "下沉事项不少于30项"),
        ("mzj-training", "task-11", Party(department="mzj"), "社区工作者素质提升培训", "培训覆盖率100%"),
        ("jms", "task-01", Party(township=townships["jms"]), "社区党建联席会议", "每季度召开一次"),
        ("xd", "task-06", Party(township=townships["xd"]), "村级综合服务站点补短板", "新建改造站点3个"),
    ]:
        made[key] = work_item_create(
            data=ItemData(
                task=task[code], year=year, title=title, target=target, due_on=date(year, 12, 31), party=party
            ),
            acting_user=users["county_mz"],
        )
    return made


def plantasks_seed(*, county: str) -> dict:
    matrix_load()
    usernames = ("county_mz", "county_zzb", "township_jms")
    users = {user.username: user for user in User.objects.filter(username__in=usernames)}
    if WorkItem.objects.exists() or len(users) < len(usernames):
        return {}
    townships = {"jms": Region.objects.get(code=f"{county}100"), "xd": Region.objects.get(code=f"{county}205")}
    mz, zzb, jms = users["county_mz"], users["county_zzb"], users["township_jms"]
    accepted, returned, submitted, draft = (
        ReportStatus.ACCEPTED,
        ReportStatus.RETURNED,
        ReportStatus.SUBMITTED,
        ReportStatus.DRAFT,
    )

    items = _items(2026, users, townships)
    _report(
        items["zzb"], zzb, 1, "完成全县村（社区）“两委”成员交叉任职情况摸底。", state=accepted, reviewer=mz, percent=25
    )
    _report(items["zzb"], zzb, 2, "开展“五个好”党支部创建评估。", state=submitted, reviewer=mz, percent=50)
    _report(items["zzb"], zzb, 3, "举办书记培训班一期。", state=returned, reviewer=mz, late=True, percent=70)
    _report(items["mzj"], mz, 1, "梳理下沉事项清单。", state=accepted, reviewer=mz, percent=30)
    _report(items["mzj"], mz, 2, "事项进驻便民服务站。", state=accepted, reviewer=mz, percent=60)
    _report(items["mzj"], mz, 3, "开展运行情况评估（草稿）。", state=draft, reviewer=mz)
    _report(items["jms"], jms, 1, "召开第一季度联席会议。", state=accepted, reviewer=mz, percent=25)
    # 吉木萨尔镇's second quarter and 新地乡's every quarter are not reported: overdue.

    matter = major_matter_report(
        data=MatterData(
            "社区综合服务设施改造资金缺口",
            "北庭路社区综合服务设施改造工程资金缺口约40万元，可能影响年底前投用。",
            date(2026, 9, 15),
        ),
        acting_user=jms,
    )
    major_matter_update(
        matter=matter, to=MatterStatus.HANDLING, note="已向县财政局申请调剂资金，待批复。", acting_user=jms
    )

    for effective_on, note in ((date(2023, 3, 1), "2023年版"), (date(2025, 7, 1), "2025年修订版")):
        responsibility_version_add(
            region=townships["jms"],
            upload=_scan(f"吉木萨尔镇权责清单{note}"),
            effective_on=effective_on,
            note=note,
            acting_user=jms,
        )

    criteria = {}
    for position, (code, name, source, weight, applies_to) in enumerate(CRITERIA, start=1):
        criteria[code], _created = ScoringCriterion.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "source": source,
                "weight": Decimal(weight),
                "applies_to": applies_to,
                "position": position,
            },
        )
    last_year = _items(2025, users, townships)
    for index in (1, 2, 3, 4):
        _report(last_year["zzb"], zzb, index, "按计划推进。", state=accepted, reviewer=mz, late=index == 3)
        _report(last_year["mzj"], mz, index, "按计划推进。", state=accepted, reviewer=mz)
        _report(last_year["jms"], jms, index, "按计划推进。", state=accepted, reviewer=mz, late=index > 2)
    for party, points, reason in (
        (Party(department="zzb"), 88, "党建引领机制健全，书记“一肩挑”全覆盖"),
        (Party(department="mzj"), 92, "统筹推进有力，监测评估按期完成"),
        (Party(township=townships["jms"]), 85, "联席会议制度落实，部分社区设施面积不达标"),
        (Party(township=townships["xd"]), 70, "站点补短板进度滞后"),
    ):
        score_enter(
            criterion=criteria["review"], year=2025, party=party, points=Decimal(points), reason=reason, acting_user=mz
        )
    return {"work_items": WorkItem.objects.count(), "reports": ProgressReport.objects.count()}
