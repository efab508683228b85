"""An item's approval chain (issue 8, item 6): 高龄津贴 goes village → township → county 民政局, each
level acting only when the case waits there, each with its own clock; items handled in one place
behave as before."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from shequ.core.workflow import TransitionForbidden
from shequ.notifications.models import Notification
from shequ.services.catalogue import CATALOGUE, CHAINS, catalogue_entries
from shequ.services.chain import chain_errors
from shequ.services.models import Application, ServiceItem
from shequ.services.selectors import application_clock, application_queues
from shequ.services.services import application_submit, application_transition
from shequ.services.workflow import Move, Status
from tests.factories import ServiceItemFactory

CHAIN = [{"level": "village", "days": 3}, {"level": "township", "days": 3}, {"level": "county", "days": 4}]
REJECTION = {"reason": "不符合条件", "legal_basis": "《新疆维吾尔自治区高龄津贴发放办法》"}


@pytest.fixture
def chained(db):
    """高龄津贴 as the catalogue declares it: 10 working days = village 3 + township 3 + county 4."""
    return ServiceItemFactory(code="MZ-GLJT", name="高龄津贴", promised_days=10, chain=CHAIN)


def submit(users, residents, item, today=date(2026, 11, 2), applicant="zhangsan"):
    """张三 applies (for himself or his wife); anyone else is registered at 文化路's window."""
    acting_user = users["resident"] if applicant in ("zhangsan", "wife") else users["worker_wenhualu"]
    return application_submit(service=item, applicant=residents[applicant], acting_user=acting_user, today=today)


def move(application, to, user, today, **kwargs):
    return application_transition(application=application, to=to, acting_user=user, today=today, **kwargs)


def handled_at_village(users, application):
    village = users["worker_wenhualu"]
    move(application, Status.ACCEPTED, village, date(2026, 11, 2))
    return move(application, Status.IN_PROGRESS, village, date(2026, 11, 3))


def test_the_full_chain_with_a_return_in_the_middle_keeps_a_clock_per_level(
    users, residents, chained, django_capture_on_commit_callbacks
):
    village, township, county = users["worker_wenhualu"], users["township_jms"], users["county_mz"]
    with django_capture_on_commit_callbacks(execute=True):
        application = submit(users, residents, chained)
        assert (application.level, application.due_date) == ("village", date(2026, 11, 5))  # 3 working days
        handled_at_village(users, application)
        application = move(application, Move.FORWARDED, village, date(2026, 11, 4))
        assert (application.status, application.level) == (Status.IN_PROGRESS, "township")
        assert application.due_date == date(2026, 11, 9)  # 3 working days from its arrival: 5, 6 and 9 Nov
        application = move(application, Move.RETURNED, township, date(2026, 11, 5), reason="缺少银行卡复印件")
        assert (application.level, application.due_date) == ("village", date(2026, 11, 10))
        application = move(application, Move.FORWARDED, village, date(2026, 11, 6))
        application = move(application, Move.FORWARDED, township, date(2026, 11, 9))
        assert (application.level, application.due_date) == ("county", date(2026, 11, 13))  # 4 working days
        application = move(application, Status.COMPLETED, county, date(2026, 11, 12))
    assert application.status == Status.COMPLETED and application.handled_by == county

    steps = list(application.history.values_list("level", "move", "to_status", "actor__username"))
    assert steps == [
        ("village", "", "submitted", "resident"),
        ("village", "", "accepted", "worker_wenhualu"),
        ("village", "", "in_progress", "worker_wenhualu"),
        ("village", "forwarded", "in_progress", "worker_wenhualu"),
        ("township", "returned", "in_progress", "township_jms"),
        ("village", "forwarded", "in_progress", "worker_wenhualu"),
        ("township", "forwarded", "in_progress", "township_jms"),
        ("county", "", "completed", "county_mz"),
    ]
    assert application.history.get(move="returned").data["reason"] == "缺少银行卡复印件"

    clock = application_clock(application=application, history=list(application.history.all()))
    rows = [(row["level"], row["days"], row["arrived_on"], row["due"], row["left_on"]) for row in clock[:4]]
    assert rows == [
        ("village", 3, date(2026, 11, 2), date(2026, 11, 5), date(2026, 11, 4)),
        ("township", 3, date(2026, 11, 4), date(2026, 11, 9), date(2026, 11, 5)),
        ("village", 3, date(2026, 11, 5), date(2026, 11, 10), date(2026, 11, 6)),
        ("township", 3, date(2026, 11, 6), date(2026, 11, 11), date(2026, 11, 9)),
    ]
    assert (clock[4]["level"], clock[4]["arrived_on"], clock[4]["due"]) == (
        "county",
        date(2026, 11, 9),
        date(2026, 11, 13),
    )
    assert not any(row["late"] for row in clock[:4])

    keys = list(Notification.objects.filter(recipient=users["resident"]).order_by("pk").values_list("key", flat=True))
    assert keys.count("services.application_forwarded") == 3
    assert keys.count("services.application_returned") == 1
    assert keys[-1] == "services.application_approved"


