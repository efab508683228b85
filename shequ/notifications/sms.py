"""Text messages (SMS) through a pluggable backend, like Django's e-mail backends.

settings.SMS_BACKEND (SHEQU_SMS_BACKEND) names the backend class: the console (development default),
a folder of files, an in-memory `outbox` for tests, or the county's HTTP gateway. A message is a key
of the message registry (shequ.notifications.messages) and its parameters, put into words in the
recipient's language when it is sent. Nothing here logs a phone number or a message's text: a
verification code is in the text.
"""

import json
import sys
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from shequ.core.masking import mask_phone
from shequ.notifications.messages import MESSAGES, message_render

# The locmem backend's messages, for tests (like django.core.mail.outbox).
outbox: list["SmsMessage"] = []


class SmsSendError(Exception):
    """The backend could not hand the messages on. Its text names no phone and no message."""


@dataclass(frozen=True)
class SmsMessage:
    phone: str
    key: str
    params: dict = field(default_factory=dict)
    language: str = ""

    @property
    def text(self) -> str:
        title, body = message_render(self.key, self.params, self.language or settings.LANGUAGE_CODE)
        return f"{title}{body}"


class BaseSmsBackend:
    def send_messages(self, messages: list[SmsMessage]) -> int:
        """Send the messages; the number sent. Raises SmsSendError when the channel fails."""
        raise NotImplementedError


class ConsoleBackend(BaseSmsBackend):
    """Writes each message to standard output, for a developer to read the code; the phone masked."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send_messages(self, messages: list[SmsMessage]) -> int:
        for message in messages:
            self.stream.write(f"[SMS {mask_phone(message.phone)}] {message.text}\n")
        self.stream.flush()
        return len(messages)


class FileBackend(BaseSmsBackend):
    """Appends each message to one file per day in the folder SHEQU_SMS_FILE_PATH (for a test
    server whose testers read their codes there)."""

    _lock = threading.Lock()

    def __init__(self, path: str | Path | None = None):
        folder = path or settings.SMS_FILE_PATH
        if not folder:
            raise ImproperlyConfigured("SHEQU_SMS_FILE_PATH must name a folder for the file SMS backend.")
        self.folder = Path(folder)

    def send_messages(self, messages: list[SmsMessage]) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        now = timezone.localtime()
        with self._lock, open(self.folder / f"sms-{now:%Y%m%d}.log", "a", encoding="utf-8") as file:
            for message in messages:
                file.write(f"{now:%Y-%m-%d %H:%M:%S} {message.phone} {message.text}\n")
        return len(messages)


class LocmemBackend(BaseSmsBackend):
    """Keeps the messages in this module's `outbox` (tests read and clear it)."""

    def send_messages(self, messages: list[SmsMessage]) -> int:
        outbox.extend(messages)
        return len(messages)


class GatewayBackend(BaseSmsBackend):
    """The county's SMS gateway over HTTPS: one JSON POST per message, `{"phone", "text", "key"}`,
    to SHEQU_SMS_GATEWAY_URL with `Authorization: Bearer SHEQU_SMS_GATEWAY_KEY`; any 2xx answer
    means accepted. A vendor with another request shape gets its own small subclass of this one."""

    def __init__(self, url: str | None = None, key: str | None = None, timeout: float | None = None):
        self.url = url if url is not None else settings.SMS_GATEWAY_URL
        self.key = key if key is not None else settings.SMS_GATEWAY_KEY
        self.timeout = timeout if timeout is not None else settings.SMS_GATEWAY_TIMEOUT
        if not self.url.startswith(("https://", "http://")):
            raise ImproperlyConfigured("SHEQU_SMS_GATEWAY_URL must be an http(s) URL for the gateway SMS backend.")

    def request_for(self, message: SmsMessage) -> urllib.request.Request:
        body = json.dumps({"phone": message.phone, "text": message.text, "key": message.key}, ensure_ascii=False)
        return urllib.request.Request(
            self.url,
            data=body.encode(),
            method="POST",
            headers={"Content-Type": "application/json; charset=utf-8", "Authorization": f"Bearer {self.key}"},
        )

    def send_messages(self, messages: list[SmsMessage]) -> int:
        for message in messages:
            try:
                with urllib.request.urlopen(self.request_for(message), timeout=self.timeout) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                raise SmsSendError(f"SMS gateway answered {error.code}") from None
            except (urllib.error.URLError, TimeoutError, OSError) as error:
                # The reason (refused, timed out) without the request, which holds the phone and text.
                raise SmsSendError(f"SMS gateway unreachable: {type(error).__name__}") from None
            if not 200 <= status < 300:
                raise SmsSendError(f"SMS gateway answered {status}")
        return len(messages)


# Short names SHEQU_SMS_BACKEND accepts besides a dotted path.
BACKENDS = {
    "console": "shequ.notifications.sms.ConsoleBackend",
    "file": "shequ.notifications.sms.FileBackend",
    "locmem": "shequ.notifications.sms.LocmemBackend",
    "gateway": "shequ.notifications.sms.GatewayBackend",
}


def sms_backend() -> BaseSmsBackend:
    path = settings.SMS_BACKEND
    return import_string(BACKENDS.get(path, path))()


def sms_send(*, phone: str, key: str, params: dict | None = None, language: str = "") -> None:
    """Send the message `key` to `phone` now, through the configured backend."""
    if key not in MESSAGES:
        raise KeyError(f"Unregistered message {key!r}")
    sms_backend().send_messages([SmsMessage(phone=phone, key=key, params=params or {}, language=language)])


def sms_send_on_commit(*, phone: str, key: str, params: dict | None = None, language: str = "") -> None:
    """Send after the surrounding transaction commits (nothing is sent for a change that did not
    happen). Sent in this process rather than through the task queue: a verification code would
    otherwise wait in the queue's table in clear text. A failing gateway is logged by Django (the
    error names neither phone nor text) and does not turn the request into an error page."""
    if key not in MESSAGES:
        raise KeyError(f"Unregistered message {key!r}")
    transaction.on_commit(
        lambda: sms_send(phone=phone, key=key, params=params, language=language),
        robust=True,
    )
