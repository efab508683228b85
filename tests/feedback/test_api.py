import pytest
from rest_framework.test import APIClient

from shequ.feedback.models import Rating, Rectification
from tests.feedback.conftest import EVIDENCE_NOTE, evidence_file, rectification_step


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def post_rating(user, application, level=5, **extra):
    payload = {"target_type": "application", "target_id": application.pk, "level": level} | extra
    return api(user).post("/api/v1/ratings/", payload, format="json")


def test_rating_contract(application, users):
    response = post_rating(users["resident"], application, 5, comment="很好", efficiency=5)
    assert response.status_code == 201
    body = response.json()
    assert body == {
        "id": Rating.objects.get().pk,
        "target_type": "application",
        "target_id": application.pk,
        "level": 5,
        "is_bad": False,
        "rectification": None,
    }


def test_a_bad_rating_returns_its_rectification(application, users):
    body = post_rating(users["resident"], application, 1, comment="太慢").json()
    assert body["is_bad"] is True and body["rectification"] == Rating.objects.get().rectification.pk


def test_rating_twice_is_a_conflict(application, users):
    assert post_rating(users["resident"], application).status_code == 201
    second = post_rating(users["resident"], application, 1)
    assert second.status_code == 409 and "只能评价一次" in second.json()["detail"]


@pytest.mark.parametrize("user", ["worker_wenhualu", "county_admin"])
def test_staff_and_strangers_get_a_404(application, users, lisi_account, user):
    assert post_rating(users[user], application).status_code == 404
    assert post_rating(lisi_account, application).status_code == 404


@pytest.mark.parametrize("level", [0, 6, "bad"])
def test_bad_levels_are_a_400(application, users, level):
    assert post_rating(users["resident"], application, level).status_code == 400


def test_list_is_scoped(application, users, lisi_account):
    post_rating(users["resident"], application, 4)
    assert len(api(users["resident"]).get("/api/v1/ratings/").json()["results"]) == 1
    assert len(api(users["worker_wenhualu"]).get("/api/v1/ratings/").json()["results"]) == 1
    assert len(api(users["worker_xindi"]).get("/api/v1/ratings/").json()["results"]) == 0
    assert len(api(lisi_account).get("/api/v1/ratings/").json()["results"]) == 0
    row = api(users["county_mz"]).get("/api/v1/ratings/", {"target_type": "application"}).json()["results"][0]
    assert row["level_label"] == "满意" and row["region"] == "652327100003"
    assert "rater" not in row and "resident" not in row


def test_rectification_transitions_over_the_api(application, users, head):
    rectification = post_rating(users["resident"], application, 2).json()["rectification"]
    url = f"/api/v1/rectifications/{rectification}/transition/"
    rated = api(users["worker_wenhualu"]).post(
        url, {"to": "visited", "note": "已回访", "verified": True}, format="json"
    )
    assert rated.status_code == 403  # the rated worker does not handle their own 差评
    worker = api(head)

    forbidden = worker.post(url, {"to": "closed", "note": "直接反馈"}, format="json")
    assert forbidden.status_code == 409 and "不能变为" in forbidden.json()["detail"]
    assert worker.post(url, {"to": "visited", "note": "已回访"}, format="json").status_code == 400  # no verdict
    visited = worker.post(url, {"to": "visited", "note": "已回访", "verified": True}, format="json")
    assert visited.status_code == 200 and visited.json()["status"] == "visited"
    unproven = worker.post(url, {"to": "rectified", "note": EVIDENCE_NOTE}, format="json")
    assert unproven.status_code == 400 and "files" in unproven.json()
    rectified = worker.post(url, {"to": "rectified", "note": EVIDENCE_NOTE, "files": [evidence_file()]})
    assert rectified.status_code == 200 and rectified.json()["confirm_due"]
    # The resident answers on the rating page; before the time to answer is out a handler cannot.
    assert worker.post(url, {"to": "closed", "note": "电话确认"}, format="json").status_code == 403
    rectification_step(Rectification.objects.get(pk=rectification), "closed", users["resident"], note="")
    closed = worker.get(f"/api/v1/rectifications/{rectification}/").json()
    assert closed["status"] == "closed" and closed["status_label"] == "居民已确认"
    assert [event["to_status"] for event in closed["history"]] == [
        "return_visit_pending",
        "visited",
        "rectified",
        "closed",
    ]
    assert worker.post(url, {"to": "appealed", "note": "迟到的申诉"}, format="json").status_code == 409


def test_rectifications_are_scoped_and_permissions_hold(application, users, head):
    rectification = post_rating(users["resident"], application, 1).json()["rectification"]
    assert api(users["worker_xindi"]).get(f"/api/v1/rectifications/{rectification}/").status_code == 404
    pending = api(users["worker_wenhualu"]).get("/api/v1/rectifications/", {"status": "return_visit_pending"})
    assert len(pending.json()["results"]) == 1
    url = f"/api/v1/rectifications/{rectification}/transition/"
    assert api(head).post(url, {"to": "appealed", "note": "误评"}, format="json").status_code == 200
    own = api(head).post(url, {"to": "excluded", "note": "剔除"}, format="json")
    assert own.status_code == 403
    township = api(users["township_jms"]).post(url, {"to": "excluded", "note": "剔除"}, format="json")
    assert township.status_code == 200 and township.json()["rating"]["excluded"] is True


def test_statistics_endpoint(application, users):
    post_rating(users["resident"], application, 2)
    body = api(users["county_admin"]).get("/api/v1/rating-statistics/", {"by": "department"}).json()
    assert body["by"] == "department"
    assert body["results"][0] | {} == body["results"][0]
    row = body["results"][0]
    assert (row["key"], row["label"], row["total"], row["bad"], row["bad_rate"], row["visit_rate"]) == (
        "mzj",
        "县民政局",
        1,
        1,
        1.0,
        0.0,
    )
    assert body["totals"]["total"] == 1 and "key" not in body["totals"]
    assert api(users["county_admin"]).get("/api/v1/rating-statistics/", {"by": "weather"}).status_code == 400
    assert api(users["resident"]).get("/api/v1/rating-statistics/").status_code == 403
    assert APIClient().get("/api/v1/rating-statistics/").status_code in (401, 403)


def test_residents_get_no_rectification_notes_over_the_api(application, users):
    from shequ.feedback.services import rating_create

    rating_create(target_type="application", target_id=application.pk, level=1, acting_user=users["resident"])
    resident = APIClient()
    resident.force_authenticate(users["resident"])
    assert len(resident.get("/api/v1/rectifications/").json()["results"]) == 0
    worker = APIClient()
    worker.force_authenticate(users["worker_wenhualu"])
    assert len(worker.get("/api/v1/rectifications/").json()["results"]) == 1
