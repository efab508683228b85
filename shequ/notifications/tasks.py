"""Background work of notifications: the SMS and email copies, run by the task worker
(`manage.py db_worker`) so that a slow or failing gateway never holds a request."""

import logging

from django.conf import settings
from django.tasks import task
from django.utils.module_loading import import_string

from shequ.notifications.models import Notification

logger = logging.getLogger("shequ.notifications")


@task()
def notification_copies_send(*, notification_id: int) -> None:
    """Hand an inbox message to every configured sender. A failing sender is logged and does not
    stop the others; the task then fails, so that the queue shows it."""
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None:  # deleted with its recipient before the worker came to it
        return
    failed = []
    for path in settings.NOTIFICATION_SENDERS:
        try:
            import_string(path)().send(user=notification.recipient, title=notification.title, body=notification.body)
        except Exception:
            logger.exception("Notification sender %s failed for user %s", path, notification.recipient_id)
            failed.append(path)
    if failed:
        raise RuntimeError(f"Notification {notification_id}: senders failed: {', '.join(failed)}")
