"""Signing up: an exact name and ID match in the registry binds the account at once; anything else
waits for the workers of the unit the resident named; one account binds to one person."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from shequ.accounts.models import SignUp, SignUpStatus, User
from shequ.accounts.services import PhoneTaken, UnitRequired, account_register
from shequ.accounts.sms_codes import CodeInvalid
from shequ.core.models import DomainEvent
from shequ.notifications.models import Notification
from shequ.residents.choices import Gender
from tests.conftest import WENHUALU
from tests.factories import id_number_for

PHONE = "13900001111"
# Valid numbers nobody in the registry holds; the second with a wrong check character.
UNKNOWN_ID = id_number_for(date(1980, 1, 1), 7, Gender.MALE)
BAD_CHECK_ID = UNKNOWN_ID[:-1] + ("1" if UNKNOWN_ID[-1] != "1" else "2")
PASSWORD = "Shequ-signup-2025"


@pytest.fixture
def register(send_code, django_capture_on_commit_callbacks):
    def register(phone=PHONE, **fields):
        code = fields.pop("code", None) or send_code(phone)
        with django_capture_on_commit_callbacks(execute=True):
            return account_register(phone=phone, code=code, password=fields.pop("password", PASSWORD), **fields)

    return register


@pytest.mark.django_db
def test_an_exact_match_binds_the_account_to_the_registry_person(register, residents, clock):
    wife = residents["wife"]
    signup = register(name="刘芳", id_number=wife.id_number)
    wife.refresh_from_db()
    assert signup.status == SignUpStatus.VERIFIED and wife.account == signup.account
    account = User.objects.get(username=PHONE)
    assert account.check_password(PASSWORD) and account.phone == PHONE and account.region == wife.region
    assert DomainEvent.objects.filter(verb="account.registered", target_id=str(signup.pk)).exists()
    assert Notification.objects.get(recipient=account).key == "accounts.signup_verified"


@pytest.mark.django_db
def test_a_name_that_differs_from_the_registry_waits_in_the_named_unit(register, residents, regions, clock):
    signup = register(name="刘方", id_number=residents["wife"].id_number, unit=regions[WENHUALU])
    residents["wife"].refresh_from_db()
    assert signup.status == SignUpStatus.PENDING and residents["wife"].account is None
    assert signup.scope_code == WENHUALU
    assert Notification.objects.get(recipient=signup.account).key == "accounts.signup_pending"


@pytest.mark.django_db
def test_without_a_unit_the_form_asks_for_one_and_the_code_still_works(register, send_code, regions, clock):
    code = send_code(PHONE)
    with pytest.raises(UnitRequired):
        register(code=code, name="赵六", id_number=UNKNOWN_ID, unit_required=True)
    assert not User.objects.exists()
    signup = register(code=code, name="赵六", id_number=UNKNOWN_ID, unit=regions[WENHUALU])
    assert signup.status == SignUpStatus.PENDING


@pytest.mark.django_db
def test_an_api_sign_up_without_a_unit_waits_for_the_county(register, regions, clock):
    signup = register(name="赵六", id_number=UNKNOWN_ID)
    assert signup.status == SignUpStatus.PENDING and signup.scope_code == "652327"


@pytest.mark.django_db
def test_a_person_already_bound_is_not_bound_again(register, residents, clock):
    zhangsan = residents["zhangsan"]  # bound to the fixture's resident account
    signup = register(name="张三", id_number=zhangsan.id_number)
    zhangsan.refresh_from_db()
    assert signup.status == SignUpStatus.PENDING and zhangsan.account.username == "resident"


@pytest.mark.django_db
def test_a_phone_signs_up_once(register, residents, send_code, clock):
    register(name="刘芳", id_number=residents["wife"].id_number)
    clock.advance(minutes=1)
    with pytest.raises(PhoneTaken):
        register(name="刘芳", id_number=residents["wife"].id_number)
    assert SignUp.objects.count() == 1


@pytest.mark.django_db
def test_a_code_signs_up_one_account_only(register, send_code, residents, clock):
    code = send_code(PHONE)
    register(code=code, name="刘芳", id_number=residents["wife"].id_number)
    with pytest.raises(CodeInvalid):
        register(phone=PHONE, code=code, name="刘芳", id_number=residents["wife"].id_number)


@pytest.mark.django_db
def test_bad_fields_are_named_before_the_code_is_spent(register, send_code, clock, regions):
    code = send_code(PHONE)
    with pytest.raises(ValidationError) as refused:
        register(code=code, name="", id_number=BAD_CHECK_ID, password="123")
    assert set(refused.value.message_dict) == {"name", "id_number", "password"}
    # The code was not even checked: it still has all its attempts.
    assert register(code=code, name="赵六", id_number=UNKNOWN_ID).status == SignUpStatus.PENDING


@pytest.mark.django_db
def test_the_password_validators_apply(register, clock, regions):
    with pytest.raises(ValidationError) as refused:
        register(name="赵六", id_number=UNKNOWN_ID, password="12345678901")
    assert "password" in refused.value.message_dict
