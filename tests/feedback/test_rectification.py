from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shequ.accounts.models import Role
from shequ.core.models import CalendarDay, CalendarYear, DomainEvent
from shequ.core.workflow import TransitionForbidden, calendar_year_changed
from shequ.feedback.models import Rating, Rectification, RectificationEvent
from shequ.feedback.selectors import rating_statistics, rectification_queues
from shequ.feedback.services import rating_create
from shequ.feedback.workflow import TRANSITIONS, Status
from shequ.notifications.models import Notification
from tests.conftest import WENHUALU, make_user
from tests.feedback.conftest import rectification_step


@pytest.fixture
def bad(application, users):
    """张三's 不满意 of his completed application, with its rectification."""
    rating = rating_create(
        target_type="application", target_id=application.pk, level=2, comment="态度不好", acting_user=users["resident"]
    )
    return rating.rectification


def step(rectification, to, user, note="情况说明，经核实已处理", **extra):
    return rectification_step(rectification, to, user, note=note, **extra)


def test_the_head_rectifies_with_evidence_and_the_resident_confirms(
    bad, users, head, django_capture_on_commit_callbacks
):
    step(bad, "visited", head, note="电话回访，居民反映属实", verified=True)
    with django_capture_on_commit_callbacks(execute=True):
        step(bad, "rectified", head, note="已对窗口人员批评教育，附谈话记录")
    to_confirm = Notification.objects.get(recipient=users["resident"], key="feedback.rectification_to_confirm")
    assert to_confirm.body == "已对窗口人员批评教育，附谈话记录"
    assert to_confirm.link == f"/feedback/rate/application/{bad.rating.target_id}/"
    bad.refresh_from_db()
    assert bad.status == Status.RECTIFIED and bad.confirm_due > bad.rectified_at.date()
    assert [file.content_type for file in bad.files.all()] == ["image/png"]
    with django_capture_on_commit_callbacks(execute=True):
        closed = step(bad, "closed", users["resident"], note="")
    closed.refresh_from_db()
    assert closed.status == Status.CLOSED and closed.verified is True and not closed.confirmed_by_phone
    assert (closed.visit_note, closed.rectify_note) == ("电话回访，居民反映属实", "已对窗口人员批评教育，附谈话记录")
    assert closed.visited_at and closed.rectified_at and closed.closed_at
    assert list(closed.history.values_list("from_status", "to_status", "actor__username")) == [
        ("", "return_visit_pending", None),  # the rater is not named to the handling staff
        ("return_visit_pending", "visited", "head_wenhualu"),
        ("visited", "rectified", "head_wenhualu"),
        ("rectified", "closed", "resident"),
    ]
    # The resident answered in person: no notice tells them what they just did.
    assert not Notification.objects.filter(recipient=users["resident"], key="feedback.rating_handled").exists()
    assert DomainEvent.objects.filter(verb="rectification.transitioned", target_id=str(bad.pk)).count() == 3


def test_the_return_visit_needs_a_note_and_a_verdict(bad, head):
    with pytest.raises(ValidationError) as refused:
        step(bad, "visited", head, note=" ")
    assert set(refused.value.message_dict) == {"note", "verified"}
    bad.refresh_from_db()
    assert bad.status == Status.RETURN_VISIT_PENDING


