from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from shequ.accounts.tokens import token_expired
from shequ.core.audit import audit_request_actor_set


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication with tokens that expire (an expired one is deleted), messages in
    the user's language, and the token's owner named in the request's audit context: auditlog's
    middleware ran before DRF authenticated and saw an anonymous user."""

    def authenticate_credentials(self, key):
        token = self.get_model().objects.select_related("user").filter(key=key).first()
        if token is None or not token.user.is_active:
            raise AuthenticationFailed(_("登录凭证无效或已被撤销，请重新登录。"))
        if token_expired(token):
            token.delete()
            raise AuthenticationFailed(_("登录凭证已过期，请重新登录。"))
        audit_request_actor_set(token.user)
        return token.user, token
