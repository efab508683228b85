from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext, override

from shequ.notifications.models import Notification
from shequ.notifications.tasks import notification_copies_send


def message_later(message: str, **values) -> Promise:
    """A message rendered when it is delivered, in the recipient's language.

    `gettext_lazy(message) % values` would render at once, in the acting user's language. Mark
    `message` with gettext_noop so that it is still extracted for translation.
    """

    def render() -> str:
        return gettext(message) % {key: str(value) for key, value in values.items()}

    return lazy(render, str)()


def notification_send(*, user, title: str, body: str = "", link: str = "") -> None:
    """Put a message in the user's inbox and queue its copies for the configured senders, after the
    surrounding transaction commits (nothing is announced that did not happen). The task worker
    sends the copies (shequ.notifications.tasks), so no request waits for an SMS gateway.

    `title` and `body` may be lazy translations: they are rendered in the recipient's language.
    """

    def deliver():
        with override(user.language or settings.LANGUAGE_CODE):
            rendered_title, rendered_body = str(title), str(body)
        notification = Notification.objects.create(recipient=user, title=rendered_title, body=rendered_body, link=link)
        notification_copies_send.enqueue(notification_id=notification.pk)

    transaction.on_commit(deliver)


def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
