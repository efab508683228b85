"""Outbound channels besides the in-app inbox. Each sender is a class with `send(*, user, title,
body)`; settings.NOTIFICATION_SENDERS lists the dotted paths in use. The defaults only log, so a
county plugs in its SMS gateway or mail server without touching the callers."""

import logging

from django.conf import settings
from django.core.mail import send_mail

logger = logging.getLogger("shequ.notifications")


class LoggingSmsSender:
    def send(self, *, user, title: str, body: str) -> None:
        if user.phone:
            logger.info("SMS to user %s: %s", user.pk, title)


class LoggingEmailSender:
    def send(self, *, user, title: str, body: str) -> None:
        if user.email:
            logger.info("Email to user %s: %s", user.pk, title)


class DjangoEmailSender:
    """Email through Django's default mailer (the MAILERS setting)."""

    def send(self, *, user, title: str, body: str) -> None:
        if user.email:
            send_mail(title, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False)