def test_a_level_that_leaves_late_shows_it_on_the_clock(users, residents, chained):
    application = handled_at_village(users, submit(users, residents, chained))
    application = move(application, Move.FORWARDED, users["worker_wenhualu"], date(2026, 11, 6))  # due 5 Nov
    clock = application_clock(application=application, history=list(application.history.all()))
    assert [row["late"] for row in clock] == [True, False]


@pytest.mark.parametrize("level_reached", ["village", "township"])
def test_completing_before_the_last_level_is_forbidden(users, residents, chained, level_reached):
    application = handled_at_village(users, submit(users, residents, chained))
    actor = users["worker_wenhualu"]
    if level_reached == "township":
        application = move(application, Move.FORWARDED, actor, date(2026, 11, 4))
        actor = users["township_jms"]
    with pytest.raises(TransitionForbidden, match="县直部门"):
        move(application, Status.COMPLETED, actor, date(2026, 11, 5))
    assert Application.objects.get(pk=application.pk).status == Status.IN_PROGRESS


def test_the_chain_ends_where_it_ends(users, residents, chained):
    application = handled_at_village(users, submit(users, residents, chained))
    with pytest.raises(TransitionForbidden, match="第一级"):
        move(application, Move.RETURNED, users["worker_wenhualu"], date(2026, 11, 4), reason="退回")
    move(application, Move.FORWARDED, users["worker_wenhualu"], date(2026, 11, 4))
    application = move(application, Move.FORWARDED, users["township_jms"], date(2026, 11, 5))
    with pytest.raises(TransitionForbidden, match="最后一级"):
        move(application, Move.FORWARDED, users["county_mz"], date(2026, 11, 6))
    with pytest.raises(ValidationError) as missing:  # a return says why
        move(application, Move.RETURNED, users["county_mz"], date(2026, 11, 6))
    assert "reason" in missing.value.message_dict
    # Any level may refuse: the county rejects with its reason and legal basis.
    assert move(application, Status.REJECTED, users["county_mz"], date(2026, 11, 6), **REJECTION).status == "rejected"


@pytest.mark.parametrize(
    ("level_reached", "refused"),
    [
        # At the village: not the township, the county, nor another village.
        ("village", ["township_jms", "county_mz", "county_admin", "worker_xindi"]),
        # At the township: not the village that forwarded it, another township, the county.
        ("township", ["worker_wenhualu", "township_xd", "county_mz"]),
        # At the county: only the item's department; not the levels below.
        ("county", ["county_jy", "township_jms", "worker_wenhualu"]),
    ],
)
def test_only_the_level_it_waits_at_acts_within_its_scope(users, residents, chained, level_reached, refused):
    application = handled_at_village(users, submit(users, residents, chained))
    order = ["village", "township", "county"]
    actors = {"village": "worker_wenhualu", "township": "township_jms", "county": "county_mz"}
    for level in order[: order.index(level_reached)]:
        application = move(application, Move.FORWARDED, users[actors[level]], date(2026, 11, 4))
    assert application.level == level_reached
    for username in refused:
        with pytest.raises(PermissionDenied):
            move(application, Status.REJECTED, users[username], date(2026, 11, 5), **REJECTION)
    assert users[actors[level_reached]].has_perm("services.handle_application", application)


def test_items_handled_in_one_place_are_unchanged(users, residents):
    item = ServiceItemFactory(promised_days=10)  # no chain
    application = submit(users, residents, item)
    assert (application.chain, application.level, application.due_date) == ([], "village", date(2026, 11, 16))
    # Any local handler of the area acts, as before.
    move(application, Status.ACCEPTED, users["township_jms"], date(2026, 11, 2))
    move(application, Status.IN_PROGRESS, users["worker_wenhualu"], date(2026, 11, 3))
    with pytest.raises(TransitionForbidden, match="无需上报"):
        move(application, Move.FORWARDED, users["worker_wenhualu"], date(2026, 11, 4))
    application = move(application, Status.COMPLETED, users["worker_wenhualu"], date(2026, 11, 4))
    assert application.status == Status.COMPLETED and application.level == "village"


def test_each_level_has_its_own_queue(users, residents, chained):
    # Three people: one person has one open application of an item at a time.
    at_village = submit(users, residents, chained)
    at_township = move(
        handled_at_village(users, submit(users, residents, chained, applicant="wife")),
        Move.FORWARDED,
        users["worker_wenhualu"],
        date(2026, 11, 4),
    )
    at_county = move(
        move(
            handled_at_village(users, submit(users, residents, chained, applicant="wangwu")),
            Move.FORWARDED,
            users["worker_wenhualu"],
            date(2026, 11, 4),
        ),
        Move.FORWARDED,
        users["township_jms"],
        date(2026, 11, 5),
    )

    def queue(username):
        return set(application_queues(user=users[username], today=date(2026, 11, 5))["at_level"])

    assert queue("worker_wenhualu") == {at_village}
    assert queue("township_jms") == {at_township}
    assert queue("county_mz") == {at_county}
    assert queue("township_xd") == set() and queue("county_jy") == set() and queue("grid_wenhualu") == set()