def test_appeal_upheld_excludes_the_rating_with_the_reason(bad, users, head, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        step(bad, "appealed", head, note="居民误评：所评事项非本站办理")
    assert Notification.objects.filter(recipient=users["township_jms"], key="feedback.appeal").exists()
    step(bad, "excluded", users["township_jms"], note="经核实为误评，予以剔除")
    rating = Rating.objects.get(pk=bad.rating_id)
    assert rating.excluded and rating.excluded_reason == "经核实为误评，予以剔除"
    assert rating.excluded_by == users["township_jms"] and rating.excluded_at
    bad.refresh_from_db()
    assert (bad.status, bad.appealed_by, bad.reviewed_by) == (Status.EXCLUDED, head, users["township_jms"])
    assert DomainEvent.objects.filter(verb="rating.excluded", reason="经核实为误评，予以剔除").exists()
    assert rating_statistics(user=users["admin"], group_by="service") == []


def test_appeal_rejected_goes_back_to_visited(bad, users, head):
    step(bad, "visited", head, verified=False, note="居民称不记得")
    step(bad, "appealed", head, note="疑似恶意差评")
    rejected = step(bad, "visited", users["county_mz"], note="证据不足，驳回申诉")
    assert rejected.status == Status.VISITED and rejected.verified is True
    assert rejected.review_note == "证据不足，驳回申诉" and rejected.reviewed_by == users["county_mz"]
    assert not Rating.objects.get(pk=bad.rating_id).excluded
    # …and the rectification goes on.
    step(bad, "rectified", head)


def test_the_appellant_may_not_decide_their_own_appeal(bad, users):
    step(bad, "appealed", users["township_jms"], note="误评")
    with pytest.raises(PermissionDenied):
        step(bad, "excluded", users["township_jms"], note="剔除")
    step(bad, "excluded", users["county_admin"], note="剔除")


@pytest.mark.parametrize(
    ("user", "allowed"),
    [
        ("worker_wenhualu", False),
        ("grid_wenhualu", False),
        ("county_jy", False),
        ("township_xd", False),
        ("township_jms", True),
        ("county_admin", True),
        ("county_mz", True),
    ],
)
def test_who_decides_appeals(bad, users, head, user, allowed):
    step(bad, "appealed", users["county_admin"] if user != "county_admin" else head, note="误评")
    if allowed:
        assert step(bad, "excluded", users[user], note="剔除").status == Status.EXCLUDED
    else:
        with pytest.raises(PermissionDenied):
            step(bad, "excluded", users[user], note="剔除")


@pytest.mark.parametrize(
    ("user", "allowed"),
    [
        ("head_wenhualu", True),  # the unit's head
        ("township_jms", True),
        ("county_admin", True),
        ("head_mz", True),  # the head of 民政局, whose item it is
        ("worker_wenhualu", False),  # the rated worker
        ("worker2_wenhualu", False),  # a worker of the unit who is not its head
        ("county_mz", False),  # 民政局, but not its head
        ("head_jy", False),  # the head of another department
        ("grid_wenhualu", False),
        ("worker_xindi", False),  # another unit
        ("township_xd", False),
        ("resident", False),
    ],
)
def test_who_makes_the_return_visit(bad, users, regions, head, user, allowed):
    county = regions["652327"]
    users = users | {
        "head_wenhualu": head,
        "head_mz": make_user("head_mz", Role.COUNTY_STAFF, county, department="mzj", is_unit_head=True),
        "head_jy": make_user("head_jy", Role.COUNTY_STAFF, county, department="jyj", is_unit_head=True),
        "worker2_wenhualu": make_user("worker2_wenhualu", Role.VILLAGE_WORKER, regions[WENHUALU]),
    }
    if allowed:
        assert step(bad, "visited", users[user], verified=True).status == Status.VISITED
    else:
        with pytest.raises(PermissionDenied):
            step(bad, "visited", users[user], verified=True)


@pytest.mark.parametrize(
    ("path", "to"),
    [
        ([], "rectified"),
        ([], "closed"),
        ([], "excluded"),
        (["visited"], "closed"),
        (["visited"], "disputed"),
        (["visited", "rectified"], "appealed"),
        (["visited", "rectified", "closed"], "appealed"),
        (["visited", "rectified", "closed"], "visited"),
        (["visited", "rectified", "closed"], "disputed"),
        (["appealed", "excluded"], "visited"),
        ([], "nonsense"),
    ],
)
def test_the_table_forbids_other_steps(bad, users, head, path, to):
    by = {"excluded": users["county_admin"], "closed": users["resident"]}
    for target in path:
        step(bad, target, by.get(target, head), verified=True)
    with pytest.raises(TransitionForbidden):
        step(bad, to, users["county_admin"], verified=True)


def test_the_table_is_the_one_described():
    assert set(TRANSITIONS) == {
        ("return_visit_pending", "visited"),
        ("visited", "rectified"),
        ("rectified", "closed"),
        ("rectified", "disputed"),
        ("disputed", "rectified"),
        ("return_visit_pending", "appealed"),
        ("visited", "appealed"),
        ("disputed", "appealed"),
        ("appealed", "excluded"),
        ("appealed", "visited"),
    }


def test_history_is_append_only(bad):
    event = RectificationEvent.objects.filter(rectification=bad).first()
    event.note = "改写"
    with pytest.raises(ValueError, match="append-only"):
        event.save()


def test_workbench_queues(bad, users, head, application):
    worker, today = head, bad.opened_on
    # The rated worker sees the case but has nothing to do with it.
    assert not rectification_queues(user=users["worker_wenhualu"], today=today)["return_visit_due"].exists()
    queues = rectification_queues(user=worker, today=today)
    assert list(queues["return_visit_due"]) == [bad] and not queues["return_visit_overdue"].exists()
    if bad.return_visit_due:
        late = rectification_queues(user=worker, today=date(bad.return_visit_due.year, 12, 31))
        assert list(late["return_visit_overdue"]) == [bad]
    assert not rectification_queues(user=users["worker_xindi"], today=today)["return_visit_due"].exists()
    step(bad, "appealed", worker, note="误评")
    assert list(rectification_queues(user=users["township_jms"], today=today)["appeals"]) == [bad]
    assert not rectification_queues(user=worker, today=today)["appeals"].exists()
    assert not rectification_queues(user=users["county_jy"], today=today)["appeals"].exists()


def test_due_dates_are_computed_once_the_year_is_entered(bad, users):
    Rectification.objects.filter(pk=bad.pk).update(
        opened_on=date(2027, 12, 20), return_visit_due=None, rectify_due=None, calendar_missing=2027
    )
    year = CalendarYear.objects.create(year=2027, source="国办发明电〔2026〕X号")
    CalendarDay.objects.create(calendar_year=year, day=date(2027, 12, 21), is_workday=False)
    calendar_year_changed(2027)
    bad.refresh_from_db()
    # The return visit falls in 2027 (21 December entered as a holiday); 15 working days reach into
    # 2028, whose schedule is not known yet.
    assert (bad.return_visit_due, bad.rectify_due, bad.calendar_missing) == (date(2027, 12, 22), None, 2028)
