"""API tokens: how long they live, issuing a fresh one, and revoking them.

A token is a password-equivalent in a phone or a script. It lives a fixed time from its issue
(SHEQU_TOKEN_HOURS_STAFF / SHEQU_TOKEN_HOURS_RESIDENT), and dies with the password it was issued
against and with the account's deactivation.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from shequ.accounts.models import Role, User


def token_lifetime(user: User) -> timedelta:
    """Residents' own phones keep a token long; any account that reaches other people's data does not."""
    if user.role == Role.RESIDENT and not (user.is_staff or user.is_superuser):
        return settings.TOKEN_LIFETIME_RESIDENT
    return settings.TOKEN_LIFETIME_STAFF


def token_expires_at(token: Token) -> datetime:
    return token.created + token_lifetime(token.user)


def token_expired(token: Token) -> bool:
    return timezone.now() >= token_expires_at(token)


def token_issue(*, user: User) -> Token:
    """The user's token: the current one while it lives, a fresh one once it has expired."""
    token, _ = Token.objects.get_or_create(user=user)
    if not token_expired(token):
        return token
    with transaction.atomic():
        # Deleting by key and then get_or_create: two logins renewing at once share one new token.
        Token.objects.filter(pk=token.pk).delete()
        token, _ = Token.objects.get_or_create(user=user)
    return token


def tokens_revoke(*, user: User) -> None:
    Token.objects.filter(user=user).delete()
