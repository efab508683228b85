"""The API's one exception handler: every error carries a stable code and words in the user's
language."""

import pytest
from rest_framework.test import APIClient

from shequ.services.catalogue import catalogue_load
from shequ.services.models import ServiceItem
from tests.factories import ApplicationFactory


def api(user, language: str = "zh-hans") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_authenticate(user)
    return client


@pytest.fixture
def application(residents, users):
    catalogue_load()
    return ApplicationFactory(service=ServiceItem.objects.get(code="YB-CBDJ"), applicant=residents["zhangsan"])


@pytest.mark.parametrize(
    ("language", "words"), [("zh-hans", "办件当前为“已提交”，不能变为“已办结”"), ("ug", "«يوللاندى»")]
)
def test_a_step_the_table_forbids_is_a_409_with_the_workflow_code(application, users, language, words):
    response = api(users["worker_wenhualu"], language).post(
        f"/api/v1/applications/{application.pk}/transition/", {"to": "completed"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "services.transition_forbidden"
    assert words in response.json()["detail"]


@pytest.mark.parametrize(("language", "words"), [("zh-hans", "请写明理由"), ("ug", "سەۋەب")])
def test_a_service_validation_error_is_a_400_with_field_errors_and_a_code(application, users, language, words):
    response = api(users["worker_wenhualu"], language).post(
        f"/api/v1/applications/{application.pk}/transition/", {"to": "not_accepted"}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "core.validation" and words in body["reason"][0] and body["detail"]


def test_a_serializer_error_is_a_400_with_the_same_code(application, users):
    response = api(users["worker_wenhualu"]).post(
        f"/api/v1/applications/{application.pk}/transition/", {"to": "nowhere"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "core.validation" and "to" in response.json()


def test_applying_without_an_applicant_names_the_field_in_the_users_language(application, users):
    response = api(users["worker_wenhualu"], "ug").post("/api/v1/applications/", {"service": "YB-CBDJ"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "core.validation"
    assert response.json()["applicant"] != ["请指定申请人"] and response.json()["applicant"][0]


@pytest.mark.parametrize(("language", "words"), [("zh-hans", "没有找到该记录"), ("ug", "خاتىرە")])
def test_another_units_record_is_a_404_with_a_code(application, users, language, words):
    response = api(users["worker_xindi"], language).get(f"/api/v1/applications/{application.pk}/")
    assert response.status_code == 404
    assert response.json() == {"detail": response.json()["detail"], "code": "core.not_found"}
    assert words in response.json()["detail"]


def test_not_logged_in_and_not_allowed_have_their_codes(users):
    anonymous = APIClient().get("/api/v1/applications/")
    assert anonymous.status_code in (401, 403) and anonymous.json()["code"] == "core.not_authenticated"
    resident = api(users["resident"]).get("/api/v1/rating-statistics/")
    assert resident.status_code == 403 and resident.json()["code"] == "core.permission_denied"
    assert resident.json()["detail"] == "只有工作人员可以查看好差评统计"


def test_the_users_own_language_wins_over_the_browsers(application, users):
    worker = users["worker_wenhualu"]
    worker.language = "ug"
    worker.save()
    response = api(worker, "zh-hans").get("/api/v1/applications/999999/")
    assert response.status_code == 404 and "没有找到" not in response.json()["detail"]
