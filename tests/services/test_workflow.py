from datetime import date
from itertools import product

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from shequ.core.models import CalendarYear, DomainEvent
from shequ.core.workflow import TransitionForbidden, calendar_year_changed
from shequ.notifications.models import Notification
from shequ.services.family import NotAuthorised
from shequ.services.models import Application
from shequ.services.selectors import application_queues
from shequ.services.services import application_submit, application_transition, applications_escalate_overdue
from shequ.services.workflow import SYSTEM, TRANSITIONS, WORKER, Status
from tests.factories import PersonFactory

PDF = b"%PDF-1.4 test\n%%EOF\n"


def submit(users, residents, service, today=date(2026, 11, 2), applicant=None, **kwargs):
    return application_submit(
        service=service,
        applicant=applicant or residents["zhangsan"],
        acting_user=users["resident"],
        today=today,
        **kwargs,
    )


def move(application, to, user, **kwargs):
    return application_transition(application=application, to=to, acting_user=user, **kwargs)


REQUIRED = {"reason": "材料不属实", "legal_basis": "《社会救助暂行办法》第十一条", "materials": ["户口簿复印件"]}


@pytest.mark.parametrize(("source", "target"), list(product(Status.values, Status.values)))
def test_every_pair_of_states_is_allowed_exactly_as_the_table_says(users, residents, elderly_allowance, source, target):
    application = submit(users, residents, elderly_allowance)
    Application.objects.filter(pk=application.pk).update(
        status=source, paused_since=date(2026, 11, 3) if source == Status.SUPPLEMENT_REQUESTED else None
    )
    step = TRANSITIONS.get((source, target))
    actor = users["worker_wenhualu"] if step is None or step.by in (WORKER, SYSTEM) else users["resident"]
    if step is None or step.by == SYSTEM:  # the daily run's steps are nobody's to take by hand
        with pytest.raises(TransitionForbidden):
            move(application, target, actor, today=date(2026, 11, 4), **REQUIRED)
        assert Application.objects.get(pk=application.pk).status == source
    else:
        moved = move(application, target, actor, today=date(2026, 11, 4), **REQUIRED)
        assert moved.status == target
        assert moved.history.last().from_status == source


@pytest.mark.parametrize(("source", "target"), [pair for pair, step in TRANSITIONS.items() if step.by == WORKER])
def test_residents_cannot_take_workers_steps(users, residents, elderly_allowance, source, target):
    application = submit(users, residents, elderly_allowance)
    Application.objects.filter(pk=application.pk).update(status=source)
    with pytest.raises(PermissionDenied):
        move(application, target, users["resident"], **REQUIRED)


@pytest.mark.parametrize("username", ["worker_xindi", "township_xd", "county_jy", "grid_wenhualu", "provider"])
def test_only_handlers_of_the_area_and_department_accept(users, residents, elderly_allowance, username):
    application = submit(users, residents, elderly_allowance)
    with pytest.raises(PermissionDenied):
        move(application, Status.ACCEPTED, users[username])


@pytest.mark.parametrize("username", ["worker_wenhualu", "township_jms", "county_mz", "county_admin"])
def test_handlers_of_the_area_or_department_accept(users, residents, elderly_allowance, username):
    application = submit(users, residents, elderly_allowance)
    assert move(application, Status.ACCEPTED, users[username]).handled_by == users[username]


def test_reasons_are_required_where_the_table_says(users, residents, elderly_allowance):
    application = submit(users, residents, elderly_allowance)
    with pytest.raises(ValidationError) as caught:
        move(application, Status.NOT_ACCEPTED, users["worker_wenhualu"])
    assert "reason" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        move(application, Status.SUPPLEMENT_REQUESTED, users["worker_wenhualu"], materials=["  "])
    assert "materials" in caught.value.message_dict
    move(application, Status.ACCEPTED, users["worker_wenhualu"])
    move(application, Status.IN_PROGRESS, users["worker_wenhualu"])
    with pytest.raises(ValidationError) as caught:
        move(application, Status.REJECTED, users["worker_wenhualu"], reason="不符合条件")
    assert "legal_basis" in caught.value.message_dict


