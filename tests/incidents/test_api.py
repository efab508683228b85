"""The contract other parts rely on: categories, filing a case (201), its JSON, a step and a
forbidden step (409), scope and keyset pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tests.conftest import WENHUALU, XINDI
from tests.factories import IncidentFactory, png_bytes


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_categories_list_code_name_department_and_time_limit(categories, users):
    rows = api(users["resident"]).get("/api/v1/incident-categories/").json()
    streetlight = next(row for row in rows if row["code"] == "0401")
    assert streetlight["name"] == "路灯损坏" and streetlight["department"] == "zjj" and streetlight["parent"] == "04"
    assert streetlight["time_limit"] == {"value": 3, "unit": "workdays"}


@pytest.mark.django_db
def test_a_resident_files_a_case_with_a_photo_and_follows_it(categories, users, residents):
    photo = SimpleUploadedFile("灯.png", png_bytes(), "image/png")
    answer = api(users["resident"]).post(
        "/api/v1/incidents/",
        {"category": "0401", "description": "3号楼前路灯不亮", "location": "3号楼", "photos": [photo]},
        format="multipart",
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["status"] == "reported" and body["category"] == "0401" and body["region"] == WENHUALU
    assert body["due_at"] and [event["to_status"] for event in body["history"]] == ["reported"]
    assert api(users["resident"]).get(f"/api/v1/incidents/{body['id']}/").status_code == 200


@pytest.mark.django_db
def test_staff_file_by_region_code_and_bad_input_is_a_400(categories, users):
    client = api(users["worker_wenhualu"])
    answer = client.post(
        "/api/v1/incidents/",
        {"category": "0301", "description": "垃圾未清运", "region": WENHUALU + "002"},
        format="json",
    )
    assert answer.status_code == 201 and answer.json()["grid"] == WENHUALU + "002"
    assert (
        client.post(
            "/api/v1/incidents/", {"category": "03", "description": "x", "region": WENHUALU}, format="json"
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/api/v1/incidents/", {"category": "0301", "description": "x", "region": "999"}, format="json"
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/api/v1/incidents/", {"category": "0301", "description": "x", "region": XINDI}, format="json"
        ).status_code
        == 403
    )


@pytest.mark.django_db
def test_a_step_answers_the_case_and_a_forbidden_step_is_a_409(categories, users, residents):
    incident = IncidentFactory(acting_user=users["resident"])
    client = api(users["worker_wenhualu"])
    answer = client.post(
        f"/api/v1/incidents/{incident.pk}/transition/", {"to": "registered", "note": ""}, format="json"
    )
    assert answer.status_code == 200 and answer.json()["status"] == "registered"
    forbidden = client.post(f"/api/v1/incidents/{incident.pk}/transition/", {"to": "closed", "note": ""}, format="json")
    assert forbidden.status_code == 409 and forbidden.json()["code"] == "incidents.transition_forbidden"
    missing = client.post(
        f"/api/v1/incidents/{incident.pk}/transition/", {"to": "suspended", "note": ""}, format="json"
    )
    assert missing.status_code == 400


@pytest.mark.django_db
def test_scope_hides_other_areas_cases(categories, users, residents, regions):
    mine = IncidentFactory(acting_user=users["resident"])
    other = IncidentFactory(acting_user=users["worker_xindi"], region=regions[XINDI])
    assert api(users["worker_xindi"]).get(f"/api/v1/incidents/{mine.pk}/").status_code == 404
    ids = [row["id"] for row in api(users["township_jms"]).get("/api/v1/incidents/").json()["results"]]
    assert ids == [mine.pk]
    assert api(users["county_jy"]).get("/api/v1/incidents/").json()["results"] == []
    assert {row["id"] for row in api(users["county_mz"]).get("/api/v1/incidents/").json()["results"]} == {
        mine.pk,
        other.pk,
    }
    assert api(users["grid_wenhualu"]).get(f"/api/v1/incidents/{mine.pk}/").status_code == 200


@pytest.mark.django_db
def test_the_queues_page_by_keyset(categories, users, residents):
    for _ in range(3):
        IncidentFactory(acting_user=users["resident"])
    client = api(users["worker_wenhualu"])
    first = client.get("/api/v1/incidents/?queue=reported").json()
    assert len(first["results"]) == 3 and first["next"] is None
    assert client.get("/api/v1/incidents/?queue=nonsense").status_code == 400


@pytest.mark.django_db
def test_the_demo_fills_every_state_with_some_overdue_cases(users, regions):
    from django.utils import timezone

    from shequ.incidents.demo import incidents_seed
    from shequ.incidents.models import Incident
    from shequ.incidents.workflow import Status

    assert incidents_seed(county="652327", seed=1, count=90)["incidents"] == 90
    assert set(Incident.objects.values_list("status", flat=True)) == set(Status.values)
    assert Incident.objects.filter(status__in=Status.running_states(), due_at__lt=timezone.now()).exists()
    assert incidents_seed(county="652327", seed=1)["incidents"] == 0
