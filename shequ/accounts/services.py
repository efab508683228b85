"""Writes of residents' own accounts: codes by SMS, signing up with the real-name check, binding to
the registry (by the registry itself or by a worker), unbinding, and resetting a password by SMS.

A code is checked (and its attempt counted) in a transaction of its own, before the change it allows,
so callers call these outside any transaction.
"""

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.models import CodePurpose, Role, SignUp, SignUpStatus, User
from shequ.accounts.sms_codes import (
    CODE_LIFETIME,
    address_quota_take,
    phone_normalize,
    sms_code_check,
    sms_code_consume,
    sms_code_issue,
)
from shequ.accounts.workflow import SIGNUP_WORKFLOW
from shequ.core.audit import audit_actor
from shequ.core.errors import DomainError
from shequ.core.events import event_record
from shequ.core.text import note_clean, text_clean
from shequ.notifications.services import notification_send
from shequ.notifications.sms import sms_send_on_commit
from shequ.regions.codes import Level, is_within
from shequ.regions.models import Region
from shequ.residents.id_numbers import InvalidIdNumber, id_number_parse
from shequ.residents.models import Person


class PhoneTaken(DomainError):
    api_code = "accounts.phone_taken"


class UnitRequired(DomainError):
    api_status = 400
    api_code = "accounts.unit_required"


class AlreadyBound(DomainError):
    api_code = "accounts.already_bound"


def resident_account_of(phone: str) -> User | None:
    """The resident account signed up with `phone` (its user name), if any and active."""
    return User.objects.filter(username=phone, role=Role.RESIDENT, is_active=True).first()


def sms_code_request(*, phone: str, purpose: str = CodePurpose.SIGNUP, language: str = "", address: str = "") -> str:
    """Send a code for `purpose` to `phone`, in `language`. Every phone gets the same treatment and
    answer whether or not it has an account; a reset or login code for a phone without one would
    serve nobody, so that phone is told it has no account instead (by SMS, at the same cost).
    `address` is the client's, limited to SHEQU_SMS_CODES_PER_IP_HOUR codes an hour. Returns the
    phone as stored (11 digits)."""
    phone = _phone_or_error(phone)
    address_quota_take(address=address)
    with transaction.atomic():
        issued = sms_code_issue(phone=phone, purpose=purpose)
        if purpose == CodePurpose.SIGNUP or resident_account_of(phone) is not None:
            key, params = f"accounts.sms_code_{purpose}", {"code": issued.code, "minutes": _minutes()}
        else:
            key, params = "accounts.sms_no_account", {}
        sms_send_on_commit(phone=phone, key=key, params=params, language=language)
    return phone


