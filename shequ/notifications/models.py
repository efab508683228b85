from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.notifications.messages import MESSAGES, message_render


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> "NotificationQuerySet":
        """An inbox is its owner's alone: nobody reads another's, whatever their region."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(recipient=user)


class Notification(models.Model):
    """One message in a user's in-app inbox; SMS and email copies go through the senders.

    The message is stored as a key and parameters (shequ.notifications.messages) and rendered when
    it is read, in the reader's language. Messages sent before keys existed keep their stored text.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications"
    )
    key = models.CharField(_("消息类型"), max_length=64, blank=True, db_index=True)
    params = models.JSONField(_("消息参数"), default=dict, blank=True)
    stored_title = models.CharField(_("标题"), max_length=200, blank=True)
    stored_body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.title

    def render(self, language: str | None = None) -> tuple[str, str]:
        """Title and body in `language`; by default in the reader's (the recipient's) language, or,
        when they never chose one, the language of the page showing it."""
        # Rows from before keys, and keys no app registers any more, show the text stored with them.
        if self.key not in MESSAGES:
            return self.stored_title, self.stored_body
        return message_render(self.key, self.params, language or self.recipient.language or None)

    @property
    def title(self) -> str:
        return self.render()[0]

    @property
    def body(self) -> str:
        return self.render()[1]
