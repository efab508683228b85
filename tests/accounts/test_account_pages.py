"""The portal's account pages without JavaScript: sign-up in two steps, password reset and login
by SMS code (under the login lockout), and the workers' sign-up pages."""

from datetime import timedelta

import pytest
from django.db.models import F
from django.test import Client

from shequ.accounts.models import SignUp, SignUpStatus, SmsCode
from shequ.accounts.views import PHONE_STEP
from tests.conftest import WENHUALU
from tests.factories import UserFactory

PHONE = "13900001111"
PASSWORD = "Shequ-signup-2025"


@pytest.fixture
def browser(django_capture_on_commit_callbacks, sms_outbox):
    """A client whose posts run the after-commit work (the SMS) as a request would."""

    class Browser(Client):
        def post(self, *args, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return super().post(*args, **kwargs)

        def code(self) -> str:
            return sms_outbox[-1].params["code"]

    return Browser()


def signup_form(**fields):
    return {"name": "刘芳", "password1": PASSWORD, "password2": PASSWORD, "unit": "", **fields}


@pytest.mark.django_db
def test_sign_up_in_two_steps_binds_and_logs_in(browser, residents, clock):
    assert browser.get("/accounts/signup/").status_code == 200
    assert browser.post("/accounts/signup/", {"phone": PHONE}).url == "/accounts/signup/details/"
    page = browser.get("/accounts/signup/details/")
    assert "139****1111" in page.content.decode() and PHONE not in page.content.decode()
    done = browser.post(
        "/accounts/signup/details/", signup_form(code=browser.code(), id_number=residents["wife"].id_number)
    )
    assert done.url == "/accounts/signup/done/"
    assert "可以在网上办事" in browser.get(done.url).content.decode()
    assert "刘芳，您好" in browser.get("/").content.decode()


@pytest.mark.django_db
def test_a_sign_up_without_a_match_asks_for_the_unit_and_keeps_what_was_typed(browser, residents, regions, clock):
    browser.post("/accounts/signup/", {"phone": PHONE})
    code = browser.code()
    form = signup_form(code=code, name="刘方", id_number=residents["wife"].id_number)
    asked = browser.post("/accounts/signup/details/", form)
    html = asked.content.decode()
    assert asked.status_code == 200 and "请选择您所在的村（社区）" in html
    assert 'value="刘方"' in html and residents["wife"].id_number in html
    assert PASSWORD not in html and code not in html
    done = browser.post("/accounts/signup/details/", form | {"unit": regions[WENHUALU].pk})
    assert done.url == "/accounts/signup/done/"
    assert "待核验" in browser.get("/").content.decode()


@pytest.mark.django_db
def test_the_code_step_without_a_phone_goes_back_to_the_first(browser, clock):
    assert browser.get("/accounts/signup/details/").url == "/accounts/signup/"


@pytest.mark.django_db
def test_password_reset_by_code(browser, users, clock):
    UserFactory(username=PHONE, phone=PHONE)
    browser.post("/accounts/password-reset/", {"phone": PHONE})
    new = "Another-pass-2025"
    reset = browser.post(
        "/accounts/password-reset/confirm/", {"code": browser.code(), "password1": new, "password2": new}
    )
    assert reset.url == "/accounts/login/"
    assert browser.post("/accounts/login/", {"username": PHONE, "password": new}).status_code == 302


@pytest.mark.django_db
def test_password_reset_for_an_unknown_phone_looks_the_same(browser, sms_outbox, clock):
    answer = browser.post("/accounts/password-reset/", {"phone": PHONE})
    assert answer.url == "/accounts/password-reset/confirm/"
    assert sms_outbox[-1].key == "accounts.sms_no_account"


@pytest.mark.django_db
def test_login_by_code(browser, clock):
    UserFactory(username=PHONE, phone=PHONE)
    browser.post("/accounts/login/sms/", {"phone": PHONE})
    logged_in = browser.post("/accounts/login/sms/code/", {"code": browser.code()})
    assert logged_in.url == "/accounts/after-login/"
    assert PHONE_STEP not in browser.session


@pytest.mark.django_db
def test_login_by_code_is_locked_out_like_a_password_login(browser):
    # Real time here, as axes counts its lockout window by the real clock; the minute between two
    # codes is passed by moving the last sending back.
    UserFactory(username=PHONE, phone=PHONE)

    def fresh_code() -> str:
        SmsCode.objects.update(sent_at=F("sent_at") - timedelta(minutes=1))
        browser.post("/accounts/login/sms/", {"phone": PHONE})
        return browser.code()

    answers = []
    for _attempt in range(5):
        wrong = "000000" if fresh_code() != "000000" else "111111"
        answers.append(browser.post("/accounts/login/sms/code/", {"code": wrong}).status_code)
    # The fifth failure locks, as with a password; then even the right code is refused.
    assert answers == [200, 200, 200, 200, 429]
    assert browser.post("/accounts/login/sms/code/", {"code": fresh_code()}).status_code == 429


@pytest.mark.django_db
def test_the_login_page_links_to_sign_up_reset_and_code_login(client):
    html = client.get("/accounts/login/").content.decode()
    assert "/accounts/login/sms/" in html and "/accounts/signup/" in html and "/accounts/password-reset/" in html


@pytest.mark.django_db
def test_the_worker_confirms_on_the_page(login, users, residents, regions):
    account = UserFactory(username=PHONE, phone=PHONE)
    signup = SignUp.objects.create(
        account=account,
        name="刘方",
        id_number=residents["wife"].id_number,
        region=regions[WENHUALU],
        scope_code=WENHUALU,
        status=SignUpStatus.PENDING,
    )
    worker = login(users["worker_wenhualu"])
    listing = worker.get("/work/sign-ups/").content.decode()
    assert "刘方" in listing and residents["wife"].id_number not in listing
    page = worker.get(f"/work/sign-ups/{signup.pk}/").content.decode()
    assert "1992 年生" in page and residents["wife"].id_number[-4:] in page
    assert residents["wife"].id_number not in page and "1992-03-04" not in page
    refused = worker.post(f"/work/sign-ups/{signup.pk}/", {"action": "reject", "reason": ""})
    assert refused.status_code == 200
    worker.post(f"/work/sign-ups/{signup.pk}/", {"action": "confirm", "person": residents["wife"].pk})
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.VERIFIED
    assert "待核验的注册" in worker.get("/work/").content.decode()


@pytest.mark.django_db
def test_other_units_and_residents_cannot_open_the_sign_up(login, users, residents, regions):
    signup = SignUp.objects.create(
        account=UserFactory(username=PHONE),
        name="刘方",
        id_number=residents["wife"].id_number,
        region=regions[WENHUALU],
        scope_code=WENHUALU,
        status=SignUpStatus.PENDING,
    )
    assert login(users["worker_xindi"]).get(f"/work/sign-ups/{signup.pk}/").status_code == 404
    assert (
        login(users["worker_xindi"])
        .post(f"/work/sign-ups/{signup.pk}/", {"action": "confirm", "person": residents["wife"].pk})
        .status_code
        == 404
    )
    assert login(users["resident"]).get("/work/sign-ups/").status_code == 403
    assert login(users["county_mz"]).get("/work/sign-ups/").status_code == 403
