"""Logging in with a code sent by SMS, as an authentication backend: django.contrib.auth's
authenticate() calls it after axes' backend, so the login lockout counts and stops its failures
like a password's."""

from django.contrib.auth.backends import BaseBackend
from django.core.exceptions import ValidationError
from django.db import transaction

from shequ.accounts.models import CodePurpose, User
from shequ.accounts.services import resident_account_of
from shequ.accounts.sms_codes import CodeRefused, phone_normalize, sms_code_check, sms_code_consume


class SmsCodeBackend(BaseBackend):
    """`authenticate(request, username=<phone>, sms_code=<code>)`: the resident account signed up
    with that phone, when the code is its live login code. Why a code was refused is left on the
    request (`sms_code_refusal`) for the page to say."""

    def authenticate(self, request, username=None, sms_code=None, **kwargs):
        if username is None or sms_code is None:
            return None
        try:
            phone = phone_normalize(username)
            sms_code_check(phone=phone, purpose=CodePurpose.LOGIN, code=sms_code)
            account = resident_account_of(phone)
            if account is None:
                return None
            with transaction.atomic():
                sms_code_consume(phone=phone, purpose=CodePurpose.LOGIN)
        except (ValidationError, CodeRefused) as refusal:
            if request is not None:
                request.sms_code_refusal = refusal
            return None
        return account

    def get_user(self, user_id):
        user = User.objects.filter(pk=user_id).first()
        return user if user is not None and user.is_active else None
