"""The contract other parts rely on: POST /api/v1/auth/sms-code/ → 202, POST /api/v1/auth/register/
→ 201 {"status"}, then a token with the phone as user name; refusals with stable codes."""

import pytest
from rest_framework.test import APIClient

from tests.conftest import WENHUALU

PHONE = "13900001111"
PASSWORD = "Shequ-signup-2025"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def code_for(api, django_capture_on_commit_callbacks, sms_outbox):
    def code_for(phone=PHONE, purpose=None):
        with django_capture_on_commit_callbacks(execute=True):
            answer = api.post("/api/v1/auth/sms-code/", {"phone": phone, **({"purpose": purpose} if purpose else {})})
        assert answer.status_code == 202, answer.content
        return sms_outbox[-1].params.get("code")

    return code_for


def register(api, **fields):
    return api.post("/api/v1/auth/register/", {"phone": PHONE, "password": PASSWORD, **fields}, format="json")


@pytest.mark.django_db
def test_sign_up_then_token_with_the_phone(api, code_for, residents, clock):
    answer = api.post("/api/v1/auth/sms-code/", {"phone": PHONE})
    assert answer.status_code == 202
    assert answer.json() == {"detail": "验证码已发送，请查看短信", "expires_in": 300, "resend_after": 60}
    clock.advance(minutes=1)
    created = register(api, code=code_for(), name="刘芳", id_number=residents["wife"].id_number)
    assert created.status_code == 201 and created.json() == {"status": "verified"}
    token = api.post("/api/v1/auth/token/", {"username": PHONE, "password": PASSWORD})
    assert token.status_code == 200 and token.json()["token"]


@pytest.mark.django_db
def test_a_mismatch_is_pending_in_the_unit_given(api, code_for, residents, clock):
    created = register(api, code=code_for(), name="刘方", id_number=residents["wife"].id_number, unit=WENHUALU)
    assert created.status_code == 201 and created.json() == {"status": "pending"}


@pytest.mark.django_db
def test_known_and_unknown_phones_get_the_same_answer(api, users, clock):
    users["resident"].username = "13900002222"
    users["resident"].save()
    answers = [
        api.post("/api/v1/auth/sms-code/", {"phone": phone, "purpose": "reset"})
        for phone in ("13900002222", "13900003333")
    ]
    assert [answer.status_code for answer in answers] == [202, 202]
    assert answers[0].json() == answers[1].json()


@pytest.mark.django_db
def test_refusals_carry_stable_codes(api, code_for, residents, clock):
    code = code_for()
    assert api.post("/api/v1/auth/sms-code/", {"phone": PHONE}).json()["code"] == "accounts.too_many_codes"
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    refused = register(api, code=wrong, name="刘芳", id_number=residents["wife"].id_number)
    assert refused.status_code == 400 and refused.json() == {
        "detail": "验证码不正确，请重新输入",
        "code": "accounts.code_invalid",
    }
    clock.advance(minutes=6)
    expired = register(api, code=code, name="刘芳", id_number=residents["wife"].id_number)
    assert expired.json()["code"] == "accounts.code_expired"
    invalid = register(api, code=code, name="刘芳", id_number="123", password="1")
    assert invalid.status_code == 400 and invalid.json()["code"] == "core.validation"
    assert {"id_number", "password"} <= set(invalid.json())
    assert api.post("/api/v1/auth/sms-code/", {"phone": "123"}).json()["code"] == "core.validation"


@pytest.mark.django_db
def test_a_taken_phone_is_refused_to_the_phone_owner(api, code_for, residents, clock):
    register(api, code=code_for(), name="刘芳", id_number=residents["wife"].id_number)
    clock.advance(minutes=1)
    taken = register(api, code=code_for(), name="刘芳", id_number=residents["wife"].id_number)
    assert taken.status_code == 409 and taken.json()["code"] == "accounts.phone_taken"


@pytest.mark.django_db
def test_errors_are_in_the_users_language(api, clock):
    answer = api.post("/api/v1/auth/sms-code/", {"phone": "123"}, HTTP_ACCEPT_LANGUAGE="ug")
    assert answer.json()["phone"] != ["请输入 11 位手机号码"]
