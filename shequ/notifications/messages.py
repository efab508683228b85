"""The messages the platform sends, by key. A notification stores its key and parameters, never
rendered text, and is put into words when someone reads it, in the reader's language.

Each app registers its keys in AppConfig.ready() with lazy msgid templates. A parameter is stored as
a plain value: a code the message turns into words (`formats`: a status code → its label), a
language → text mapping for catalogue names ({"": "高龄津贴", "ug": "…"}: the reader's language or
the Chinese original), or text that reads the same in every language (numbers, dates, a note a
worker wrote). Parameters carry no names or ID numbers: the link leads to the record itself.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation


@dataclass(frozen=True)
class Message:
    title: str
    body: str = ""
    # parameter name → function turning its stored value into words in the active language
    formats: dict[str, Callable[[Any], str]] = field(default_factory=dict)


MESSAGES: dict[str, Message] = {}


def messages_register(messages: dict[str, Message]) -> None:
    MESSAGES.update(messages)


def localized_param(item, field_name: str) -> dict[str, str]:
    """A catalogue record's text with its translations (`item.translations`: {"ug": {field: …}}), as
    stored in a notification's parameters."""
    return {"": getattr(item, field_name)} | {
        language: texts[field_name] for language, texts in item.translations.items() if texts.get(field_name)
    }


def _words(message: Message, name: str, value, language: str) -> str:
    if isinstance(value, dict):
        return value.get(language.split("-")[0]) or value.get(language) or value.get("", "")
    if name in message.formats:
        return str(message.formats[name](value))
    return str(value)


def message_render(key: str, params: dict, language: str | None = None) -> tuple[str, str]:
    """Title and body of the message `key` with `params`, in `language` (default: the active one)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    message = MESSAGES[key]
    with translation.override(language):
        values = {name: _words(message, name, value, language) for name, value in params.items()}
        return str(message.title) % values, (str(message.body) % values if message.body else "")
