from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from shequ.accounts.tokens import token_expires_at, token_issue
from shequ.core.errors import DomainError


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
