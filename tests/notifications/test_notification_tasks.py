"""A notification's inbox copy is written when the change commits; its SMS and email copies are a
task on the queue, sent by the worker (`manage.py db_worker`), never within the request."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from shequ.notifications.models import Notification
from shequ.notifications.services import notification_send

TASK_PATH = "shequ.notifications.tasks.notification_copies_send"

# The worker closes and reopens its connection between tasks, as in production: it must run
# outside the test's transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_inbox_copy_after_commit_and_copies_through_the_queue_in_the_recipients_language(users, settings):
    settings.NOTIFICATION_SENDERS = ["shequ.notifications.senders.DjangoEmailSender"]
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    resident = users["resident"]
    resident.email, resident.language = "r@example.cn", "ug"
    resident.save()
    with transaction.atomic():
        notification_send(user=resident, key="services.application_submitted", params={"number": "SQ1"})
        assert not Notification.objects.exists() and not DBTaskResult.objects.exists()  # nothing before commit
    notification = Notification.objects.get(recipient=resident)
    assert (notification.key, notification.params) == ("services.application_submitted", {"number": "SQ1"})
    assert notification.title != "您的申请已提交" and notification.title  # rendered in Uyghur
    queued = DBTaskResult.objects.get()
    assert (queued.task_path, queued.status, queued.args_kwargs["kwargs"]) == (
        TASK_PATH,
        "READY",
        {"notification_id": notification.pk},
    )
    assert mail.outbox == []  # the request sent nothing itself

    run_worker()
    assert mail.outbox[0].to == ["r@example.cn"] and mail.outbox[0].subject == notification.title
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_failing_sender_does_not_lose_the_inbox_copy_and_the_task_shows_it(users, settings):
    settings.NOTIFICATION_SENDERS = [
        "shequ.notifications.senders.DjangoEmailSender",
        "shequ.notifications.senders.LoggingSmsSender",
    ]
    settings.MAILERS = {"default": {"BACKEND": "no.such.Backend"}}
    users["resident"].email = "r@example.cn"
    users["resident"].save()
    notification_send(user=users["resident"], key="services.application_submitted", params={"number": "SQ1"})
    run_worker()
    assert Notification.objects.filter(recipient=users["resident"]).count() == 1
    failed = DBTaskResult.objects.get()
    assert failed.status == "FAILED" and "DjangoEmailSender" in failed.traceback
