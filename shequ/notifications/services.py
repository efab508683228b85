from django.db import transaction
from django.utils import timezone

from shequ.accounts.models import User
from shequ.notifications.messages import MESSAGES
from shequ.notifications.models import Notification
from shequ.notifications.tasks import notification_copies_send


def notification_send(*, user: User, key: str, params: dict | None = None, link: str = "") -> None:
    """Put the message `key` (see shequ.notifications.messages) in the user's inbox and queue its
    copies for the configured senders, after the surrounding transaction commits (nothing is
    announced that did not happen). The task worker sends the copies (shequ.notifications.tasks),
    worded in the user's language when sent, so no request waits for an SMS gateway."""
    if key not in MESSAGES:
        raise KeyError(f"Unregistered notification message {key!r}")
    params = params or {}

    def deliver():
        notification = Notification.objects.create(recipient=user, key=key, params=params, link=link)
        notification_copies_send.enqueue(notification_id=notification.pk)

    transaction.on_commit(deliver)


def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def notifications_bulk_create(*, user_ids: list[int], key: str, params: dict, link: str = "") -> int:
    """The same message into many inboxes at once (a warning to a township's residents), in one
    INSERT per batch. No copies are queued for the senders: a caller that sends in bulk sends its
    own SMS batch through shequ.notifications.sms. Call it from a task or after commit."""
    if key not in MESSAGES:
        raise KeyError(f"Unregistered notification message {key!r}")
    rows = [Notification(recipient_id=user_id, key=key, params=params, link=link) for user_id in user_ids]
    return len(Notification.objects.bulk_create(rows))
