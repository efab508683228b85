"""The mediation table: every step, what a step must carry, a step the table does not have (409 in
the API), the audit of each step, and a dispute incident handed to mediation in one step."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from shequ.core.models import DomainEvent
from shequ.core.workflow import TransitionForbidden
from shequ.grids.models import BodyKind
from shequ.grids.services import safety_body_member_add
from shequ.incidents.models import Category
from shequ.mediation.models import DisputeType, MediationCase
from shequ.mediation.selectors import mediator_choices
from shequ.mediation.services import (
    PartyData,
    mediation_case_from_incident,
    mediation_case_transition,
    mediation_party_add,
    mediation_session_record,
)
from shequ.mediation.workflow import Status
from tests.conftest import WENHUALU, XINDI
from tests.factories import IncidentFactory, MediationCaseFactory, png_bytes


def step(case, to, user, note="", **extra):
    return mediation_case_transition(case=case, to=to, note=note, acting_user=user, **extra)


@pytest.mark.django_db
def test_a_case_goes_from_accepted_through_mediation_to_a_performed_agreement(case, users):
    worker = users["worker_wenhualu"]
    assert case.status == Status.ACCEPTED and case.parties.count() == 2
    case = step(case, Status.MEDIATING, worker)
    agreement = SimpleUploadedFile("协议.png", png_bytes(), "image/png")
    case = step(case, Status.AGREED, worker, "甲方赔偿维修费", agreement=agreement)
    assert case.closed_at is not None and case.agreement_type == "image/png" and case.outcome_note == "甲方赔偿维修费"
    case = step(case, Status.FULFILLED, worker, "已付清")
    assert case.fulfilment == "已付清"
    assert [(row.from_status, row.to_status) for row in case.history.all()] == [
        ("", "accepted"),
        ("accepted", "mediating"),
        ("mediating", "agreed"),
        ("agreed", "fulfilled"),
    ]
    verbs = DomainEvent.objects.filter(target_type="mediation.mediationcase", target_id=str(case.pk))
    assert verbs.filter(verb="mediation_case.transitioned").count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        [Status.MEDIATING, Status.FAILED],
        [Status.MEDIATING, Status.TERMINATED],
        [Status.TERMINATED],
    ],
)
def test_failure_and_termination_need_a_reason_and_end_the_case(case, users, path):
    worker = users["worker_wenhualu"]
    for target in path[:-1]:
        case = step(case, target, worker)
    with pytest.raises(ValidationError) as missing:
        step(case, path[-1], worker)
    assert "note" in missing.value.message_dict
    case = step(case, path[-1], worker, "双方不同意")
    assert case.status == path[-1] and case.closed_at is not None
    with pytest.raises(TransitionForbidden):
        step(case, Status.FULFILLED, worker, "x")


@pytest.mark.django_db
@pytest.mark.parametrize("target", [Status.AGREED, Status.FAILED, Status.FULFILLED, Status.ACCEPTED])
def test_a_step_the_table_does_not_have_is_forbidden(case, users, target):
    with pytest.raises(TransitionForbidden):
        step(case, target, users["worker_wenhualu"], "x")
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED


@pytest.mark.django_db
def test_an_agreement_only_with_a_successful_mediation(case, users):
    worker = users["worker_wenhualu"]
    case = step(case, Status.MEDIATING, worker)
    with pytest.raises(ValidationError):
        step(case, Status.FAILED, worker, "不同意", agreement=SimpleUploadedFile("a.png", png_bytes(), "image/png"))
    with pytest.raises(ValidationError):  # not a PDF, JPG or PNG
        step(case, Status.AGREED, worker, agreement=SimpleUploadedFile("a.pdf", b"<html>", "application/pdf"))
    case.refresh_from_db()
    assert case.status == Status.MEDIATING and not case.agreement_file


@pytest.mark.django_db
def test_sessions_are_recorded_while_the_case_is_open(case, users):
    worker = users["worker_wenhualu"]
    session = mediation_session_record(
        case=case, held_on=case.accepted_on, place="社区调解室", notes="双方陈述", acting_user=worker
    )
    assert session.case == case
    with pytest.raises(ValidationError):
        mediation_session_record(case=case, held_on=case.accepted_on, place="", notes="", acting_user=worker)
    mediation_party_add(case=case, party=PartyData("other", "孙三"), acting_user=worker)
    case = step(case, Status.TERMINATED, worker, "撤回")
    with pytest.raises(TransitionForbidden):
        mediation_session_record(case=case, held_on=case.accepted_on, place="调解室", notes="", acting_user=worker)
    with pytest.raises(TransitionForbidden):
        mediation_party_add(case=case, party=PartyData("other", "周四"), acting_user=worker)
    assert case.parties.count() == 3


@pytest.mark.django_db
def test_only_keepers_in_scope_take_steps(case, users, justice):
    with pytest.raises(TransitionForbidden):
        step(case, Status.MEDIATING, users["worker_xindi"])
    with pytest.raises(TransitionForbidden):
        step(case, Status.MEDIATING, users["county_jy"])
    assert step(case, Status.MEDIATING, justice).status == Status.MEDIATING


@pytest.mark.django_db
def test_a_worker_cannot_accept_a_case_in_another_unit(users, regions, catalogues):
    with pytest.raises(PermissionDenied):
        MediationCaseFactory(unit=regions[XINDI], acting_user=users["worker_wenhualu"])
    with pytest.raises(PermissionDenied):
        MediationCaseFactory(unit=regions[WENHUALU], acting_user=users["county_mz"])


@pytest.mark.django_db
def test_a_dispute_incident_becomes_a_case_in_one_step_and_only_once(categories, users, residents, catalogues):
    worker = users["worker_wenhualu"]
    incident = IncidentFactory(acting_user=users["resident"], category="0101", description="邻居噪音")
    neighbour = DisputeType.objects.get(code="neighbour")
    case = mediation_case_from_incident(
        incident=incident, dispute_type=neighbour, mediator_name="王", acting_user=worker
    )
    assert (case.incident, case.unit, case.summary, case.status) == (incident, incident.region, "邻居噪音", "accepted")
    with pytest.raises(ValidationError):
        mediation_case_from_incident(incident=incident, dispute_type=neighbour, mediator_name="王", acting_user=worker)
    assert MediationCase.objects.count() == 1


@pytest.mark.django_db
def test_only_a_dispute_incident_goes_to_mediation_and_only_within_scope(categories, users, residents, catalogues):
    neighbour = DisputeType.objects.get(code="neighbour")
    streetlight = IncidentFactory(acting_user=users["resident"])
    with pytest.raises(ValidationError):
        mediation_case_from_incident(
            incident=streetlight, dispute_type=neighbour, mediator_name="王", acting_user=users["worker_wenhualu"]
        )
    dispute = IncidentFactory(acting_user=users["resident"], category="0101")
    with pytest.raises(PermissionDenied):
        mediation_case_from_incident(
            incident=dispute, dispute_type=neighbour, mediator_name="王", acting_user=users["worker_xindi"]
        )
    assert Category.objects.get(code="0101").parent.code == "01" and not MediationCase.objects.exists()


@pytest.mark.django_db
def test_the_mediator_account_must_be_one_of_the_units_mediators(users, regions, catalogues):
    worker = users["worker_wenhualu"]
    case = MediationCaseFactory(unit=regions[WENHUALU], acting_user=worker, mediator=worker, mediator_name="")
    assert (case.mediator, case.mediator_name) == (worker, worker.get_full_name() or worker.username)
    with pytest.raises(ValidationError) as refused:
        MediationCaseFactory(unit=regions[WENHUALU], acting_user=worker, mediator=users["worker_xindi"])
    assert "mediator" in refused.value.message_dict


@pytest.mark.django_db
def test_once_the_units_mediation_committee_is_recorded_its_members_are_the_mediators(users, regions, catalogues):
    worker, committee_member = users["worker_wenhualu"], users["grid_wenhualu"]
    safety_body_member_add(
        unit=regions[WENHUALU],
        kind=BodyKind.MEDIATION,
        name="调解员王",
        starts_on=date(2026, 1, 1),
        acting_user=worker,
        user=committee_member,
    )
    assert list(mediator_choices(unit=regions[WENHUALU])) == [committee_member]
    case = MediationCaseFactory(unit=regions[WENHUALU], acting_user=worker, mediator=committee_member)
    assert case.mediator == committee_member
    with pytest.raises(ValidationError):
        MediationCaseFactory(unit=regions[WENHUALU], acting_user=worker, mediator=worker)
