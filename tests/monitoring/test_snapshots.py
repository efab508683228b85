"""Snapshots, the county administrator's freeze, and reading the frozen figures afterwards."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from shequ.accounts.models import Role
from shequ.core.errors import DomainError
from shequ.core.models import DomainEvent
from shequ.monitoring.models import SnapshotKind
from shequ.monitoring.selectors import indicator_report
from shequ.monitoring.services import snapshot_freeze, snapshot_take
from tests.factories import UserFactory
from tests.monitoring.conftest import C1, C2, COUNTY, V1


@pytest.fixture
def administrator(county):
    return UserFactory(role=Role.COUNTY_ADMIN, region=county["county"])


@pytest.mark.django_db
def test_a_frozen_year_end_snapshot_does_not_change_when_the_registry_does(plan, county, facility, administrator):
    facility(C1, serves=[(C2, None)])
    snapshot = snapshot_take(plan=plan, on=date(2025, 12, 31), kind=SnapshotKind.YEAR_END)
    snapshot_freeze(snapshot=snapshot, acting_user=administrator)
    facility(V1, type_code="ZH-CJ")  # the registry goes on

    final = indicator_report(region=county["county"], plan_code=plan.code)
    figure = final.figures[COUNTY]["facility_coverage"]
    assert final.frozen and final.as_of == date(2025, 12, 31)
    assert (figure.numerator, figure.denominator, figure.value) == (2, 4, 50)

    live = indicator_report(region=county["county"], plan_code=plan.code, as_of=date.today())
    assert not live.frozen
    assert live.figures[COUNTY]["facility_coverage"].numerator == 3
    with pytest.raises(DomainError) as refused:
        snapshot_take(plan=plan, on=date(2025, 12, 31), kind=SnapshotKind.YEAR_END)
    assert refused.value.api_code == "monitoring.frozen"
    with pytest.raises(DomainError):
        snapshot.figures.first().save()
    assert DomainEvent.objects.filter(verb="indicator_snapshot.frozen", actor=administrator).count() == 1


@pytest.mark.django_db
def test_only_the_county_administrator_freezes(plan, county):
    snapshot = snapshot_take(plan=plan, on=date(2025, 12, 31), kind=SnapshotKind.YEAR_END)
    township = UserFactory(role=Role.TOWNSHIP_STAFF, region=county["street"])
    with pytest.raises(PermissionDenied):
        snapshot_freeze(snapshot=snapshot, acting_user=township)
    snapshot.refresh_from_db()
    assert not snapshot.frozen


@pytest.mark.django_db
def test_a_monthly_snapshot_cannot_be_frozen(plan, administrator):
    snapshot = snapshot_take(plan=plan, on=date(2025, 5, 31))
    with pytest.raises(DomainError) as refused:
        snapshot_freeze(snapshot=snapshot, acting_user=administrator)
    assert refused.value.api_code == "monitoring.not_year_end"


@pytest.mark.django_db
def test_a_past_date_reads_the_snapshot_of_that_date_and_before_any_it_is_refused(plan, county, facility):
    facility(C1)
    snapshot_take(plan=plan, on=date(2025, 3, 31))
    facility(C2)
    report = indicator_report(region=county["street"], as_of=date(2025, 4, 15), plan_code=plan.code)
    assert report.as_of == date(2025, 3, 31)
    assert report.figures["659901001"]["facility_coverage"].value == 50
    with pytest.raises(DomainError) as refused:
        indicator_report(region=county["street"], as_of=date(2025, 1, 1), plan_code=plan.code)
    assert refused.value.api_code == "monitoring.no_snapshot"


@pytest.mark.django_db
def test_the_scheduled_command_keeps_the_month(plan, county):
    from django.core.management import call_command

    from shequ.monitoring.models import Snapshot

    call_command("take_indicator_snapshots", "--on", "2025-07-31")
    snapshot = Snapshot.objects.get(plan=plan)
    assert (snapshot.taken_on, snapshot.kind) == (date(2025, 7, 31), SnapshotKind.MONTHLY)
    assert snapshot.figures.filter(region_code=COUNTY).count() == 10
