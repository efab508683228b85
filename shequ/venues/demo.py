"""Demo rooms: every 党群服务中心 has a multi-purpose hall and a meeting room that needs approval,
every 村级组织活动场所 and 文体活动室 an activity room, and the 驻社区单位开放资源 (if any) its
ground. Written once: skipped when any room exists."""

from shequ.facilities.models import Facility
from shequ.venues.models import Room

# facility type code → (room name, capacity, needs approval)
ROOMS = {
    "ZH-DQ": [("多功能活动室", 80, False), ("会议室", 20, True)],
    "ZH-CJ": [("活动室", 50, False)],
    "WT": [("文体活动室", 40, False)],
    "ZS": [("运动场", 100, True)],
}


def rooms_seed(*, county: str) -> int:
    if Room.objects.exists():
        return 0
    facilities = Facility.objects.filter(scope_code__within=county, type__code__in=ROOMS).select_related("type")
    rooms = [
        Room(facility=facility, scope_code=facility.scope_code, name=name, capacity=capacity, needs_approval=approval)
        for facility in facilities
        for name, capacity, approval in ROOMS[facility.type.code]
    ]
    Room.objects.bulk_create(rooms)
    return len(rooms)
