"""API token authentication, with each token's lookup cached briefly."""

import hashlib

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

from shequ.accounts.tokens import token_expired
from shequ.core.audit import audit_request_actor_set

# A client sends its token on every call; looking it up (with its user) once per this many seconds
# spares a query per call. A deleted token or a saved user drops the entry at once (receivers below).
TOKEN_CACHE_SECONDS = 30


def _cache_key(key: str) -> str:
    # The cache never holds a token's key in the clear, not even as the name of an entry.
    return "accounts.token:" + hashlib.sha256(key.encode()).hexdigest()


def _token_with_user(key: str) -> Token | None:
    token = cache.get(_cache_key(key))
    if token is None:
        # With the user's region, which every scoped query of the call reads.
        token = Token.objects.select_related("user__region").filter(key=key).first()
        if token is not None:
            cache.set(_cache_key(key), token, TOKEN_CACHE_SECONDS)
    return token


def token_deleted(sender, instance: Token, **kwargs) -> None:
    """Receiver of Token's post_delete: a revoked or expired token is refused at once."""
    cache.delete(_cache_key(instance.key))


def user_saved(sender, instance, **kwargs) -> None:
    """Receiver of User's post_save: the next call sees the user's new role, scope or state."""
    cache.delete_many([_cache_key(key) for key in Token.objects.filter(user=instance).values_list("key", flat=True)])


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication with tokens that expire (an expired one is deleted), messages in
    the user's language, and the token's owner named in the request's audit context: auditlog's
    middleware ran before DRF authenticated and saw an anonymous user."""

    def authenticate_credentials(self, key):
        token = _token_with_user(key)
        if token is None or not token.user.is_active:
            raise AuthenticationFailed(_("登录凭证无效或已被撤销，请重新登录。"))
        if token_expired(token):
            token.delete()
            raise AuthenticationFailed(_("登录凭证已过期，请重新登录。"))
        audit_request_actor_set(token.user)
        return token.user, token
