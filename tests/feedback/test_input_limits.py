"""Rating comments and rectification notes: within their limits, without hidden characters."""

import pytest

from shequ.feedback.models import Rating, RectificationEvent
from tests.feedback.test_api import api, post_rating


@pytest.mark.parametrize("comment", ["很好\u202e", "很\u200b好", "字" * 501])
def test_a_comment_with_hidden_characters_or_too_long_is_a_400(application, users, comment):
    response = post_rating(users["resident"], application, 5, comment=comment)
    assert response.status_code == 400 and "comment" in response.json()
    assert not Rating.objects.exists()


def test_a_rectification_note_of_4001_characters_is_refused(application, users):
    rectification = post_rating(users["resident"], application, 2).json()["rectification"]
    url = f"/api/v1/rectifications/{rectification}/transition/"
    worker = api(users["township_jms"])
    too_long = worker.post(url, {"to": "visited", "note": "字" * 4001, "verified": True}, format="json")
    assert too_long.status_code == 400 and "note" in too_long.json()
    hidden = worker.post(url, {"to": "visited", "note": "已\u2066回访", "verified": True}, format="json")
    assert hidden.status_code == 400 and "控制字符" in " ".join(hidden.json()["note"])
    assert not RectificationEvent.objects.filter(to_status="visited").exists()
    at_limit = worker.post(url, {"to": "visited", "note": "字" * 4000, "verified": True}, format="json")
    assert at_limit.status_code == 200


def test_the_statistics_api_refuses_far_dates(application, users):
    response = api(users["county_mz"]).get("/api/v1/rating-statistics/", {"since": "9999-12-31"})
    assert response.status_code == 400 and "since" in response.json()


def test_a_target_id_that_is_not_ascii_digits_is_ignored(application, users):
    post_rating(users["resident"], application, 5)
    response = api(users["resident"]).get("/api/v1/ratings/", {"target_id": "²"})
    assert len(response.status_code == 200 and response.json()["results"]) == 1
