"""Verification codes sent by SMS: for signing up, resetting a password and logging in.

A code has 6 digits, lives 5 minutes and survives 5 checks; a phone gets at most one code a minute
and 10 a day. Each phone has one row (SmsCode), locked while a code is sent or checked, so the limits
hold however many requests race. Phone and code are stored only as keyed hashes. Whether a phone
has an account never changes the answer: the quota is counted and the same 202 given; only the SMS
itself is not sent where nobody could use it (a reset or login code for a phone without an account).
"""

import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from shequ.accounts.models import CodePurpose, SmsCode
from shequ.core.errors import DomainError

CODE_DIGITS = 6
CODE_LIFETIME = timedelta(minutes=5)
MAX_ATTEMPTS = 5
RESEND_AFTER = timedelta(seconds=60)
PER_DAY = 10

# A mainland mobile number, optionally written with +86, spaces or hyphens.
_PHONE = re.compile(r"^1[3-9]\d{9}$")


class CodeRefused(DomainError):
    api_status = 400


class CodeInvalid(CodeRefused):
    api_code = "accounts.code_invalid"


class CodeExpired(CodeRefused):
    api_code = "accounts.code_expired"


class TooManyAttempts(CodeRefused):
    api_status = 429
    api_code = "accounts.too_many_attempts"


class TooManyCodes(DomainError):
    api_status = 429
    api_code = "accounts.too_many_codes"


def phone_normalize(raw: str) -> str:
    """The 11 digits of a mainland mobile number, or a ValidationError in the user's language."""
    phone = re.sub(r"[\s-]", "", raw or "")
    phone = phone.removeprefix("+86").removeprefix("0086")
    if not (phone.isascii() and _PHONE.match(phone)):
        raise ValidationError(_("请输入 11 位手机号码"), code="invalid_phone")
    return phone


def _phone_key(phone: str) -> str:
    return salted_hmac("shequ.accounts.sms_code.phone", phone, algorithm="sha256").hexdigest()


def _code_hash(phone: str, purpose: str, code: str) -> str:
    return salted_hmac("shequ.accounts.sms_code.code", f"{phone}:{purpose}:{code}", algorithm="sha256").hexdigest()


@dataclass(frozen=True)
class IssuedCode:
    code: str
    expires_at: object


def sms_code_issue(*, phone: str, purpose: str) -> IssuedCode:
    """A new code for `phone` (it replaces the one sent before), within the phone's limits; the caller
    sends it after the transaction commits. TooManyCodes when the last one is under a minute old or
    the day's ten are spent."""
    if purpose not in CodePurpose.values:
        raise ValueError(purpose)
    key, now = _phone_key(phone), timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        # The first code of a phone creates its row; two racing for it meet at the unique key, and
        # get_or_create gives the loser the winner's row. Then the lock serialises the limits.
        SmsCode.objects.get_or_create(phone_key=key, defaults={"purpose": purpose, "code_hash": ""})
        row = SmsCode.objects.select_for_update().get(phone_key=key)
        if row.sent_at is not None and now - row.sent_at < RESEND_AFTER:
            wait = int((RESEND_AFTER - (now - row.sent_at)).total_seconds()) + 1
            raise TooManyCodes(_("验证码已发送，请 %(seconds)s 秒后再试") % {"seconds": wait})
        sent_today = row.day_count if row.day == today else 0
        if sent_today >= PER_DAY:
            raise TooManyCodes(_("该手机号今天获取验证码的次数已达上限，请明天再试"))
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        row.purpose, row.code_hash = purpose, _code_hash(phone, purpose, code)
        row.sent_at, row.expires_at, row.used_at, row.attempts = now, now + CODE_LIFETIME, None, 0
        row.day, row.day_count = today, sent_today + 1
        row.save()
    return IssuedCode(code=code, expires_at=row.expires_at)


def address_quota_take(*, address: str) -> None:
    """One more code asked for from the client `address` this hour; TooManyCodes past
    SHEQU_SMS_CODES_PER_IP_HOUR, whatever the phones (a script texting strangers' phones)."""
    if not address:
        return
    hour = timezone.now().strftime("%Y%m%d%H")
    hashed = salted_hmac("shequ.accounts.sms_code.address", address, algorithm="sha256").hexdigest()
    key = f"accounts.sms_codes.address:{hashed}:{hour}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, count := 1, timeout=3600)
    if count > settings.SMS_CODES_PER_IP_HOUR:
        raise TooManyCodes(_("请求验证码过于频繁，请稍后再试"))


def sms_code_check(*, phone: str, purpose: str, code: str) -> None:
    """Whether `code` is the live code of `phone` for `purpose`; raises the reason when it is not.
    Every check counts as one of the code's five attempts, and the count is kept even when the
    check fails."""
    key, now = _phone_key(phone), timezone.now()
    code = (code or "").strip()
    with transaction.atomic():
        row = SmsCode.objects.select_for_update().filter(phone_key=key).first()
        refusal = _refusal(row, phone=phone, purpose=purpose, code=code, now=now)
        if row is not None and not isinstance(refusal, TooManyAttempts | CodeExpired):
            row.attempts += 1
            row.save(update_fields=["attempts"])
    if refusal is not None:
        raise refusal


def _refusal(row: SmsCode | None, *, phone: str, purpose: str, code: str, now) -> CodeRefused | None:
    if row is None or row.sent_at is None or row.used_at is not None or row.purpose != purpose:
        return CodeInvalid(_("验证码不正确，请重新输入"))
    if row.attempts >= MAX_ATTEMPTS:
        return TooManyAttempts(_("验证码输错次数过多，请重新获取"))
    if now >= row.expires_at:
        return CodeExpired(_("验证码已过期，请重新获取"))
    if not constant_time_compare(row.code_hash, _code_hash(phone, purpose, code)):
        return CodeInvalid(_("验证码不正确，请重新输入"))
    return None


def sms_code_consume(*, phone: str, purpose: str) -> None:
    """Spend the code just checked, inside the caller's transaction (the account it creates or the
    password it sets): of two requests racing with one code, the second finds it spent."""
    row = SmsCode.objects.select_for_update().filter(phone_key=_phone_key(phone)).first()
    if row is None or row.used_at is not None or row.purpose != purpose:
        raise CodeInvalid(_("验证码不正确，请重新输入"))
    if timezone.now() >= row.expires_at:
        raise CodeExpired(_("验证码已过期，请重新获取"))
    row.used_at = timezone.now()
    row.save(update_fields=["used_at"])
