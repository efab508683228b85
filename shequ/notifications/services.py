import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from shequ.accounts.models import User
from shequ.notifications.messages import MESSAGES
from shequ.notifications.models import Notification

logger = logging.getLogger("shequ.notifications")


def notification_send(*, user: User, key: str, params: dict | None = None, link: str = "") -> None:
    """Put the message `key` (see shequ.notifications.messages) in the user's inbox and hand copies,
    worded in the user's language, to the configured senders, after the surrounding transaction
    commits (nothing is announced that did not happen)."""
    if key not in MESSAGES:
        raise KeyError(f"Unregistered notification message {key!r}")
    params = params or {}

    def deliver():
        notification = Notification.objects.create(recipient=user, key=key, params=params, link=link)
        title, body = notification.render(user.language or settings.LANGUAGE_CODE)
        for path in settings.NOTIFICATION_SENDERS:
            try:
                import_string(path)().send(user=user, title=title, body=body)
            except Exception:  # a failing gateway must not lose the inbox copy or the change itself
                logger.exception("Notification sender %s failed for user %s", path, user.pk)

    transaction.on_commit(deliver)


def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
