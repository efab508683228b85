"""The contract: /api/v1/indicators/ (logged in, scoped) and /api/v1/open/indicators/ (open data)."""

from datetime import date

import pytest
from django.test import Client

from shequ.monitoring.catalogue import plan_14_load
from shequ.workforce.models import Worker
from tests.conftest import WENHUALU

FIELDS = {
    "code",
    "name",
    "value",
    "target",
    "comparison",
    "unit",
    "met",
    "numerator",
    "denominator",
    "as_of",
    "missing",
    "short_units",
    "frozen",
}


@pytest.fixture
def plan14(regions):
    plan_14_load()


@pytest.mark.django_db
def test_the_county_list_has_every_indicator_with_the_contract_fields(plan14, users, login):
    response = login(users["county_mz"]).get("/api/v1/indicators/?region=652327&plan=jimsar-14")
    assert response.status_code == 200, response.content
    rows = response.json()
    assert len(rows) == 10
    assert {row["code"] for row in rows} >= {"facility_coverage", "workers_per_10k_urban", "org_structure_coverage"}
    assert all(set(row) == FIELDS for row in rows)
    workers = next(row for row in rows if row["code"] == "workers_per_10k_urban")
    assert (workers["target"], workers["comparison"], workers["frozen"]) == (25.0, "gte", False)


@pytest.mark.django_db
def test_a_township_sees_its_own_figures_and_not_the_county(plan14, users, login):
    client = login(users["township_jms"])
    assert client.get("/api/v1/indicators/?region=652327100").status_code == 200
    assert client.get(f"/api/v1/indicators/?region={WENHUALU}").status_code == 200
    assert client.get("/api/v1/indicators/?region=652327").status_code == 404
    assert client.get("/api/v1/indicators/?region=652327205").status_code == 404


@pytest.mark.django_db
def test_a_bad_region_or_date_is_a_clear_400(plan14, users, login):
    client = login(users["county_mz"])
    assert client.get("/api/v1/indicators/?region=65").json()["code"] == "core.validation"
    assert client.get("/api/v1/indicators/?region=652327&as_of=2025-13-01").status_code == 400
    assert Client().get("/api/v1/indicators/?region=652327").status_code in (401, 403)


@pytest.mark.django_db
def test_open_data_without_login_has_no_short_units_and_suppresses_figures_from_few_people(plan14, regions):
    # one community worker: a training coverage computed from fewer than 10 people
    Worker(unit=regions[WENHUALU], name="甲", post="other", service_start=date(2020, 1, 1)).save()
    response = Client().get("/api/v1/open/indicators/?region=652327")
    assert response.status_code == 200
    rows = {row["code"]: row for row in response.json()}
    assert all("short_units" not in row for row in rows.values())
    training = rows["worker_training_coverage"]
    assert training["suppressed"] is True
    assert training["value"] is None and training["denominator"] is None
    assert rows["facility_coverage"]["suppressed"] is False
    assert "max-age" in response["Cache-Control"]
    again = Client().get("/api/v1/open/indicators/?region=652327", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


@pytest.mark.django_db
def test_open_data_gives_no_unit_level_figures(plan14):
    assert Client().get(f"/api/v1/open/indicators/?region={WENHUALU}").status_code == 404


@pytest.mark.django_db
def test_open_data_is_rate_limited(plan14, settings):
    settings.OPEN_DATA_RATE = "2/min"
    codes = [Client().get("/api/v1/open/indicators/?region=652327").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
