"""Grids and their people: the size warning with its tolerance, moving households between grids,
dated rosters, the safety-body selectors other apps read, inspections whose failed items become
安全隐患 incidents, and the police hand-over reaching the 警务室's officers."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shequ.accounts.models import Department, Role
from shequ.core.models import DomainEvent
from shequ.grids.models import GridMember, HouseholdMove
from shequ.grids.selectors import (
    grid_list,
    grid_size_limit,
    grids_over_size,
    inspections_due,
    mediators_for_unit,
    police_officers_for_unit,
)
from shequ.grids.services import (
    grid_member_add,
    grid_member_end,
    households_reassign,
    inspection_record,
    safety_body_member_add,
    safety_body_member_end,
)
from shequ.incidents.models import Incident
from shequ.incidents.services import incident_transition
from shequ.notifications.models import Notification
from shequ.residents.models import Person
from tests.conftest import WENHUALU, XINDI, make_user
from tests.factories import HouseholdFactory, IncidentFactory

pytestmark = pytest.mark.django_db
GRID1, GRID2 = WENHUALU + "001", WENHUALU + "002"


def test_a_grid_is_over_size_only_above_the_planned_size_plus_the_tolerance(settings, users, regions):
    settings.GRID_HOUSEHOLDS_TOWN, settings.GRID_HOUSEHOLDS_VILLAGE, settings.GRID_SIZE_TOLERANCE = 4, 100, 25
    assert grid_size_limit(unit_kind="community") == 5 and grid_size_limit(unit_kind="village") == 125
    for number in range(5):
        HouseholdFactory(region=regions[WENHUALU], grid=regions[GRID1], number=f"1{number:04d}")
    assert grids_over_size(user=users["county_mz"]) == []
    HouseholdFactory(region=regions[WENHUALU], grid=regions[GRID1], number="19999")
    [over] = grids_over_size(user=users["township_jms"])
    assert (over.grid.code, over.households, over.limit) == (GRID1, 6, 5)
    assert grids_over_size(user=users["township_xd"]) == []
    counts = {grid.code: grid.household_count for grid in grid_list(user=users["worker_wenhualu"])}
    assert counts == {GRID1: 6, GRID2: 0}


def test_moving_households_keeps_history_and_the_members_scope(users, regions, residents):
    home = residents["home"]
    [move] = households_reassign(
        households=[home], to_grid=regions[GRID2], acting_user=users["worker_wenhualu"], reason="楼栋重新划分"
    )
    home.refresh_from_db()
    assert home.grid.code == GRID2
    assert (move.from_grid.code, move.to_grid.code, move.moved_by) == (GRID1, GRID2, users["worker_wenhualu"])
    assert set(Person.objects.filter(household=home).values_list("grid__code", "scope_code")) == {(GRID2, GRID2)}
    # Grid 1's worker no longer sees the family; the move itself stays visible to the unit.
    assert not Person.objects.for_user(users["grid_wenhualu"]).filter(household=home).exists()
    assert HouseholdMove.objects.for_user(users["worker_wenhualu"]).filter(household=home).count() == 1
    assert DomainEvent.objects.filter(verb="grid.households_moved", target_id=str(home.pk)).exists()
    # Moving it again to where it is changes nothing.
    assert households_reassign(households=[home], to_grid=regions[GRID2], acting_user=users["worker_wenhualu"]) == []


def test_a_move_is_all_or_nothing_and_only_within_the_unit_and_scope(users, regions, residents):
    home, village = residents["home"], residents["village"]
    with pytest.raises(ValidationError):
        households_reassign(households=[home, village], to_grid=regions[GRID2], acting_user=users["admin"])
    with pytest.raises(PermissionDenied):
        households_reassign(households=[home], to_grid=regions[GRID2], acting_user=users["worker_xindi"])
    with pytest.raises(PermissionDenied):
        households_reassign(households=[home], to_grid=regions[GRID2], acting_user=users["grid_wenhualu"])
    home.refresh_from_db()
    assert home.grid.code == GRID1 and not HouseholdMove.objects.exists()


def test_a_roster_is_dated_and_a_new_leader_ends_the_last(users, regions):
    grid, worker = regions[GRID1], users["worker_wenhualu"]
    first = grid_member_add(grid=grid, role="leader", name="李明", starts_on=date(2026, 1, 1), acting_user=worker)
    second = grid_member_add(
        grid=grid, role="leader", name="王芳", phone="13900001111", starts_on=date(2026, 3, 1), acting_user=worker
    )
    first.refresh_from_db()
    assert first.ends_on == date(2026, 2, 28)
    assert list(GridMember.objects.current(date(2026, 2, 1)).filter(grid=grid)) == [first]
    assert list(GridMember.objects.current(date(2026, 3, 2)).filter(grid=grid)) == [second]
    assert second.phone_masked != "13900001111" and second.phone_masked.endswith("1111")
    grid_member_end(member=second, ends_on=date(2026, 4, 1), acting_user=worker)
    assert not GridMember.objects.current(date(2026, 4, 2)).filter(grid=grid).exists()
    assert GridMember.objects.filter(grid=grid).count() == 2  # history kept
    with pytest.raises(ValidationError):
        grid_member_end(member=second, acting_user=worker)
    with pytest.raises(ValidationError) as bad:
        grid_member_add(grid=grid, role="boss", name="", phone="123", starts_on=date(2026, 1, 1), acting_user=worker)
    assert set(bad.value.message_dict) == {"role", "name", "phone"}
    with pytest.raises(PermissionDenied):
        grid_member_add(
            grid=grid, role="part_time", name="赵六", starts_on=date(2026, 1, 1), acting_user=users["worker_xindi"]
        )


def test_the_safety_body_selectors_return_who_serves_today(users, regions):
    unit, worker = regions[WENHUALU], users["worker_wenhualu"]
    officer = make_user("police_wenhualu", Role.COUNTY_STAFF, regions[WENHUALU], department=Department.PUBLIC_SECURITY)
    serving = safety_body_member_add(
        unit=unit,
        kind="police_room",
        name="马警官",
        post="社区民警",
        user=officer,
        starts_on=date(2025, 1, 1),
        acting_user=worker,
    )
    gone = safety_body_member_add(
        unit=unit, kind="police_room", name="周警官", starts_on=date(2024, 1, 1), acting_user=worker
    )
    safety_body_member_end(member=gone, ends_on=date(2024, 12, 31), acting_user=worker)
    mediator = safety_body_member_add(
        unit=unit, kind="mediation", name="古丽", starts_on=date(2025, 1, 1), acting_user=worker
    )
    assert list(police_officers_for_unit(unit=unit)) == [serving]
    assert police_officers_for_unit(unit=unit)[0].user == officer
    assert list(mediators_for_unit(unit=unit)) == [mediator] and mediator.user is None
    assert not police_officers_for_unit(unit=regions[XINDI]).exists()
    with pytest.raises(PermissionDenied):
        safety_body_member_add(
            unit=unit, kind="mediation", name="某", starts_on=date(2025, 1, 1), acting_user=users["worker_xindi"]
        )


def _dispatch_police_matter(users):
    incident = IncidentFactory(acting_user=users["resident"], category="0501")
    for to in ("registered", "dispatched"):
        incident_transition(incident=incident, acting_user=users["worker_wenhualu"], to=to)
    return incident


def test_a_police_matter_goes_to_the_units_police_officer(
    checklist, users, regions, residents, django_capture_on_commit_callbacks
):
    officer = make_user("police_wenhualu", Role.COUNTY_STAFF, regions["652327"], department=Department.PUBLIC_SECURITY)
    bureau = make_user("police_county", Role.COUNTY_STAFF, regions["652327"], department=Department.PUBLIC_SECURITY)
    safety_body_member_add(
        unit=regions[WENHUALU],
        kind="police_room",
        name="马警官",
        user=officer,
        starts_on=date(2025, 1, 1),
        acting_user=users["worker_wenhualu"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        _dispatch_police_matter(users)
    handovers = Notification.objects.filter(key="incidents.police_handover")
    assert list(handovers.values_list("recipient__username", flat=True)) == ["police_wenhualu"]
    assert not Notification.objects.filter(recipient=bureau).exists()


def test_without_a_roster_officer_the_police_bureau_is_told(
    checklist, users, regions, residents, django_capture_on_commit_callbacks
):
    make_user("police_county", Role.COUNTY_STAFF, regions["652327"], department=Department.PUBLIC_SECURITY)
    safety_body_member_add(
        unit=regions[WENHUALU],
        kind="police_room",
        name="无账号警官",
        starts_on=date(2025, 1, 1),
        acting_user=users["worker_wenhualu"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        _dispatch_police_matter(users)
    handovers = Notification.objects.filter(key="incidents.police_handover")
    assert list(handovers.values_list("recipient__username", flat=True)) == ["police_county"]


def test_a_failed_inspection_item_becomes_a_hazard_incident_in_one_step(market, users):
    answers = {item: (True, "") for item in ("01", "02", "03", "04", "05", "06")}
    answers["02"] = (False, "灭火器过期")
    inspection = inspection_record(
        place=market, results=answers, inspected_on=date(2026, 3, 2), acting_user=users["grid_wenhualu"]
    )
    failed = inspection.results.get(passed=False)
    incident = failed.incident
    assert not inspection.passed and failed.item.code == "02"
    assert (incident.category.code, incident.scope_code, incident.source) == ("0203", GRID1, "patrol")
    assert "灭火器过期" in incident.description and Incident.objects.count() == 1
    market.refresh_from_db()
    assert market.next_due_on == date(2026, 4, 1)


def test_an_inspection_must_answer_every_item_and_explain_failures(market, users):
    with pytest.raises(ValidationError) as bad:
        inspection_record(place=market, results={"01": (False, "")}, acting_user=users["grid_wenhualu"])
    assert {"results", "note_01"} <= set(bad.value.message_dict)
    with pytest.raises(PermissionDenied):
        inspection_record(place=market, results={}, acting_user=users["worker_xindi"])
    assert not Incident.objects.exists()


def test_the_due_list_shows_overdue_and_soon_due_places_first(market, users):
    assert list(inspections_due(user=users["grid_wenhualu"], today=date(2026, 3, 5))) == [market]
    assert list(inspections_due(user=users["grid_wenhualu"], today=date(2026, 2, 1))) == []
    assert list(inspections_due(user=users["worker_xindi"], today=date(2026, 3, 5))) == []
