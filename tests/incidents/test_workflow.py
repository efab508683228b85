"""The incident table step by step: routing, every transition, failed verification, suspension and
extension, escalation with the clock moved, the police hand-over, patrols and the resident's rating."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from shequ.core.workflow import TransitionForbidden
from shequ.feedback.models import Rating
from shequ.feedback.services import rating_create
from shequ.incidents.models import Category, HandledAt, IncidentEvent, PoliceHandover, RoutingRule
from shequ.incidents.services import (
    incident_route,
    incident_transition,
    incidents_escalate_overdue,
    patrol_finding_report,
    patrol_record,
)
from shequ.incidents.workflow import Status
from shequ.notifications.models import Notification
from tests.conftest import WENHUALU, XINDI
from tests.factories import IncidentFactory
from tests.incidents.conftest import local

NOW = local(2026, 3, 2, 10)  # a Monday


def step(incident, user, to, note="", **extra):
    return incident_transition(
        incident=incident, acting_user=user, to=to, note=note, now=extra.pop("now", NOW), **extra
    )


def test_routing_follows_the_category_then_the_most_specific_rule(categories, regions):
    streetlight, gas = Category.objects.get(code="0401"), Category.objects.get(code="0202")
    grid = regions[WENHUALU + "001"]
    assert incident_route(category=streetlight, region=grid) == ("", regions[WENHUALU])
    assert incident_route(category=gas, region=grid) == ("yjj", None)
    RoutingRule.objects.create(category=streetlight, region_code="652327100", handled_at=HandledAt.TOWNSHIP)
    RoutingRule.objects.create(category=streetlight, region_code=WENHUALU, handled_at=HandledAt.DEPARTMENT)
    assert incident_route(category=streetlight, region=grid) == ("zjj", None)
    assert incident_route(category=streetlight, region=regions["652327100002"]) == ("", regions["652327100"])


def test_a_resident_report_runs_through_every_step_to_closure_and_is_rated(
    categories, users, residents, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        incident = IncidentFactory(acting_user=users["resident"], now=NOW)
    assert incident.scope_code == WENHUALU + "001" and incident.reporter_person == residents["zhangsan"]
    assert incident.due_at == local(2026, 3, 5, 10)  # three working days
    worker, grid = users["worker_wenhualu"], users["grid_wenhualu"]
    with django_capture_on_commit_callbacks(execute=True):
        step(incident, worker, Status.REGISTERED)
        incident = step(incident, worker, Status.DISPATCHED)
        assert incident.assigned_unit.code == WENHUALU
        step(incident, worker, Status.HANDLING)
        step(incident, worker, Status.HANDLED, "已更换灯泡")
        step(incident, grid, Status.VERIFIED, "已亮")
        incident = step(incident, worker, Status.CLOSED)
    assert incident.status == Status.CLOSED and incident.closed_at == NOW
    history = list(IncidentEvent.objects.filter(incident=incident).values_list("to_status", flat=True))
    assert history == ["reported", "registered", "dispatched", "handling", "handled", "verified", "closed"]
    assert Notification.objects.filter(recipient=users["resident"], key="incidents.transitioned").count() == 6
    assert Notification.objects.filter(recipient=grid, key="incidents.to_verify").exists()
    rating = rating_create(target_type="incident", target_id=incident.pk, level=5, acting_user=users["resident"])
    assert rating.resident == residents["zhangsan"] and rating.scope_code == WENHUALU + "001"


def test_failed_verification_returns_the_case_to_handling(categories, users, residents):
    incident = IncidentFactory(acting_user=users["resident"], now=NOW)
    worker = users["worker_wenhualu"]
    for to in (Status.REGISTERED, Status.DISPATCHED, Status.HANDLING):
        step(incident, worker, to)
    step(incident, worker, Status.HANDLED, "已修")
    with pytest.raises(ValidationError):
        step(incident, users["grid_wenhualu"], Status.HANDLING)  # a failure needs its reason
    incident = step(incident, users["grid_wenhualu"], Status.HANDLING, "仍不亮")
    assert incident.status == Status.HANDLING
    with pytest.raises(TransitionForbidden):
        step(incident, users["grid_wenhualu"], Status.VERIFIED)


def test_not_registering_needs_a_reason_and_ends_the_case(categories, users, residents):
    incident = IncidentFactory(acting_user=users["resident"], now=NOW)
    with pytest.raises(ValidationError):
        step(incident, users["worker_wenhualu"], Status.NOT_REGISTERED)
    incident = step(incident, users["worker_wenhualu"], Status.NOT_REGISTERED, "重复上报")
    with pytest.raises(TransitionForbidden):
        step(incident, users["worker_wenhualu"], Status.REGISTERED)


def test_only_the_right_people_take_each_step(categories, users, residents):
    incident = IncidentFactory(acting_user=users["resident"], now=NOW)
    for user in (users["resident"], users["grid_wenhualu"], users["worker_xindi"], users["county_jy"]):
        with pytest.raises(TransitionForbidden):
            step(incident, user, Status.REGISTERED)
    step(incident, users["worker_wenhualu"], Status.REGISTERED)
    step(incident, users["worker_wenhualu"], Status.DISPATCHED, department="jyj")
    with pytest.raises(TransitionForbidden):  # dispatched to 教育局: the unit no longer handles it
        step(incident, users["worker_wenhualu"], Status.HANDLING)
    assert step(incident, users["county_jy"], Status.HANDLING).status == Status.HANDLING


def test_the_handler_returns_a_case_to_the_dispatcher_with_a_reason(
    categories, users, residents, django_capture_on_commit_callbacks
):
    incident = IncidentFactory(acting_user=users["resident"], now=NOW)
    worker = users["worker_wenhualu"]
    step(incident, worker, Status.REGISTERED)
    step(incident, worker, Status.DISPATCHED, department="zjj")
    with django_capture_on_commit_callbacks(execute=True):
        incident = step(incident, users["admin"], Status.REGISTERED, "不属于本部门")
    assert incident.status == Status.REGISTERED and incident.assigned_department == ""
    assert Notification.objects.filter(recipient=worker, key="incidents.returned").exists()


def test_suspension_stops_the_clock_and_resumes_where_it_was(categories, users, residents):
    incident = IncidentFactory(acting_user=users["resident"], now=NOW)
    worker, due = users["worker_wenhualu"], incident.due_at
    step(incident, worker, Status.REGISTERED)
    step(incident, worker, Status.SUSPENDED, "等待产权单位确认")
    with pytest.raises(TransitionForbidden):
        step(incident, worker, Status.HANDLING, now=NOW + timedelta(days=2))
    incident = step(incident, worker, Status.REGISTERED, now=NOW + timedelta(days=2))
    assert incident.due_at == due + timedelta(days=2)


def test_an_extension_is_asked_for_and_approved(categories, users, residents):
    incident = IncidentFactory(acting_user=users["resident"], now=NOW)
    worker = users["worker_wenhualu"]
    for to in (Status.REGISTERED, Status.DISPATCHED, Status.HANDLING):
        step(incident, worker, to)
    until = incident.due_at + timedelta(days=3)
    with pytest.raises(ValidationError):
        step(incident, worker, "extension_requested", "需订购配件")
    step(incident, worker, "extension_requested", "需订购配件", until=until)
    incident = step(incident, worker, "extension_granted")
    assert incident.status == Status.HANDLING and incident.due_at == until and incident.extension_until is None
    with pytest.raises(TransitionForbidden):
        step(incident, worker, "extension_granted")


def test_overdue_cases_escalate_to_the_township_then_the_county(
    categories, users, residents, settings, django_capture_on_commit_callbacks
):
    settings.INCIDENT_COUNTY_ESCALATION_WORKDAYS = 2
    incident = IncidentFactory(acting_user=users["resident"], now=NOW)
    assert incidents_escalate_overdue(now=local(2026, 3, 5, 9)) == {"township": 0, "county": 0}
    with django_capture_on_commit_callbacks(execute=True):
        assert incidents_escalate_overdue(now=local(2026, 3, 5, 11)) == {"township": 1, "county": 0}
        assert incidents_escalate_overdue(now=local(2026, 3, 6, 11)) == {"township": 0, "county": 0}
        assert incidents_escalate_overdue(now=local(2026, 3, 9, 12)) == {"township": 0, "county": 1}
        assert incidents_escalate_overdue(now=local(2026, 3, 10, 12)) == {"township": 0, "county": 0}
    assert Notification.objects.filter(recipient=users["township_jms"], key="incidents.escalated_township").count() == 1
    assert not Notification.objects.filter(recipient=users["township_xd"]).exists()
    assert Notification.objects.filter(recipient=users["county_admin"], key="incidents.escalated_county").count() == 1
    incident.refresh_from_db()
    assert incident.escalation_level == 2


def test_a_handled_case_is_not_overdue(categories, users, residents):
    incident = IncidentFactory(acting_user=users["resident"], now=NOW)
    worker = users["worker_wenhualu"]
    for to in (Status.REGISTERED, Status.DISPATCHED, Status.HANDLING):
        step(incident, worker, to)
    step(incident, worker, Status.HANDLED, "已修")
    assert incidents_escalate_overdue(now=local(2026, 4, 1)) == {"township": 0, "county": 0}


def test_a_police_matter_is_handed_to_the_units_police_office(categories, users, residents):
    incident = IncidentFactory(acting_user=users["resident"], category="0501", now=NOW)
    step(incident, users["worker_wenhualu"], Status.REGISTERED)
    step(incident, users["worker_wenhualu"], Status.DISPATCHED)
    handover = PoliceHandover.objects.get(incident=incident)
    assert handover.unit.code == WENHUALU and handover.handed_by == users["worker_wenhualu"]


def test_a_patrol_finding_becomes_an_incident_in_one_step(categories, users, regions):
    patrol = patrol_record(
        acting_user=users["grid_wenhualu"],
        started_at=NOW,
        places="文化路1-5号楼",
        findings=[("消防通道堆放杂物", "3号楼")],
    )
    finding = patrol.findings.get()
    incident = patrol_finding_report(
        finding=finding, category=Category.objects.get(code="0601"), acting_user=users["grid_wenhualu"]
    )
    assert incident.source == "patrol" and incident.scope_code == WENHUALU + "001" and incident.location == "3号楼"
    with pytest.raises(ValidationError):
        patrol_finding_report(
            finding=finding, category=Category.objects.get(code="0601"), acting_user=users["grid_wenhualu"]
        )


def test_staff_file_hotline_cases_only_within_their_scope(categories, users, regions):
    from django.core.exceptions import PermissionDenied

    incident = IncidentFactory(acting_user=users["township_jms"], region=regions[WENHUALU], now=NOW)
    assert incident.source == "hotline" and incident.grid is None
    with pytest.raises(PermissionDenied):
        IncidentFactory(acting_user=users["worker_wenhualu"], region=regions[XINDI], now=NOW)


def test_a_rating_needs_a_closed_case(categories, users, residents):
    incident = IncidentFactory(acting_user=users["resident"], now=NOW)
    with pytest.raises(ValidationError):
        rating_create(target_type="incident", target_id=incident.pk, level=5, acting_user=users["resident"])
    assert not Rating.objects.exists()
