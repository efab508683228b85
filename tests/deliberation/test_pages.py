"""A worker calls a meeting, puts a motion to the vote and records the meeting; residents vote on
the page; every page reads in Chinese and Uyghur and keeps what was typed when refused."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shequ.deliberation.models import Attendance, Meeting, Motion, Resolution, Topic, Vote
from shequ.deliberation.services import topic_raise
from tests.conftest import WENHUALU

pytestmark = pytest.mark.django_db


def test_a_worker_holds_a_meeting_from_topic_to_resolution(users, residents, login):
    topic = topic_raise(acting_user=users["resident"], text="楼下空地想改成老年活动场地")
    worker = login(users["worker_wenhualu"])
    starts = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    called = worker.post(
        "/work/meetings/",
        {
            "kind": "resident_talk",
            "title": "十二月居民恳谈日",
            "place": "社区活动室",
            "starts_at": starts,
            "agenda": "空地改造",
            "topics": [topic.pk],
        },
    )
    meeting = Meeting.objects.get()
    assert called.status_code == 302 and meeting.scope_code == WENHUALU
    assert Topic.objects.get().meeting == meeting
    hold = f"/work/meetings/{meeting.pk}/"
    worker.post(
        hold,
        {"action": "motion", "title": "同意改造方案", "basis": "household", "quorum_percent": 50, "majority": "simple"},
    )
    motion = Motion.objects.get()
    worker.post(hold, {"action": "open", "motion": motion.pk})
    worker.post(hold, {"action": "check_in", "id_number": residents["wangwu"].id_number})
    assert Attendance.objects.count() == 1
    worker.post(
        hold, {"action": "vote", "id_number": residents["wangwu"].id_number, "motion": motion.pk, "choice": "yes"}
    )
    resident = login(users["resident"])
    voted = resident.post(f"/meetings/{meeting.pk}/", {"motion": motion.pk, f"m{motion.pk}-choice": "yes"})
    assert voted.status_code == 302
    assert sorted(Vote.objects.values_list("channel", flat=True)) == ["online", "onsite"]
    worker.post(hold, {"action": "close", "motion": motion.pk})
    worker.post(
        hold, {"action": "resolution", "text": "年底前完成空地改造", "responsible": "社区主任", "due_on": "2027-06-30"}
    )
    resolution = Resolution.objects.get()
    worker.post(
        hold, {"action": "follow_up", "resolution": resolution.pk, "status": "in_progress", "follow_up": "已报县住建局"}
    )
    page = resident.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "通过" in page and "已报县住建局" in page


def test_a_refused_form_keeps_what_was_typed(users, residents, login):
    worker = login(users["worker_wenhualu"])
    page = worker.post(
        "/work/meetings/", {"kind": "resident_talk", "title": "", "place": "社区活动室", "agenda": "议程"}
    )
    assert page.status_code == 200 and "社区活动室" in page.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("language", ["zh-hans", "ug"])
def test_the_pages_read_in_both_languages(users, residents, login, language):
    resident, worker = login(users["resident"]), login(users["worker_wenhualu"])
    for client in (resident, worker):
        client.cookies["django_language"] = language
    assert resident.get("/meetings/").status_code == 200
    assert worker.get("/work/meetings/").status_code == 200
    body = worker.get("/work/meetings/", headers={"accept-language": language}).content.decode()
    assert ("كېڭەش يىغىنى" in body) == (language == "ug")


def test_another_units_meeting_is_not_found(users, residents, login):
    login(users["worker_wenhualu"]).post(
        "/work/meetings/",
        {"kind": "other", "title": "会议", "place": "活动室", "starts_at": "2027-01-05T10:00", "agenda": "议程"},
    )
    meeting = Meeting.objects.get()
    assert login(users["worker_xindi"]).get(f"/work/meetings/{meeting.pk}/").status_code == 404