def test_the_api_shows_level_and_chain_and_moves_the_case(users, residents, chained):
    resident, village, township, county = (APIClient() for _ in range(4))
    resident.force_authenticate(users["resident"])
    village.force_authenticate(users["worker_wenhualu"])
    township.force_authenticate(users["township_jms"])
    county.force_authenticate(users["county_mz"])
    created = resident.post("/api/v1/applications/", {"service": "MZ-GLJT"}, format="json").json()
    assert (created["level"], created["chain"]) == ("village", ["village", "township", "county"])
    url = f"/api/v1/applications/{created['id']}/transition/"
    village.post(url, {"to": "accepted"}, format="json")
    village.post(url, {"to": "in_progress"}, format="json")
    early = village.post(url, {"to": "completed"}, format="json")
    assert early.status_code == 409 and early.json()["code"] == "services.transition_forbidden"
    forwarded = village.post(url, {"to": "forwarded"}, format="json").json()
    assert (forwarded["status"], forwarded["level"]) == ("in_progress", "township")
    assert {"move": "forwarded", "level": "village"}.items() <= forwarded["history"][-1].items()
    assert village.post(url, {"to": "returned", "reason": "x"}, format="json").status_code == 403
    assert township.post(url, {"to": "returned"}, format="json").status_code == 400  # no reason
    queue = township.get("/api/v1/applications/?level=township").json()["results"]
    assert [row["id"] for row in queue] == [created["id"]]
    assert village.get("/api/v1/applications/?level=township").json()["results"][0]["id"] == created["id"]
    assert township.get("/api/v1/applications/?level=village").json()["results"] == []
    assert township.get("/api/v1/applications/?level=city").status_code == 400
    township.post(url, {"to": "forwarded"}, format="json")
    done = county.post(url, {"to": "completed", "note": "同意"}, format="json").json()
    assert (done["status"], done["level"]) == ("completed", "county")


def test_the_case_pages_show_the_chain_and_offer_only_the_steps_of_the_level(users, residents, chained, login):
    application = handled_at_village(users, submit(users, residents, chained))
    village = login(users["worker_wenhualu"])
    page = village.get(f"/work/applications/{application.pk}/").content.decode()
    assert "审批流程" in page and 'value="forwarded"' in page
    assert 'value="completed"' not in page and 'value="returned"' not in page
    village.post(f"/work/applications/{application.pk}/", {"to": "forwarded", "note": "材料齐全"})
    assert 'name="to"' not in village.get(f"/work/applications/{application.pk}/").content.decode()
    township = login(users["township_jms"])
    assert str(application.number) in township.get("/work/applications/").content.decode()  # its own queue first
    page = township.get(f"/work/applications/{application.pk}/").content.decode()
    assert 'value="forwarded"' in page and 'value="returned"' in page and "worker_wenhualu" in page
    resident_page = login(users["resident"]).get(f"/services/applications/{application.pk}/").content.decode()
    assert "乡镇" in resident_page and "本级办理期限" in resident_page


def test_the_guide_shows_each_level_with_its_days(chained, client):
    guide = client.get("/services/items/MZ-GLJT/").content.decode()
    assert "审批层级" in guide and "乡镇 · 3 个工作日" in guide and "县直部门 · 4 个工作日" in guide


def test_every_chain_of_the_catalogue_adds_up_to_its_promised_days():
    entries = dict(catalogue_entries())
    assert set(CHAINS) <= {item["code"] for item in CATALOGUE}
    for code in CHAINS:
        assert chain_errors(entries[code]["chain"], promised_days=entries[code]["promised_days"]) == []
    assert entries["GA-HJZM"]["chain"] == []  # handled at the window alone


@pytest.mark.parametrize(
    ("chain", "message"),
    [
        ([{"level": "township", "days": 5}, {"level": "village", "days": 5}], "由低到高"),
        ([{"level": "village", "days": 5}, {"level": "village", "days": 5}], "不重复"),
        ([{"level": "village", "days": 0}, {"level": "county", "days": 10}], "正整数"),
        ([{"level": "village", "days": 3}, {"level": "county", "days": 3}], "应等于承诺时限"),
        ([{"level": "village"}], "格式不正确"),
    ],
)
def test_a_chain_that_does_not_add_up_is_refused(db, chain, message):
    item = ServiceItem(code="X-1", name="测试", kind="government", department="mzj", handled_at="village")
    item.promised_days, item.chain = 10, chain
    with pytest.raises(ValidationError, match=message):
        item.full_clean()