def _minutes() -> int:
    return int(CODE_LIFETIME.total_seconds() // 60)


def _phone_or_error(raw: str) -> str:
    try:
        return phone_normalize(raw)
    except ValidationError as error:
        raise ValidationError({"phone": error.messages}) from error


def county_region() -> Region:
    return Region.objects.get(code=settings.COUNTY_CODE)


def _signup_inputs(*, phone: str, name: str, id_number: str, password: str, unit: Region | None) -> tuple:
    """Every field checked before the code is, each error under its field, all at once."""
    errors, values = {}, {}
    try:
        values["phone"] = phone_normalize(phone)
    except ValidationError as error:
        errors["phone"] = error.messages
    try:
        values["name"] = text_clean(name or "", max_length=50)
        if not values["name"]:
            errors["name"] = [_("请填写姓名")]
    except ValidationError as error:
        errors["name"] = error.messages
    try:
        values["id_number"] = id_number_parse(id_number).value
    except InvalidIdNumber as error:
        errors["id_number"] = [str(error.message)]
    try:
        validate_password(password, User(username=values.get("phone", ""), first_name=values.get("name", "")))
    except ValidationError as error:
        errors["password"] = error.messages
    if unit is not None and (unit.level != Level.VILLAGE or not is_within(unit.code, settings.COUNTY_CODE)):
        errors["unit"] = [_("请选择本县的一个村（社区）")]
    if errors:
        raise ValidationError(errors)
    return values["phone"], values["name"], values["id_number"]


def _registry_match(name: str, id_number: str) -> Person | None:
    """The person of the county with exactly this name and ID number, not yet bound to an account."""
    return (
        Person.objects.filter(
            id_number=id_number, name=name, scope_code__within=settings.COUNTY_CODE, account__isnull=True
        )
        .select_related("region")
        .first()
    )


def account_register(
    *,
    phone: str,
    code: str,
    name: str,
    id_number: str,
    password: str,
    unit: Region | None = None,
    unit_required: bool = False,
    language: str = "",
) -> SignUp:
    """A resident signs up with the code sent to their phone. An exact match of name and ID number
    in the county's registry binds the account at once (verified); otherwise it waits (pending) for
    the workers of the unit the resident named, or of the county when they named none. With
    `unit_required` (the portal's form) a sign-up that would wait and names no unit is refused, so
    that the form can ask for it; the code stays valid for the next try (one attempt spent)."""
    phone, name, id_number = _signup_inputs(phone=phone, name=name, id_number=id_number, password=password, unit=unit)
    sms_code_check(phone=phone, purpose=CodePurpose.SIGNUP, code=code)
    if User.objects.filter(username=phone).exists():
        raise PhoneTaken(_("该手机号已注册，请直接登录或找回密码"))
    person = _registry_match(name, id_number)
    if person is None and unit is None and unit_required:
        raise UnitRequired(_("没有找到与姓名和身份证号完全一致的登记信息，请选择您所在的村（社区），由工作人员核验"))
    with transaction.atomic():
        sms_code_consume(phone=phone, purpose=CodePurpose.SIGNUP)
        try:
            with transaction.atomic():
                account = User.objects.create_user(
                    username=phone,
                    password=password,
                    phone=phone,
                    first_name=name,
                    role=Role.RESIDENT,
                    language=language,
                )
        except IntegrityError:
            raise PhoneTaken(_("该手机号已注册，请直接登录或找回密码")) from None
        if person is not None:
            person = Person.objects.select_for_update().select_related("region").get(pk=person.pk)
            if person.account_id is not None:  # bound by a racing sign-up a moment ago
                person = None
        region = person.region if person is not None else (unit or county_region())
        account.region = region
        account.save(update_fields=["region"])
        signup = SignUp.objects.create(
            account=account,
            name=name,
            id_number=id_number,
            region=region,
            scope_code=region.code,
            status=SignUpStatus.VERIFIED if person is not None else SignUpStatus.PENDING,
        )
        with audit_actor(account):
            if person is not None:
                _bind(person, account)
            event_record(
                acting_user=account,
                verb="account.registered",
                target=signup,
                region_code=region.code,
                data={"status": signup.status, **({"person": person.pk} if person is not None else {})},
            )
        _notify(signup, "accounts.signup_verified" if person is not None else "accounts.signup_pending")
    return signup


def _bind(person: Person, account: User) -> None:
    person.account = account
    try:
        with transaction.atomic():
            person.save(update_fields=["account", "updated_at"])
    except IntegrityError:
        raise AlreadyBound(_("该账号已关联到另一位居民")) from None


def _notify(signup: SignUp, key: str, **params) -> None:
    notification_send(user=signup.account, key=key, params=params, link=reverse("web:portal"))


def _locked_for_step(signup: SignUp, target: str, acting_user: User) -> SignUp:
    if not acting_user.has_perm("accounts.review_signup", signup):
        raise PermissionDenied
    locked = SignUp.objects.select_for_update().select_related("account").get(pk=signup.pk)
    SIGNUP_WORKFLOW.step_for(locked.status, target)
    return locked


def _reason_clean(reason: str) -> str:
    reason = note_clean(reason or "")
    if not reason:
        raise ValidationError({"reason": [_("请填写理由")]})
    return reason


def signup_confirm(*, signup: SignUp, person: Person, acting_user: User) -> SignUp:
    """A worker binds a waiting account to the registry person they chose (in their own scope)."""
    if not Person.objects.for_user(acting_user).filter(pk=person.pk).exists():
        raise PermissionDenied
    with transaction.atomic(), audit_actor(acting_user):
        signup = _locked_for_step(signup, SignUpStatus.VERIFIED, acting_user)
        person = Person.objects.select_for_update().select_related("region").get(pk=person.pk)
        if person.account_id is not None:
            raise AlreadyBound(_("这位居民已关联了其他账号，请先解除原关联"))
        _bind(person, signup.account)
        signup.status, signup.reason = SignUpStatus.VERIFIED, ""
        signup.region, signup.scope_code = person.region, person.region.code
        signup.decided_by, signup.decided_at = acting_user, timezone.now()
        signup.save()
        signup.account.region = person.region
        signup.account.save(update_fields=["region"])
        event_record(
            acting_user=acting_user,
            verb="account.bound",
            target=signup,
            region_code=signup.scope_code,
            data={"person": person.pk},
        )
        _notify(signup, "accounts.signup_confirmed")
    return signup


def signup_reject(*, signup: SignUp, reason: str, acting_user: User) -> SignUp:
    """A worker finds no registry person for a waiting account and says why."""
    reason = _reason_clean(reason)
    with transaction.atomic(), audit_actor(acting_user):
        signup = _locked_for_step(signup, SignUpStatus.REJECTED, acting_user)
        signup.status, signup.reason = SignUpStatus.REJECTED, reason
        signup.decided_by, signup.decided_at = acting_user, timezone.now()
        signup.save()
        event_record(
            acting_user=acting_user,
            verb="account.signup_rejected",
            target=signup,
            region_code=signup.scope_code,
            reason=reason,
        )
        _notify(signup, "accounts.signup_rejected", reason=reason)
    return signup


def account_unbind(*, signup: SignUp, reason: str, acting_user: User) -> SignUp:
    """A worker undoes a binding (the wrong person, a shared phone): the account waits again in the
    unit of the person it was bound to."""
    reason = _reason_clean(reason)
    with transaction.atomic(), audit_actor(acting_user):
        signup = _locked_for_step(signup, SignUpStatus.PENDING, acting_user)
        person = Person.objects.select_for_update().filter(account=signup.account).first()
        if person is not None:
            person.account = None
            person.save(update_fields=["account", "updated_at"])
        signup.status, signup.reason = SignUpStatus.PENDING, reason
        signup.decided_by, signup.decided_at = acting_user, timezone.now()
        signup.save()
        event_record(
            acting_user=acting_user,
            verb="account.unbound",
            target=signup,
            region_code=signup.scope_code,
            reason=reason,
            data={"person": person.pk if person is not None else None},
        )
        _notify(signup, "accounts.account_unbound", reason=reason)
    return signup


def password_reset_by_code(*, phone: str, code: str, password: str) -> User:
    """A resident sets a new password with a code sent to their phone; their API tokens die with the
    old one (User.save) and their login lockouts are lifted."""
    phone = _phone_or_error(phone)
    account = resident_account_of(phone)
    try:
        validate_password(password, account or User(username=phone))
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    sms_code_check(phone=phone, purpose=CodePurpose.RESET, code=code)
    if account is None:  # nobody received a code for a phone without an account: never reached
        raise PermissionDenied
    with transaction.atomic(), audit_actor(account):
        sms_code_consume(phone=phone, purpose=CodePurpose.RESET)
        account.set_password(password)
        account.save(update_fields=["password"])
        event_record(
            acting_user=account,
            verb="account.password_reset",
            target=account,
            region_code=getattr(account.region, "code", ""),
        )
    axes_reset(username=phone)
    return account
