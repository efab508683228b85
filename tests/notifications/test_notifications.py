from django.core import mail
from django.utils.translation import gettext_noop

from shequ.notifications.models import Notification
from shequ.notifications.services import message_later, notification_send


def test_inbox_copy_and_senders_after_commit_in_the_recipients_language(
    users, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_SENDERS = ["shequ.notifications.senders.DjangoEmailSender"]
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    resident = users["resident"]
    resident.email, resident.language = "r@example.cn", "ug"
    resident.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification_send(user=resident, title=message_later(gettext_noop("您的申请已提交")))
    assert not Notification.objects.exists()  # nothing before the transaction commits
    for callback in callbacks:
        callback()
    notification = Notification.objects.get(recipient=resident)
    assert notification.title != "您的申请已提交" and notification.title  # rendered in Uyghur
    assert mail.outbox[0].to == ["r@example.cn"] and mail.outbox[0].subject == notification.title


def test_a_failing_sender_does_not_lose_the_inbox_copy(users, settings, django_capture_on_commit_callbacks):
    settings.NOTIFICATION_SENDERS = ["shequ.notifications.senders.DjangoEmailSender"]
    settings.MAILERS = {"default": {"BACKEND": "no.such.Backend"}}
    users["resident"].email = "r@example.cn"
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(user=users["resident"], title="测试")
    assert Notification.objects.filter(recipient=users["resident"]).count() == 1
