from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shequ.core.models import CalendarDay, CalendarYear, DomainEvent
from shequ.core.workflow import TransitionForbidden, calendar_year_changed
from shequ.feedback.models import Rating, Rectification, RectificationEvent
from shequ.feedback.selectors import rating_statistics, rectification_queues
from shequ.feedback.services import rating_create, rectification_transition
from shequ.feedback.workflow import TRANSITIONS, Status
from shequ.notifications.models import Notification


@pytest.fixture
def bad(application, users):
    """张三's 不满意 of his completed application, with its rectification."""
    rating = rating_create(
        target_type="application", target_id=application.pk, level=2, comment="态度不好", acting_user=users["resident"]
    )
    return rating.rectification


def step(rectification, to, user, note="情况说明", **extra):
    return rectification_transition(rectification=rectification, to=to, acting_user=user, note=note, **extra)


def test_the_whole_bad_rating_flow_ends_with_feedback_to_the_resident(bad, users, django_capture_on_commit_callbacks):
    worker = users["worker_wenhualu"]
    step(bad, "visited", worker, note="电话回访，居民反映属实", verified=True)
    step(bad, "rectified", worker, note="已对窗口人员批评教育")
    with django_capture_on_commit_callbacks(execute=True):
        closed = step(bad, "closed", worker, note="已向居民反馈整改结果")
    closed.refresh_from_db()
    assert closed.status == Status.CLOSED and closed.verified is True
    assert (closed.visit_note, closed.rectify_note, closed.feedback_note) == (
        "电话回访，居民反映属实",
        "已对窗口人员批评教育",
        "已向居民反馈整改结果",
    )
    assert closed.visited_at and closed.rectified_at and closed.closed_at
    assert list(closed.history.values_list("from_status", "to_status", "actor__username")) == [
        ("", "return_visit_pending", None),  # the rater is not named to the handling staff
        ("return_visit_pending", "visited", "worker_wenhualu"),
        ("visited", "rectified", "worker_wenhualu"),
        ("rectified", "closed", "worker_wenhualu"),
    ]
    notice = Notification.objects.get(recipient=users["resident"], key="feedback.rating_handled")
    assert notice.body == "已向居民反馈整改结果"
    assert notice.link == f"/feedback/rate/application/{bad.rating.target_id}/"
    assert DomainEvent.objects.filter(verb="rectification.transitioned", target_id=str(bad.pk)).count() == 3


def test_the_return_visit_needs_a_note_and_a_verdict(bad, users):
    with pytest.raises(ValidationError) as refused:
        step(bad, "visited", users["worker_wenhualu"], note=" ")
    assert set(refused.value.message_dict) == {"note", "verified"}
    bad.refresh_from_db()
    assert bad.status == Status.RETURN_VISIT_PENDING


def test_appeal_upheld_excludes_the_rating_with_the_reason(bad, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        step(bad, "appealed", users["worker_wenhualu"], note="居民误评：所评事项非本站办理")
    assert Notification.objects.filter(recipient=users["township_jms"], key="feedback.appeal").exists()
    step(bad, "excluded", users["township_jms"], note="经核实为误评，予以剔除")
    rating = Rating.objects.get(pk=bad.rating_id)
    assert rating.excluded and rating.excluded_reason == "经核实为误评，予以剔除"
    assert rating.excluded_by == users["township_jms"] and rating.excluded_at
    bad.refresh_from_db()
    assert (bad.status, bad.appealed_by, bad.reviewed_by) == (
        Status.EXCLUDED,
        users["worker_wenhualu"],
        users["township_jms"],
    )
    assert DomainEvent.objects.filter(verb="rating.excluded", reason="经核实为误评，予以剔除").exists()
    assert rating_statistics(user=users["admin"], group_by="service") == []


def test_appeal_rejected_goes_back_to_visited(bad, users):
    step(bad, "visited", users["worker_wenhualu"], verified=False, note="居民称不记得")
    step(bad, "appealed", users["worker_wenhualu"], note="疑似恶意差评")
    rejected = step(bad, "visited", users["county_mz"], note="证据不足，驳回申诉")
    assert rejected.status == Status.VISITED and rejected.verified is True
    assert rejected.review_note == "证据不足，驳回申诉" and rejected.reviewed_by == users["county_mz"]
    assert not Rating.objects.get(pk=bad.rating_id).excluded
    # …and the rectification goes on.
    step(bad, "rectified", users["worker_wenhualu"], note="已整改")


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
def test_who_decides_appeals(bad, users, user, allowed):
    step(bad, "appealed", users["county_admin"] if user != "county_admin" else users["worker_wenhualu"], note="误评")
    if allowed:
        assert step(bad, "excluded", users[user], note="剔除").status == Status.EXCLUDED
    else:
        with pytest.raises(PermissionDenied):
            step(bad, "excluded", users[user], note="剔除")


@pytest.mark.parametrize(
    ("user", "allowed"),
    [
        ("worker_wenhualu", True),
        ("township_jms", True),
        ("county_admin", True),
        ("county_mz", True),  # the item is 民政局's
        ("county_jy", False),  # another department
        ("grid_wenhualu", False),
        ("worker_xindi", False),  # another unit
        ("township_xd", False),
        ("resident", False),
    ],
)
def test_who_makes_the_return_visit(bad, users, user, allowed):
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
        (["visited", "rectified", "closed"], "appealed"),
        (["visited", "rectified", "closed"], "visited"),
        (["appealed", "excluded"], "visited"),
        ([], "nonsense"),
    ],
)
def test_the_table_forbids_other_steps(bad, users, path, to):
    for target in path:
        user = users["county_admin"] if target == "excluded" else users["worker_wenhualu"]
        step(bad, target, user, verified=True)
    with pytest.raises(TransitionForbidden):
        step(bad, to, users["county_admin"], verified=True)


def test_the_table_is_the_one_described():
    assert set(TRANSITIONS) == {
        ("return_visit_pending", "visited"),
        ("visited", "rectified"),
        ("rectified", "closed"),
        ("return_visit_pending", "appealed"),
        ("visited", "appealed"),
        ("rectified", "appealed"),
        ("appealed", "excluded"),
        ("appealed", "visited"),
    }


def test_history_is_append_only(bad):
    event = RectificationEvent.objects.filter(rectification=bad).first()
    event.note = "改写"
    with pytest.raises(ValueError, match="append-only"):
        event.save()


def test_workbench_queues(bad, users, application):
    worker, today = users["worker_wenhualu"], bad.opened_on
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
