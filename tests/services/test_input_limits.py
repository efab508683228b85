"""Application data and notes within their limits, on the API and the pages alike; nothing is saved
when they are not."""

import json

import pytest
from rest_framework.test import APIClient

from shequ.core.models import DomainEvent
from shequ.services.catalogue import catalogue_load
from shequ.services.models import Application, ApplicationEvent


@pytest.fixture
def catalogue(db):
    catalogue_load()


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def nested(depth: int):
    value = "底"
    for _level in range(depth):
        value = {"下一层": value}
    return value


def post_application(user, data):
    body = json.dumps({"service": "YB-CBDJ", "data": data}, ensure_ascii=False)
    return api(user).post("/api/v1/applications/", body, content_type="application/json")


def test_data_at_the_limits_is_accepted(users, residents, catalogue):
    response = post_application(users["resident"], {"说明": "字" * 4000, "层": nested(9)})
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({f"item{number}": "字" * 1000 for number in range(30)}, "KB"),  # about 90 KB
        (nested(11), "10 层"),
        (nested(500), "10 层"),
        ({"note": "字" * 4001}, "4000"),
        ({"note": "正常\u202e文字"}, "控制字符"),
        (["not", "an", "object"], "键值"),
    ],
    ids=["over 64 KiB", "11 levels", "500 levels", "note of 4001", "bidi override", "not an object"],
)
def test_data_over_its_limits_is_a_400_and_nothing_is_saved(users, residents, catalogue, data, message):
    response = post_application(users["resident"], data)
    assert response.status_code == 400
    assert message in " ".join(response.json()["data"])
    assert not Application.objects.exists() and not DomainEvent.objects.exists()


def test_limits_are_settings(users, residents, catalogue, settings):
    settings.APPLICATION_DATA_MAX_BYTES, settings.APPLICATION_DATA_MAX_DEPTH = 1024, 3
    assert post_application(users["resident"], {"a": {"b": {"c": 1}}}).status_code == 201
    assert post_application(users["resident"], {"a": {"b": {"c": {}}}}).status_code == 400
    assert post_application(users["resident"], {"a": "字" * 400}).status_code == 400
    assert Application.objects.count() == 1


def test_text_in_data_is_nfc_normalised(users, residents, catalogue):
    response = post_application(users["resident"], {"名字": "Lu\u0308"})
    assert Application.objects.get(pk=response.json()["id"]).data == {"名字": "Lü"}


def test_the_apply_page_refuses_data_over_the_limit_and_keeps_the_note(users, residents, catalogue, login, settings):
    settings.APPLICATION_DATA_MAX_BYTES = 1024
    note = "母亲今年满80岁" * 100
    response = login(users["resident"]).post(
        "/services/items/YB-CBDJ/apply/", {"applicant": residents["zhangsan"].pk, "note": note}
    )
    assert response.status_code == 200 and "不能超过 1 KB" in response.content.decode()
    assert note in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("note", "message"),
    [("字" * 4001, "4000"), ("受理\u200b完成", "控制字符"), ("受理\x07完成", "控制字符")],
    ids=["4001 characters", "zero-width space", "bell"],
)
def test_a_transition_note_over_the_limit_or_with_hidden_characters_is_refused(
    users, residents, catalogue, note, message
):
    application = Application.objects.get(pk=post_application(users["resident"], {}).json()["id"])
    worker = api(users["worker_wenhualu"])
    url = f"/api/v1/applications/{application.pk}/transition/"
    response = worker.post(url, {"to": "accepted", "note": note}, format="json")
    assert response.status_code == 400 and message in " ".join(response.json()["note"])
    assert not ApplicationEvent.objects.filter(to_status="accepted").exists()
    page = login_post(users, application, note)
    assert page.status_code == 200 and (message if message != "4000" else "不超过 4000 字符") in page.content.decode()
    application.refresh_from_db()
    assert application.status == "submitted"


def login_post(users, application, note):
    from django.test import Client

    client = Client()
    client.force_login(users["worker_wenhualu"])
    return client.post(f"/work/applications/{application.pk}/", {"to": "accepted", "note": note})


@pytest.mark.parametrize("chosen", ["²", "٣", "99999999999999999999999"])
def test_the_window_form_treats_an_odd_applicant_id_as_no_choice(users, residents, catalogue, login, chosen):
    response = login(users["worker_wenhualu"]).post(
        "/work/applications/window/", {"service": "", "applicant": chosen, "note": "窗口"}
    )
    assert response.status_code == 200 and not Application.objects.exists()


def test_the_limit_message_is_in_the_users_language(users, residents, catalogue):
    client = api(users["resident"])
    client.cookies["django_language"] = "ug"
    body = json.dumps({"service": "YB-CBDJ", "data": nested(11)})
    response = client.post("/api/v1/applications/", body, content_type="application/json")
    assert response.status_code == 400 and "قاتلىمى 10 قەۋەتتىن" in response.json()["data"][0]
