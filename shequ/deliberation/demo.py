"""Demo deliberation in 文化路社区: a resident's topic taken onto a 居民恳谈日, a motion decided by
household vote (online and at the meeting), a resolution being carried out, and a motion still open
for `resident_demo` to vote on (and `resident_demo2`, of the same household, to be refused)."""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from shequ.accounts.models import User
from shequ.deliberation.models import Basis, Majority, Meeting, MeetingKind
from shequ.deliberation.services import (
    attendance_check_in,
    meeting_create,
    minutes_record,
    motion_add,
    motion_close,
    motion_open,
    resolution_add,
    resolution_follow_up,
    topic_raise,
    vote_cast,
)
from shequ.regions.models import Region
from shequ.residents.derived import latest_birth_date_for_age
from shequ.residents.models import Person

UNIT = "652327100003"


def deliberation_seed(*, seed: int) -> dict:
    worker = User.objects.filter(username="worker_wenhualu").first()
    resident = User.objects.filter(username="resident_demo").first()
    if worker is None or resident is None or Meeting.objects.exists():
        return {"meetings": 0}
    rng = random.Random(seed)
    with transaction.atomic():
        topic = topic_raise(acting_user=resident, text="小区东侧空地长期堆放杂物，建议改成老年人活动场地")
        meeting = meeting_create(
            acting_user=worker,
            unit=Region.objects.get(code=UNIT),
            title="文化路社区十二月居民恳谈日",
            place="文化路社区党群服务中心二楼会议室",
            starts_at=timezone.now() - timedelta(days=1),
            agenda="一、小区东侧空地改造方案\n二、冬季楼道照明维修",
            kind=MeetingKind.RESIDENT_TALK,
            topics=[topic],
        )
        decided = motion_add(
            acting_user=worker,
            meeting=meeting,
            title="同意将小区东侧空地改造为老年人活动场地",
            basis=Basis.HOUSEHOLD,
            quorum_percent=10,
            majority=Majority.SIMPLE,
        )
        motion_open(acting_user=worker, motion=decided)
        adults = list(
            Person.objects.filter(region__code=UNIT, relation="head", birth_date__lte=latest_birth_date_for_age(18))
            .exclude(account=resident)
            .order_by("id")[:120]
        )
        for person in adults:
            attendance_check_in(acting_user=worker, meeting=meeting, id_number=person.id_number)
            vote_cast(
                acting_user=worker,
                motion=decided,
                person=person,
                choice=rng.choices(["yes", "no", "abstain"], weights=[7, 2, 1])[0],
            )
        motion_close(acting_user=worker, motion=decided)
        open_motion = motion_add(
            acting_user=worker,
            meeting=meeting,
            title="同意由物业统一维修楼道照明，费用从公共维修资金列支",
            basis=Basis.HOUSEHOLD,
            quorum_percent=10,
            majority=Majority.SIMPLE,
        )
        motion_open(acting_user=worker, motion=open_motion)
        minutes_record(
            acting_user=worker,
            meeting=meeting,
            minutes="到会居民代表就空地改造充分发表意见，按户表决通过改造方案；楼道照明维修事项继续网上表决。",
        )
        resolution = resolution_add(
            acting_user=worker,
            meeting=meeting,
            motion=decided,
            text="清理小区东侧空地杂物，建设老年人活动场地",
            responsible="文化路社区居委会主任",
            due_on=date(timezone.localdate().year + 1, 6, 30),
        )
        resolution_follow_up(
            acting_user=worker,
            resolution=resolution,
            status="in_progress",
            follow_up="杂物已清理，场地设计方案征求意见中",
        )
    return {"meetings": 1, "votes": len(adults)}
