"""The contract the plan monitoring relies on: /api/v1/community-workers/?unit=CODE, scoped like
every list, keyset pages, and no query per row."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from shequ.workforce.models import Employer
from shequ.workforce.services import attendance_record
from tests.conftest import WENHUALU, XINDI

CONTRACT_FIELDS = {
    "id",
    "unit",
    "post",
    "education",
    "service_start",
    "grade",
    "social_work_qualification",
    "trained_this_year",
}


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_workers_of_a_unit_carry_exactly_the_contract_fields(users, make_worker, make_session):
    today = timezone.localdate()
    start = today.replace(year=today.year - 6) - timedelta(days=1)
    secretary = make_worker(
        WENHUALU, post="principal", start=start, education="bachelor", qualification="assistant", name="书记"
    )
    make_worker(WENHUALU, post="other", start=date(2020, 1, 1), name="干事")
    make_worker(XINDI, name="别处的")
    make_worker("652327100", employer=Employer.STATION, post="", start=None, name="社工站社工")
    attendance_record(session=make_session(held_on=today), workers=[secretary], acting_user=users["county_admin"])
    response = api(users["county_mz"]).get(f"/api/v1/community-workers/?unit={WENHUALU}")
    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()["results"]}
    assert set(rows) == {secretary.pk, secretary.pk + 1}
    assert all(set(row) == CONTRACT_FIELDS for row in rows.values())
    # 7 + ⌊(6 + 3) / 3⌋ + 1
    assert rows[secretary.pk] == {
        "id": secretary.pk,
        "unit": WENHUALU,
        "post": "principal",
        "education": "bachelor",
        "service_start": start.isoformat(),
        "grade": 11,
        "social_work_qualification": "assistant",
        "trained_this_year": True,
    }
    assert rows[secretary.pk + 1]["social_work_qualification"] is None
    assert rows[secretary.pk + 1]["trained_this_year"] is False


@pytest.mark.django_db
def test_the_list_pages_by_keyset_in_a_fixed_number_of_queries(users, make_worker, django_assert_max_num_queries):
    for number in range(45):
        make_worker(WENHUALU, name=f"工作者{number:02d}", education="master", qualification="senior")
    client, names, url = api(users["worker_wenhualu"]), [], "/api/v1/community-workers/"
    while url:
        with django_assert_max_num_queries(12):
            body = client.get(url).json()
        names += [row["id"] for row in body["results"]]
        url = body["next"]
    assert len(set(names)) == 45


@pytest.mark.django_db
def test_another_scope_is_empty_and_a_bad_code_is_a_clear_400(users, make_worker):
    other = make_worker(XINDI)
    client = api(users["worker_wenhualu"])
    assert client.get(f"/api/v1/community-workers/?unit={XINDI}").json()["results"] == []
    assert client.get(f"/api/v1/community-workers/{other.pk}/").status_code == 404
    bad = client.get("/api/v1/community-workers/?unit=6523")
    assert bad.status_code == 400 and "unit" in bad.json()
    assert api(users["worker_xindi"]).get(f"/api/v1/community-workers/{other.pk}/").status_code == 200
