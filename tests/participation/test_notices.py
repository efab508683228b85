"""Notices reach the region and audience they are addressed to; reads give the reach per unit."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from shequ.participation.models import Audience
from shequ.participation.selectors import notice_reach, notices_for_reader, notices_published
from shequ.participation.services import NotAddressed, notice_publish, notice_read
from shequ.residents.choices import CareTag, Relation
from tests.conftest import WENHUALU, XINDI
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def publish(user, region, **fields):
    return notice_publish(acting_user=user, region=region, title="停水通知", body="明天上午停水。", **fields)


@pytest.fixture
def lisi_account(residents):
    account = UserFactory(username="lisi", phone="13900000001")
    residents["lisi"].account = account
    residents["lisi"].save()
    return account


def test_a_resident_sees_notices_of_the_regions_above_them_not_of_other_units(users, regions, residents, lisi_account):
    county = publish(users["county_admin"], regions["652327"])
    unit = publish(users["worker_wenhualu"], regions[WENHUALU])
    grid2 = publish(users["county_admin"], regions[WENHUALU + "002"])
    village = publish(users["worker_xindi"], regions[XINDI])
    assert set(notices_for_reader(user=users["resident"])) == {county, unit}
    assert set(notices_for_reader(user=lisi_account)) == {county, village}
    assert grid2 not in notices_for_reader(user=users["resident"])


def test_audiences_reach_workers_volunteers_and_tagged_households_only(users, regions, residents, lisi_account):
    workers = publish(users["county_admin"], regions["652327"], audience=Audience.WORKERS)
    volunteers = publish(users["county_admin"], regions["652327"], audience=Audience.VOLUNTEERS)
    disabled = publish(
        users["county_admin"], regions["652327"], audience=Audience.CARE_TAGGED, care_tag=CareTag.DISABLED
    )
    assert set(notices_for_reader(user=users["worker_wenhualu"])) == {workers}
    assert set(notices_for_reader(user=users["volunteer"])) == {volunteers}
    # 张三's wife is tagged 残疾人: the household gets it; 李四's household is tagged otherwise.
    assert set(notices_for_reader(user=users["resident"])) == {disabled}
    assert set(notices_for_reader(user=lisi_account)) == set()


def test_expired_notices_disappear_and_pinned_ones_come_first(users, regions, residents):
    old = publish(users["county_admin"], regions["652327"])
    pinned = publish(users["county_admin"], regions["652327"], pinned=True)
    ending = publish(users["county_admin"], regions["652327"], expires_at=timezone.now() + timedelta(minutes=1))
    assert notices_for_reader(user=users["resident"]).first() == pinned
    ending.expires_at = timezone.now() - timedelta(seconds=1)
    ending.save()
    assert list(notices_for_reader(user=users["resident"])) == [pinned, old]


def test_reach_counts_addressed_and_read_accounts_per_unit(users, regions, residents, lisi_account):
    neighbour = UserFactory(username="neighbour")
    PersonFactory(household=residents["home"], name="赵六", relation=Relation.CHILD, account=neighbour)
    notice = publish(users["county_admin"], regions["652327"])
    assert notice_read(notice=notice, acting_user=users["resident"]) is True
    assert notice_read(notice=notice, acting_user=users["resident"]) is False
    notice_read(notice=notice, acting_user=lisi_account)
    reach = {row.code: (row.addressed, row.read) for row in notice_reach(notice=notice)}
    assert reach == {WENHUALU: (2, 1), XINDI: (1, 1)}


def test_reach_is_counted_in_a_fixed_number_of_queries(
    users, regions, residents, lisi_account, django_assert_max_num_queries
):
    notice = publish(users["county_admin"], regions["652327"])
    for index in range(5):
        PersonFactory(
            household=residents["village"], name=f"村民{index}", relation=Relation.CHILD, account=UserFactory()
        )
    with django_assert_max_num_queries(3):
        notice_reach(notice=notice)


def test_a_reader_outside_the_audience_leaves_no_receipt(users, regions, residents):
    notice = publish(users["worker_xindi"], regions[XINDI])
    with pytest.raises(NotAddressed):
        notice_read(notice=notice, acting_user=users["resident"])


def test_a_worker_publishes_only_within_their_region_and_sees_only_those(users, regions):
    with pytest.raises(PermissionDenied):
        publish(users["worker_wenhualu"], regions[XINDI])
    with pytest.raises(PermissionDenied):
        publish(users["resident"], regions[WENHUALU])
    mine = publish(users["worker_wenhualu"], regions[WENHUALU])
    publish(users["worker_xindi"], regions[XINDI])
    assert list(notices_published(user=users["worker_wenhualu"])) == [mine]


def test_an_urgent_notice_texts_its_audience_after_commit_without_personal_data(
    users, regions, residents, lisi_account, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notice_publish(
            acting_user=users["worker_xindi"],
            region=regions[XINDI],
            title="暴雪预警",
            body="请减少外出。",
            title_ug="قار بوران ئاگاھلاندۇرۇشى",
            body_ug="سىرتقا چىقماڭ.",
            urgent=True,
        )
    assert [message.phone for message in sms_outbox] == ["13900000001"]
    assert "暴雪预警" in sms_outbox[0].text and "李四" not in sms_outbox[0].text


def test_the_api_lists_my_notices_and_records_the_read(users, regions, residents, login):
    notice = publish(users["county_admin"], regions["652327"])
    client = login(users["resident"])
    assert client.get("/api/v1/notices/").json()["results"][0]["is_read"] is False
    assert client.post(f"/api/v1/notices/{notice.pk}/read/").status_code == 200
    assert client.get("/api/v1/notices/").json()["results"][0]["is_read"] is True
    assert login(users["worker_xindi"]).get(f"/api/v1/notices/{notice.pk}/reach/").status_code == 404
    reach = login(users["county_admin"]).get(f"/api/v1/notices/{notice.pk}/reach/").json()
    assert {row["code"]: row["read"] for row in reach}[WENHUALU] == 1


def test_the_reader_page_marks_the_notice_read(users, regions, residents, login):
    notice = publish(users["county_admin"], regions["652327"])
    client = login(users["resident"])
    assert "停水通知" in client.get("/notices/").content.decode()
    assert client.get(f"/notices/{notice.pk}/").status_code == 200
    assert notices_for_reader(user=users["resident"]).get().is_read
