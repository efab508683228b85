from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from shequ.accounts.models import CodePurpose, SignUpStatus
from shequ.accounts.services import account_register, sms_code_request
from shequ.accounts.sms_codes import CODE_LIFETIME, RESEND_AFTER
from shequ.accounts.tokens import token_expires_at, token_issue
from shequ.core.api import ErrorSerializer
from shequ.core.client import client_address
from shequ.core.errors import DomainError
from shequ.regions.codes import Level
from shequ.regions.models import Region


class AccountLockedOut(DomainError):
    """Too many failed logins for this account from this address (django-axes); the lock lifts after
    SHEQU_LOGIN_LOCKOUT_MINUTES."""

    api_status = 429
    api_code = "accounts.locked_out"


class IssuedTokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()


class TokenObtainView(ObtainAuthToken):
    """Exchange a username and password for an API token and the moment it expires; a new login
    after that moment gets a fresh token. Failed attempts count towards the login lockout."""

    # A login needs no credentials, and an expired token still sent by the client must not refuse it.
    authentication_classes = ()

    @extend_schema(request=AuthTokenSerializer, responses=IssuedTokenSerializer)
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            # axes marks the DRF request it was handed, which its middleware never sees: say so here.
            if getattr(request, "axes_locked_out", False):
                raise AccountLockedOut(_("账号已暂时锁定"))
            raise ValidationError(serializer.errors)
        token = token_issue(user=serializer.validated_data["user"])
        return Response(IssuedTokenSerializer({"token": token.key, "expires_at": token_expires_at(token)}).data)


class SmsCodeRequestSerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=20, help_text="mainland mobile number, 11 digits (+86 allowed)")
    purpose = serializers.ChoiceField(
        choices=CodePurpose.choices,
        default=CodePurpose.SIGNUP,
        help_text="signup (default), reset (password reset) or login (login by code)",
    )


class SmsCodeSentSerializer(serializers.Serializer):
    detail = serializers.CharField()
    expires_in = serializers.IntegerField(help_text="seconds the code is valid")
    resend_after = serializers.IntegerField(help_text="seconds before another code may be asked for")


class SmsCodeView(APIView):
    """Send a 6-digit verification code by SMS. The answer is the same 202 whether or not the phone
    has an account. Limits: one code a minute and ten a day per phone, a number an hour per client
    address (429 `accounts.too_many_codes`)."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(
        request=SmsCodeRequestSerializer,
        responses={202: SmsCodeSentSerializer, 400: ErrorSerializer, 429: ErrorSerializer},
    )
    def post(self, request, *args, **kwargs):
        serializer = SmsCodeRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        sms_code_request(
            phone=serializer.validated_data["phone"],
            purpose=serializer.validated_data["purpose"],
            language=get_language(),
            address=client_address(request),
        )
        body = {
            "detail": _("验证码已发送，请查看短信"),
            "expires_in": int(CODE_LIFETIME.total_seconds()),
            "resend_after": int(RESEND_AFTER.total_seconds()),
        }
        return Response(SmsCodeSentSerializer(body).data, status=status.HTTP_202_ACCEPTED)


class RegisterSerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=20)
    code = serializers.CharField(max_length=6, help_text="the code sent by POST /api/v1/auth/sms-code/")
    name = serializers.CharField(max_length=50)
    id_number = serializers.CharField(max_length=18)
    password = serializers.CharField(max_length=128, style={"input_type": "password"}, trim_whitespace=False)
    unit = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.filter(level=Level.VILLAGE),
        required=False,
        allow_null=True,
        help_text="code of the village-level unit whose workers check a sign-up the registry does not "
        "match; without it the county's administrators check it",
    )


class RegisteredSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[SignUpStatus.VERIFIED, SignUpStatus.PENDING],
        help_text="verified: bound to the registry person with this name and ID number; pending: waits for a worker",
    )


class RegisterView(APIView):
    """Create a resident account with the code sent to the phone. The phone becomes the user name:
    the account then obtains a token at /api/v1/auth/token/ with the phone and password. Refusals:
    `accounts.code_invalid`, `accounts.code_expired`, `accounts.too_many_attempts` (429),
    `accounts.phone_taken` (409), `core.validation` (400, per field: password rules, ID number)."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(
        request=RegisterSerializer,
        responses={201: RegisteredSerializer, 400: ErrorSerializer, 409: ErrorSerializer, 429: ErrorSerializer},
    )
    def post(self, request, *args, **kwargs):
        serializer = RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        signup = account_register(
            phone=data["phone"],
            code=data["code"],
            name=data["name"],
            id_number=data["id_number"],
            password=data["password"],
            unit=data.get("unit"),
            language=get_language(),
        )
        return Response(RegisteredSerializer({"status": signup.status}).data, status=status.HTTP_201_CREATED)
