"""Workers decide waiting sign-ups of their own scope: confirm with the registry person, reject
or unbind with a reason; all audited, the resident told."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shequ.accounts.models import SignUp, SignUpStatus
from shequ.accounts.selectors import signup_candidates, signup_list
from shequ.accounts.services import AlreadyBound, account_unbind, signup_confirm, signup_reject
from shequ.core.models import DomainEvent
from shequ.core.workflow import TransitionForbidden
from shequ.notifications.models import Notification
from tests.conftest import WENHUALU, XINDI
from tests.factories import UserFactory


@pytest.fixture
def pending(residents, regions):
    """刘芳 signed up as 刘方 (a typo) and named 文化路社区."""

    def make(name="刘方", id_number=None, unit=WENHUALU, phone="13900001111"):
        account = UserFactory(username=phone, phone=phone, region=regions[unit])
        return SignUp.objects.create(
            account=account,
            name=name,
            id_number=id_number or residents["wife"].id_number,
            region=regions[unit],
            scope_code=unit,
            status=SignUpStatus.PENDING,
        )

    return make


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.mark.django_db
def test_the_worker_sees_the_sign_up_with_its_registry_candidates(pending, users, residents):
    signup = pending()
    assert list(signup_list(user=users["worker_wenhualu"])) == [signup]
    assert signup_candidates(signup=signup, user=users["worker_wenhualu"]) == [residents["wife"]]


@pytest.mark.django_db
def test_a_worker_of_another_unit_neither_sees_nor_confirms_it(pending, users, residents):
    signup = pending()
    other = users["worker_xindi"]
    assert not signup_list(user=other).exists()
    with pytest.raises(PermissionDenied):
        signup_confirm(signup=signup, person=residents["wife"], acting_user=other)
    # Nor may a worker bind an account to a person outside their own scope.
    with pytest.raises(PermissionDenied):
        signup_confirm(signup=signup, person=residents["lisi"], acting_user=users["worker_wenhualu"])
    assert not signup_list(user=users["grid_wenhualu"]).exists()


@pytest.mark.django_db
def test_confirming_binds_audits_and_tells_the_resident(pending, users, residents, after_commit):
    signup = pending()
    with after_commit():
        signup_confirm(signup=signup, person=residents["wife"], acting_user=users["worker_wenhualu"])
    residents["wife"].refresh_from_db()
    signup.refresh_from_db()
    assert residents["wife"].account == signup.account and signup.status == SignUpStatus.VERIFIED
    assert signup.decided_by == users["worker_wenhualu"]
    event = DomainEvent.objects.get(verb="account.bound")
    assert event.actor == users["worker_wenhualu"] and event.data == {"person": residents["wife"].pk}
    assert Notification.objects.get(recipient=signup.account).key == "accounts.signup_confirmed"


@pytest.mark.django_db
def test_one_person_binds_one_account(pending, users, residents):
    first, second = pending(phone="13900001111"), pending(phone="13900002222")
    signup_confirm(signup=first, person=residents["wife"], acting_user=users["worker_wenhualu"])
    with pytest.raises(AlreadyBound):
        signup_confirm(signup=second, person=residents["wife"], acting_user=users["worker_wenhualu"])
    second.refresh_from_db()
    assert second.status == SignUpStatus.PENDING


@pytest.mark.django_db
def test_one_account_binds_one_person(pending, users, residents):
    signup = pending()
    signup_confirm(signup=signup, person=residents["wife"], acting_user=users["worker_wenhualu"])
    # Back to waiting by hand, the account still bound: a second person is refused by the constraint.
    SignUp.objects.filter(pk=signup.pk).update(status=SignUpStatus.PENDING)
    signup.refresh_from_db()
    with pytest.raises(AlreadyBound):
        signup_confirm(signup=signup, person=residents["wangwu"], acting_user=users["worker_wenhualu"])


@pytest.mark.django_db
def test_rejecting_needs_a_reason_and_tells_it(pending, users, after_commit):
    signup = pending()
    with pytest.raises(ValidationError):
        signup_reject(signup=signup, reason="  ", acting_user=users["worker_wenhualu"])
    with after_commit():
        signup_reject(signup=signup, reason="查无此人", acting_user=users["worker_wenhualu"])
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.REJECTED and signup.reason == "查无此人"
    assert DomainEvent.objects.get(verb="account.signup_rejected").reason == "查无此人"
    notice = Notification.objects.get(recipient=signup.account)
    assert notice.key == "accounts.signup_rejected" and "查无此人" in notice.body
    with pytest.raises(TransitionForbidden):
        signup_confirm(
            signup=signup,
            person=signup_candidates(signup=signup, user=users["worker_wenhualu"])[0],
            acting_user=users["worker_wenhualu"],
        )


@pytest.mark.django_db
def test_unbinding_frees_the_person_and_the_account_waits_again(pending, users, residents, after_commit):
    signup = pending()
    signup_confirm(signup=signup, person=residents["wife"], acting_user=users["worker_wenhualu"])
    with after_commit():
        account_unbind(signup=signup, reason="关联错了人", acting_user=users["worker_wenhualu"])
    residents["wife"].refresh_from_db()
    signup.refresh_from_db()
    assert residents["wife"].account is None and signup.status == SignUpStatus.PENDING
    event = DomainEvent.objects.get(verb="account.unbound")
    assert event.reason == "关联错了人" and event.data == {"person": residents["wife"].pk}
    assert Notification.objects.filter(recipient=signup.account, key="accounts.account_unbound").exists()


@pytest.mark.django_db
def test_the_township_and_county_decide_too_but_not_county_departments(pending, users, residents):
    signup = pending()
    assert users["township_jms"].has_perm("accounts.review_signup", signup)
    assert users["county_admin"].has_perm("accounts.review_signup", signup)
    assert not users["township_xd"].has_perm("accounts.review_signup", signup)
    assert not users["county_mz"].has_perm("accounts.review_signup", signup)
    assert not users["resident"].has_perm("accounts.review_signup", signup)
    assert pending(unit=XINDI, phone="13900003333") not in signup_list(user=users["township_jms"])
