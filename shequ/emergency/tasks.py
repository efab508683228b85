"""A warning's delivery, run by the task worker after the issue commits: every addressed account
gets its inbox message (in bulk, worded in the reader's language when read) and every one with a
phone an SMS through the configured backend, in batches. The grid and village workers who must
acknowledge get the message that asks for it."""

from itertools import batched

from django.tasks import task

from shequ.emergency.models import Acknowledgement, Audience, Warning
from shequ.emergency.selectors import warning_residents
from shequ.emergency.services import message_params
from shequ.emergency.workflow import WarningStatus
from shequ.notifications.services import notifications_bulk_create
from shequ.notifications.sms import SmsMessage, sms_backend

BATCH = 500


@task()
def warning_deliver(*, warning_id: int) -> dict:
    warning = Warning.objects.filter(pk=warning_id, status=WarningStatus.ISSUED).first()
    if warning is None:  # lifted (or gone) before the worker came to it
        return {"inbox": 0, "sms": 0}
    params = message_params(warning)
    workers = Acknowledgement.objects.filter(warning=warning).values_list(
        "worker_id", "worker__phone", "worker__language"
    )
    groups = [("emergency.ack_requested", f"/work/emergency/warnings/{warning.pk}/", workers)]
    if warning.audience == Audience.EVERYONE:
        residents = warning_residents(warning=warning).values_list("pk", "phone", "language")
        groups.append(("emergency.warning", f"/warnings/{warning.pk}/", residents))
    inbox = sms = 0
    for key, link, rows in groups:
        for batch in batched(rows.iterator(chunk_size=BATCH), BATCH):
            inbox += notifications_bulk_create(user_ids=[row[0] for row in batch], key=key, params=params, link=link)
            messages = [
                SmsMessage(phone=phone, key="emergency.warning_sms", params=params, language=language)
                for _, phone, language in batch
                if phone
            ]
            if messages:
                sms += sms_backend().send_messages(messages)
    return {"inbox": inbox, "sms": sms}
