"""The contract the plan monitoring relies on: /api/v1/facilities/?unit=CODE and the community
figures on /api/v1/regions/{code}/."""

import pytest
from rest_framework.test import APIClient

from shequ.facilities.services import community_profile_set
from tests.conftest import MANCHENGLU, WENHUALU, XINDI

CONTRACT_FIELDS = {
    "id",
    "unit",
    "type",
    "name",
    "building_area",
    "activity_area",
    "commercial_area",
    "newly_built_community",
    "self_service_terminals",
    "min_daily_open_hours",
    "serves",
}


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_facilities_of_a_unit_carry_exactly_the_contract_fields(regions, users, make_facility):
    community_profile_set(
        unit=regions[WENHUALU], total_building_area=None, newly_built_year=2023, acting_user=users["county_admin"]
    )
    make_facility(regions[WENHUALU], area="900", also_serves=[(regions[MANCHENGLU], None)], self_service_terminals=2)
    make_facility(regions[MANCHENGLU], name="满城路日间照料中心", type_code="YL-RJ")
    response = api(users["county_mz"]).get(f"/api/v1/facilities/?unit={WENHUALU}")
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert set(row) == CONTRACT_FIELDS
    assert row | {"id": None} == {
        "id": None,
        "unit": WENHUALU,
        "type": "ZH-DQ",
        "name": "党群服务中心",
        "building_area": 900.0,
        "activity_area": 540.0,
        "commercial_area": 0.0,
        "newly_built_community": True,
        "self_service_terminals": 2,
        "min_daily_open_hours": 8.0,
        "serves": [MANCHENGLU, WENHUALU],
    }
    served = api(users["county_mz"]).get(f"/api/v1/facilities/?serves={MANCHENGLU}").json()["results"]
    assert {row["name"] for row in served} == {"党群服务中心", "满城路日间照料中心"}


@pytest.mark.django_db
def test_the_list_pages_by_keyset_without_repeating_or_skipping(regions, users, make_facility):
    for number in range(45):
        make_facility(regions[WENHUALU], name=f"设施{number:02d}")
    client, names, url = api(users["worker_wenhualu"]), [], "/api/v1/facilities/"
    while url:
        body = client.get(url).json()
        names += [row["name"] for row in body["results"]]
        url = body["next"]
    assert names == sorted(names) and len(set(names)) == 45


@pytest.mark.django_db
def test_a_bad_unit_code_is_a_clear_400_and_another_scope_is_empty(regions, users, make_facility):
    make_facility(regions[XINDI])
    bad = api(users["worker_wenhualu"]).get("/api/v1/facilities/?unit=6523")
    assert bad.status_code == 400 and bad.json()["code"] == "core.validation" and "unit" in bad.json()
    assert api(users["worker_wenhualu"]).get(f"/api/v1/facilities/?unit={XINDI}").json()["results"] == []


@pytest.mark.django_db
def test_a_unit_region_carries_its_building_area_and_new_community_year(regions, users):
    community_profile_set(
        unit=regions[WENHUALU], total_building_area=120000, newly_built_year=2022, acting_user=users["county_admin"]
    )
    client = api(users["county_mz"])
    unit = client.get(f"/api/v1/regions/{WENHUALU}/").json()
    assert (unit["total_building_area"], unit["newly_built_year"]) == (120000.0, 2022)
    other = client.get(f"/api/v1/regions/{XINDI}/").json()
    assert (other["total_building_area"], other["newly_built_year"]) == (None, None)
    assert client.get("/api/v1/regions/652327/").json()["newly_built_year"] is None
