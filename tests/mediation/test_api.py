"""The API: filing a case (201), its JSON with masked parties, a step and a forbidden step (409),
scope (404 elsewhere; the justice bureau sees all), keyset pages, and the legal-services lists."""

import pytest
from rest_framework.test import APIClient

from shequ.mediation.models import MediationCase
from tests.conftest import WENHUALU, XINDI
from tests.factories import MediationCaseFactory


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_a_worker_files_a_case_and_gets_it_with_masked_parties(users, catalogues):
    body = {
        "unit": WENHUALU,
        "dispute_type": "family",
        "summary": "赡养纠纷",
        "mediator_name": "王调解员",
        "parties": [{"role": "applicant", "name": "张建国", "phone": "13812345678"}],
    }
    answer = api(users["worker_wenhualu"]).post("/api/v1/mediation-cases/", body, format="json")
    assert answer.status_code == 201, answer.json()
    case = answer.json()
    assert case["status"] == "accepted" and case["unit"] == WENHUALU
    assert case["parties"] == [
        {"id": case["parties"][0]["id"], "role": "applicant", "name": "张**", "phone": "138****5678"}
    ]
    assert [row["to_status"] for row in case["history"]] == ["accepted"]


@pytest.mark.django_db
def test_bad_input_is_a_400_and_another_unit_a_403(users, catalogues):
    client = api(users["worker_wenhualu"])
    assert client.post("/api/v1/mediation-cases/", {"unit": WENHUALU}, format="json").status_code == 400
    body = {"unit": "652327999999", "dispute_type": "family", "summary": "x", "mediator_name": "王"}
    assert client.post("/api/v1/mediation-cases/", body, format="json").status_code == 400
    assert client.post("/api/v1/mediation-cases/", body | {"unit": XINDI}, format="json").status_code == 403
    assert not MediationCase.objects.exists()


@pytest.mark.django_db
def test_a_step_answers_the_case_and_a_forbidden_step_is_a_409(case, users):
    client = api(users["worker_wenhualu"])
    answer = client.post(f"/api/v1/mediation-cases/{case.pk}/transition/", {"to": "mediating"}, format="json")
    assert answer.status_code == 200 and answer.json()["status"] == "mediating"
    forbidden = client.post(
        f"/api/v1/mediation-cases/{case.pk}/transition/", {"to": "fulfilled", "note": "x"}, format="json"
    )
    assert forbidden.status_code == 409 and forbidden.json()["code"] == "mediation.transition_forbidden"
    missing = client.post(f"/api/v1/mediation-cases/{case.pk}/transition/", {"to": "failed"}, format="json")
    assert missing.status_code == 400


@pytest.mark.django_db
def test_scope_in_the_api(case, users, regions, justice):
    other = MediationCaseFactory(unit=regions[XINDI], acting_user=users["worker_xindi"])
    ids = lambda user: {row["id"] for row in api(user).get("/api/v1/mediation-cases/").json()["results"]}  # noqa: E731
    assert ids(users["worker_wenhualu"]) == {case.pk}
    assert ids(justice) == {case.pk, other.pk}
    assert ids(users["county_mz"]) == set()
    assert api(users["worker_xindi"]).get(f"/api/v1/mediation-cases/{case.pk}/").status_code == 404
    assert api(users["county_jy"]).get(f"/api/v1/mediation-cases/{case.pk}/").status_code == 404


@pytest.mark.django_db
def test_keyset_pages(users, regions, catalogues):
    for _ in range(23):
        MediationCaseFactory(unit=regions[WENHUALU], acting_user=users["worker_wenhualu"])
    client = api(users["township_jms"])
    first = client.get("/api/v1/mediation-cases/").json()
    second = client.get(first["next"]).json()
    ids = [row["id"] for row in first["results"] + second["results"]]
    assert len(first["results"]) == 20 and len(ids) == len(set(ids)) == 23


@pytest.mark.django_db
def test_advisers_consultations_and_publicity_through_the_api(users, catalogues):
    client = api(users["worker_wenhualu"])
    adviser = {
        "unit": WENHUALU,
        "name": "马律师",
        "law_firm": "天山律师事务所",
        "phone": "0994-6000000",
        "term_start": "2025-01-01",
        "term_end": "2025-12-31",
    }
    assert client.post("/api/v1/legal-advisers/", adviser, format="json").status_code == 201
    consultation = {"unit": WENHUALU, "asked_on": "2025-05-01", "question": "押金", "advice": "协商"}
    answer = client.post("/api/v1/legal-consultations/", consultation, format="json")
    assert answer.status_code == 201 and answer.json()["adviser"] is not None
    activity = {
        "unit": WENHUALU,
        "kind": "anti_drug",
        "title": "禁毒宣传",
        "held_on": "2025-06-26",
        "place": "广场",
        "audience": "居民",
        "attendance": 80,
    }
    assert client.post("/api/v1/publicity-activities/", activity, format="json").status_code == 201
    for path in ("/api/v1/legal-advisers/", "/api/v1/legal-consultations/", "/api/v1/publicity-activities/"):
        assert len(client.get(path).json()["results"]) == 1
        assert api(users["worker_xindi"]).get(path).json()["results"] == []
    assert {row["code"] for row in client.get("/api/v1/dispute-types/").json()} >= {"neighbour", "land"}
