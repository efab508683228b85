"""Household votes: one per household whichever member or channel comes first, proxies only with a
recorded authorisation, quorum and majority as the motion defines, and each unit's meetings seen
only there."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shequ.core.errors import DomainError
from shequ.deliberation.models import Basis, Majority, MeetingKind
from shequ.deliberation.selectors import motion_result
from shequ.deliberation.services import (
    attendance_check_in,
    meeting_create,
    motion_add,
    motion_close,
    motion_open,
    proxy_record,
    vote_cast,
)
from tests.conftest import WENHUALU
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(users, regions):
    return meeting_create(
        acting_user=users["worker_wenhualu"],
        unit=regions[WENHUALU],
        title="文化路社区居民恳谈日",
        place="社区活动室",
        starts_at=timezone.now() + timedelta(days=1),
        agenda="小区停车位划线方案",
        kind=MeetingKind.RESIDENT_TALK,
    )


def open_motion(users, meeting, **rules):
    rules = {"basis": Basis.HOUSEHOLD, "quorum_percent": 50, "majority": Majority.SIMPLE} | rules
    motion = motion_add(acting_user=users["worker_wenhualu"], meeting=meeting, title="同意停车位划线方案", **rules)
    return motion_open(acting_user=users["worker_wenhualu"], motion=motion)


@pytest.fixture
def wife_account(residents):
    account = UserFactory(username="liufang", role="resident", region=residents["home"].region)
    residents["wife"].account = account
    residents["wife"].save(update_fields=["account"])
    return account


def test_a_second_member_of_a_household_is_refused_and_told_who_voted(users, residents, meeting, wife_account, login):
    motion = open_motion(users, meeting)
    first = login(users["resident"]).post(
        f"/api/v1/meetings/{meeting.pk}/votes/", {"motion": motion.pk, "choice": "yes"}, content_type="application/json"
    )
    assert first.status_code == 201
    second = login(wife_account).post(
        f"/api/v1/meetings/{meeting.pk}/votes/", {"motion": motion.pk, "choice": "no"}, content_type="application/json"
    )
    assert second.status_code == 409
    assert second.json()["code"] == "participation.household_voted"
    assert "张三" in second.json()["detail"]
    assert motion_result(motion=motion).counts == {"yes": 1, "no": 0, "abstain": 0}


def test_a_person_vote_counts_every_adult(users, residents, meeting, wife_account):
    motion = open_motion(users, meeting, basis=Basis.PERSON)
    vote_cast(acting_user=users["resident"], motion=motion, choice="yes")
    vote_cast(acting_user=wife_account, motion=motion, choice="no")
    with pytest.raises(DomainError) as again:
        vote_cast(acting_user=users["resident"], motion=motion, choice="no")
    assert again.value.api_code == "participation.already_voted"
    assert motion_result(motion=motion).voted == 2


def test_a_proxy_votes_only_with_a_recorded_authorisation(users, residents, meeting):
    motion = open_motion(users, meeting)
    other_household = residents["wangwu"].household
    with pytest.raises(DomainError) as refused:
        vote_cast(acting_user=users["resident"], motion=motion, choice="yes", for_household=other_household)
    assert refused.value.api_code == "participation.no_proxy"
    proxy_record(
        acting_user=users["worker_wenhualu"],
        meeting=meeting,
        grantor_id_number=residents["wangwu"].id_number,
        proxy_id_number=residents["zhangsan"].id_number,
        note="书面委托书",
    )
    vote_cast(acting_user=users["resident"], motion=motion, choice="yes", for_household=other_household)
    vote_cast(acting_user=users["resident"], motion=motion, choice="yes")
    assert motion_result(motion=motion).voted == 2


def test_online_and_onsite_votes_add_up_without_double_counting(users, residents, meeting):
    motion = open_motion(users, meeting)
    worker = users["worker_wenhualu"]
    vote_cast(acting_user=users["resident"], motion=motion, choice="yes")
    with pytest.raises(DomainError) as not_checked_in:
        vote_cast(acting_user=worker, motion=motion, choice="no", person=residents["wangwu"])
    assert not_checked_in.value.api_code == "participation.not_checked_in"
    for person in ("wife", "wangwu"):
        attendance_check_in(acting_user=worker, meeting=meeting, id_number=residents[person].id_number)
    with pytest.raises(DomainError) as household_voted:
        vote_cast(acting_user=worker, motion=motion, choice="no", person=residents["wife"])
    assert household_voted.value.api_code == "participation.household_voted"
    vote_cast(acting_user=worker, motion=motion, choice="no", person=residents["wangwu"])
    result = motion_result(motion=motion)
    assert (result.voted, result.online, result.onsite, result.entitled) == (2, 1, 1, 2)
    assert result.counts == {"yes": 1, "no": 1, "abstain": 0}
    assert result.quorum_reached and not result.passed  # one of two is not more than half


def test_a_quorum_not_reached_is_reported_and_nothing_passes(users, residents, meeting):
    motion = open_motion(users, meeting, quorum_percent=100)
    vote_cast(acting_user=users["resident"], motion=motion, choice="yes")
    result = motion_result(motion=motion)
    assert not result.quorum_reached and not result.passed and result.turnout_percent == 50


def test_two_thirds_and_absolute_majorities(users, residents, meeting, wife_account):
    motion = open_motion(users, meeting, majority=Majority.ABSOLUTE, quorum_percent=0)
    vote_cast(acting_user=users["resident"], motion=motion, choice="yes")
    assert not motion_result(motion=motion).passed  # 1 of 2 households is not more than half
    person_motion = open_motion(users, meeting, basis=Basis.PERSON, majority=Majority.TWO_THIRDS, quorum_percent=0)
    vote_cast(acting_user=users["resident"], motion=person_motion, choice="yes")
    vote_cast(acting_user=wife_account, motion=person_motion, choice="yes")
    assert motion_result(motion=person_motion).passed


def test_a_closed_motion_takes_no_votes_and_cannot_reopen(users, residents, meeting):
    motion = open_motion(users, meeting)
    motion_close(acting_user=users["worker_wenhualu"], motion=motion)
    with pytest.raises(DomainError) as closed:
        vote_cast(acting_user=users["resident"], motion=motion, choice="yes")
    assert closed.value.api_code == "participation.motion_not_open"
    with pytest.raises(DomainError):
        motion_open(acting_user=users["worker_wenhualu"], motion=motion)


def test_meetings_are_seen_in_their_unit_only(users, residents, meeting, login):
    motion = open_motion(users, meeting)
    listed = login(users["resident"]).get("/api/v1/meetings/").json()["results"]
    assert [row["id"] for row in listed] == [meeting.pk]
    detail = login(users["resident"]).get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert detail["motions"] == [
        {
            "id": motion.pk,
            "title": "同意停车位划线方案",
            "text": "",
            "basis": "household",
            "open": True,
            "choices": ["yes", "no", "abstain"],
            "quorum_percent": 50,
            "majority": "simple",
            "closed_at": None,
        }
    ]
    assert login(users["worker_xindi"]).get(f"/api/v1/meetings/{meeting.pk}/").status_code == 404
    xindi_resident = UserFactory(username="lisi", role="resident", region=residents["village"].region)
    residents["lisi"].account = xindi_resident
    residents["lisi"].save(update_fields=["account"])
    assert login(xindi_resident).get(f"/api/v1/meetings/{meeting.pk}/").status_code == 404
    refused = login(xindi_resident).post(
        f"/api/v1/meetings/{meeting.pk}/votes/", {"motion": motion.pk, "choice": "yes"}, content_type="application/json"
    )
    assert refused.status_code == 404


def test_the_vote_page_keeps_a_refused_voter_informed(users, residents, meeting, wife_account, login):
    motion = open_motion(users, meeting)
    vote_cast(acting_user=users["resident"], motion=motion, choice="yes")
    page = login(wife_account).post(f"/meetings/{meeting.pk}/", {"motion": motion.pk, f"m{motion.pk}-choice": "no"})
    assert page.status_code == 200
    assert "张三" in page.content.decode() and "每户只计一票" in page.content.decode()