def test_due_date_across_spring_festival(users, residents, elderly_allowance):
    application = submit(users, residents, elderly_allowance, today=date(2026, 2, 13))
    assert application.due_date == date(2026, 3, 5)  # 14 Feb and 28 Feb worked, 15–23 Feb off
    assert application.warn_date == date(2026, 3, 3)  # 8 of 10 working days


def test_due_date_across_national_day(users, residents, elderly_allowance):
    application = submit(users, residents, elderly_allowance, today=date(2025, 9, 26))
    assert application.due_date == date(2025, 10, 16)  # 28 Sep and 11 Oct worked, 1–8 Oct off


def test_the_clock_stops_while_the_resident_supplies_materials(users, residents, elderly_allowance):
    application = submit(users, residents, elderly_allowance, today=date(2026, 11, 2))
    assert application.due_date == date(2026, 11, 16)
    application = move(
        application,
        Status.SUPPLEMENT_REQUESTED,
        users["worker_wenhualu"],
        materials=["户口簿", "银行卡"],
        today=date(2026, 11, 4),
    )
    assert application.due_date is None and application.supplement_materials == ["户口簿", "银行卡"]
    application = move(
        application,
        Status.SUBMITTED,
        users["resident"],
        files=[SimpleUploadedFile("hukou.pdf", PDF, "application/pdf")],
        today=date(2026, 11, 9),
    )
    assert application.paused_workdays == 3  # 5, 6 and 9 November
    assert application.due_date == date(2026, 11, 19)
    assert application.files.count() == 1


def test_missing_materials_are_asked_for_once(users, residents, elderly_allowance):
    application = submit(users, residents, elderly_allowance)
    move(
        application,
        Status.SUPPLEMENT_REQUESTED,
        users["worker_wenhualu"],
        materials=["户口簿"],
        today=date(2026, 11, 3),
    )
    move(application, Status.SUBMITTED, users["resident"], today=date(2026, 11, 4))
    with pytest.raises(TransitionForbidden, match="一次性"):
        move(application, Status.SUPPLEMENT_REQUESTED, users["worker_wenhualu"], materials=["照片"])


def test_every_change_is_recorded_and_told_to_the_resident(
    users, residents, elderly_allowance, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = submit(users, residents, elderly_allowance)
        move(application, Status.ACCEPTED, users["worker_wenhualu"], note="材料齐全")
        move(application, Status.IN_PROGRESS, users["worker_wenhualu"])
        move(application, Status.COMPLETED, users["worker_wenhualu"])
    history = list(application.history.values_list("from_status", "to_status", "actor__username"))
    assert history == [
        ("", "submitted", "resident"),
        ("submitted", "accepted", "worker_wenhualu"),
        ("accepted", "in_progress", "worker_wenhualu"),
        ("in_progress", "completed", "worker_wenhualu"),
    ]
    assert DomainEvent.objects.filter(verb="application.transitioned", target_id=str(application.pk)).count() == 3
    assert Notification.objects.filter(recipient=users["resident"]).count() == 4
    application.refresh_from_db()
    assert application.completed_at is not None and application.number.startswith("SQ20261102")


def test_window_registration_by_a_worker_for_a_resident(users, residents, elderly_allowance):
    application = application_submit(
        service=elderly_allowance, applicant=residents["wangwu"], acting_user=users["worker_wenhualu"]
    )
    assert application.channel == "window" and application.region.code == "652327100003"
    with pytest.raises(PermissionDenied):
        application_submit(service=elderly_allowance, applicant=residents["lisi"], acting_user=users["worker_wenhualu"])
    with pytest.raises(NotAuthorised):  # a resident cannot apply for another household unauthorised
        application_submit(service=elderly_allowance, applicant=residents["wangwu"], acting_user=users["resident"])


def test_channels_of_the_item_are_respected(users, residents, elderly_allowance):
    elderly_allowance.channel = "window"
    elderly_allowance.save()
    with pytest.raises(ValidationError, match="窗口"):
        submit(users, residents, elderly_allowance)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "不是 PDF"),
        ("fake.pdf", b"<html>", "不是 PDF"),
        ("big.pdf", PDF + b"0" * (10 * 1024 * 1024), "超过"),
    ],
)
def test_materials_are_checked_by_content_and_size(users, residents, elderly_allowance, name, content, message):
    with pytest.raises(ValidationError, match=message):
        submit(users, residents, elderly_allowance, files=[SimpleUploadedFile(name, content, "application/pdf")])
    assert not Application.objects.exists()


