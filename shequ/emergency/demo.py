"""Demo emergency readiness: a wind warning for 吉木萨尔镇 and 新地村 that the grid worker of
文化路社区 has acknowledged and the others have not, supplies with one item below its minimum and
one about to expire, a shelter, a micro fire station, a drill and a force. Made through the
services, as staff would, and once: skipped when a demo warning exists."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from shequ.accounts.models import User
from shequ.emergency.models import Warning
from shequ.emergency.services import (
    record_create,
    supply_create,
    warning_acknowledge,
    warning_create,
    warning_transition,
)
from shequ.emergency.workflow import WarningStatus
from shequ.regions.models import Region

UNIT = "652327100003"  # 文化路社区
TOWNSHIP = "652327100"  # 吉木萨尔镇
VILLAGE = "652327205209"  # 新地村


def emergency_seed(*, county: str) -> dict:
    issuer = User.objects.filter(username="county_mz").first()
    keeper = User.objects.filter(username="worker_wenhualu").first()
    if issuer is None or keeper is None or Warning.objects.filter(is_demo=True).exists():
        return {"warnings": 0}
    regions = {region.code: region for region in Region.objects.filter(code__in=[county, TOWNSHIP, UNIT, VILLAGE])}
    unit = regions[UNIT]
    today = timezone.localdate()
    supplies = [
        ("帐篷", "顶", 40, 20, "社区应急物资库", None),
        ("折叠床", "张", 6, 30, "社区应急物资库", None),  # below its minimum
        ("矿泉水", "箱", 120, 50, "社区应急物资库", today + timedelta(days=12)),  # expiring soon
        ("应急照明灯", "个", 25, 10, "社区办公楼一楼", today + timedelta(days=700)),
    ]
    for name, measure, quantity, minimum, location, expires_on in supplies:
        supply_create(
            acting_user=keeper,
            region=unit,
            name=name,
            measure=measure,
            quantity=Decimal(quantity),
            minimum=Decimal(minimum),
            location=location,
            expires_on=expires_on,
            is_demo=True,
        )
    record_create(
        kind="shelter",
        acting_user=keeper,
        region=unit,
        values={
            "name": "文化路小学操场",
            "address": "文化路8号",
            "capacity": 1200,
            "facilities": "应急供水点、临时厕所、照明",
        },
    )
    record_create(
        kind="station",
        acting_user=keeper,
        region=unit,
        values={
            "name": "文化路社区微型消防站",
            "address": "文化路社区居委会院内",
            "equipment": "灭火器20具、消防水带4盘、破拆工具1套、消防头盔6顶",
            "staff": "站长1名、队员5名（社区工作者和物业保安）",
            "phone": "0994-0000000",
        },
    )
    record_create(
        kind="drill",
        acting_user=keeper,
        region=unit,
        values={
            "held_on": today - timedelta(days=30),
            "scenario": "高层住宅火灾疏散演练",
            "participants": 85,
            "notes": "疏散用时6分钟，发现2号楼消防通道堆物，已清理。",
        },
    )
    record_create(
        kind="force",
        acting_user=issuer,
        region=regions[county],
        values={
            "name": "吉木萨尔县蓝天救援队",
            "skills": "山地搜救、水域救援",
            "leader": "队长",
            "phone": "13999990000",
            "members": 32,
        },
    )
    warning = warning_create(
        acting_user=issuer,
        level="orange",
        kind="weather",
        regions=[regions[TOWNSHIP], regions[VILLAGE]],
        title="大风橙色预警",
        body="预计今天夜间到明天白天有8至10级西北大风，请加固门窗和临时搭建物，减少外出。",
        title_ug="قاتتىق شامالدىن قىزغۇچ سېرىق ئاگاھلاندۇرۇش",
        body_ug=(
            "بۈگۈن كېچىدىن ئەتە كۈندۈزگىچە 8-10 دەرىجىلىك غەربىي شىمال شامىلى چىقىدۇ، "
            "ئىشىك-دېرىزە ۋە ۋاقىتلىق قۇرۇلمىلارنى مۇستەھكەملەڭ، سىرتقا ئاز چىقىڭ."
        ),
        is_demo=True,
    )
    warning = warning_transition(warning=warning, acting_user=issuer, to=WarningStatus.ISSUED)
    grid_worker = User.objects.filter(username="grid_wenhualu").first()
    if grid_worker is not None:
        warning_acknowledge(warning=warning, acting_user=grid_worker)
    return {"warnings": 1, "supplies": len(supplies)}
