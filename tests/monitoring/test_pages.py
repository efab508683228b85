"""The dashboard: county → township → unit, ranks, and the freeze button, in both languages."""

from datetime import date

import pytest

from shequ.monitoring.catalogue import plan_14_load
from shequ.monitoring.models import PlanVersion, SnapshotKind
from shequ.monitoring.services import snapshot_take
from tests.conftest import WENHUALU


@pytest.fixture
def plan14(regions):
    plan_14_load()
    return PlanVersion.objects.get(code="jimsar-14")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "ug"])
def test_the_county_mz_drills_from_the_county_to_a_township_and_a_unit(plan14, users, login, language):
    client = login(users["county_mz"])
    client.cookies["django_language"] = language
    assert client.get("/work/monitoring/").status_code == 302
    county = client.get("/work/monitoring/652327/?plan=jimsar-14")
    assert county.status_code == 200
    assert "/work/monitoring/652327100/" in county.content.decode()
    township = client.get("/work/monitoring/652327100/?plan=jimsar-14")
    assert f"/work/monitoring/{WENHUALU}/" in township.content.decode()
    unit = client.get(f"/work/monitoring/{WENHUALU}/?plan=jimsar-14")
    assert unit.status_code == 200
    ranked = client.get("/work/monitoring/652327/rank/facility_coverage/?plan=jimsar-14")
    assert ranked.status_code == 200


@pytest.mark.django_db
def test_a_township_cannot_open_the_county_page(plan14, users, login):
    assert login(users["township_jms"]).get("/work/monitoring/652327/").status_code == 404


@pytest.mark.django_db
def test_the_county_administrator_freezes_the_year_end_on_the_page(plan14, users, login):
    snapshot = snapshot_take(plan=plan14, on=date(2025, 12, 31), kind=SnapshotKind.YEAR_END)
    admin = login(users["county_admin"])
    page = admin.get("/work/monitoring/652327/?plan=jimsar-14")
    assert f"/work/monitoring/snapshots/{snapshot.pk}/freeze/" in page.content.decode()
    assert login(users["county_mz"]).post(f"/work/monitoring/snapshots/{snapshot.pk}/freeze/").status_code == 403
    admin.post(f"/work/monitoring/snapshots/{snapshot.pk}/freeze/")
    snapshot.refresh_from_db()
    assert snapshot.frozen