def test_queues_follow_the_clock(users, residents, elderly_allowance):
    # Three open applications of one item: one per member of the household (no duplicates).
    fresh = submit(users, residents, elderly_allowance, today=date(2026, 11, 2))
    running = move(
        submit(users, residents, elderly_allowance, today=date(2026, 11, 2), applicant=residents["wife"]),
        Status.ACCEPTED,
        users["worker_wenhualu"],
    )
    waiting = move(
        submit(
            users, residents, elderly_allowance, applicant=PersonFactory(household=residents["home"], relation="child")
        ),
        Status.SUPPLEMENT_REQUESTED,
        users["worker_wenhualu"],
        materials=["照片"],
        today=date(2026, 11, 3),
    )
    worker = users["worker_wenhualu"]

    def queue(name, today):
        return set(application_queues(user=worker, today=today)[name])

    assert queue("to_accept", date(2026, 11, 3)) == {fresh}
    assert queue("supplement", date(2026, 11, 3)) == {waiting}
    assert queue("due_soon", date(2026, 11, 11)) == set()
    assert queue("due_soon", date(2026, 11, 12)) == {fresh, running}  # 8 of 10 working days gone
    assert queue("overdue", date(2026, 11, 16)) == set()  # the due day itself is still in time
    assert queue("overdue", date(2026, 11, 17)) == {fresh, running}
    assert set(application_queues(user=users["worker_xindi"], today=date(2026, 11, 17))["overdue"]) == set()


def test_overdue_applications_are_escalated_to_the_township_once(
    users, residents, elderly_allowance, django_capture_on_commit_callbacks
):
    application = move(
        submit(users, residents, elderly_allowance, today=date(2026, 11, 2)), Status.ACCEPTED, users["worker_wenhualu"]
    )
    assert applications_escalate_overdue(today=date(2026, 11, 16)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert applications_escalate_overdue(today=date(2026, 11, 17)) == 1
        assert applications_escalate_overdue(today=date(2026, 11, 18)) == 0
    application.refresh_from_db()
    assert application.escalated_at is not None
    assert Notification.objects.filter(recipient=users["township_jms"]).count() == 1
    assert not Notification.objects.filter(recipient=users["township_xd"]).exists()
    assert DomainEvent.objects.filter(verb="application.escalated").count() == 1


def test_an_unknown_year_leaves_the_due_date_open_until_the_calendar_is_entered(users, residents, elderly_allowance):
    application = submit(users, residents, elderly_allowance, today=date(2026, 12, 28))
    assert application.due_date is None and application.calendar_missing == 2027
    assert set(application_queues(user=users["worker_wenhualu"], today=date(2026, 12, 29))["calendar_missing"]) == {
        application
    }
    CalendarYear.objects.create(year=2027, source="测试")
    calendar_year_changed(2027)
    application.refresh_from_db()
    assert application.calendar_missing is None and application.due_date == date(2027, 1, 11)


def test_a_person_with_applications_cannot_be_deleted_but_is_told_why(users, residents, elderly_allowance, login):
    submit(users, residents, elderly_allowance)
    response = login(users["worker_wenhualu"]).post(
        f"/work/residents/{residents['zhangsan'].pk}/delete/", {"reason": "迁出"}
    )
    assert response.status_code == 200 and "不能删除" in response.content.decode()
    assert not DomainEvent.objects.filter(verb="person.deleted").exists()
