"""Names and free text as they are stored: NFC-normalised, without characters that are invisible
or reorder what is shown. Two registry entries that look the same must be the same string, and a
note must read on screen as it was written.

Refused: control characters (a note keeps line breaks and tabs), zero-width characters and the
bidi embeddings, overrides and isolates. Arabic-script letters, the Uyghur and Kazakh ones
included, are ordinary letters and pass.

ZWNJ (U+200C) is deliberately refused in names and kept in free text: Uyghur and Kazakh in Arabic
script give every letter a fixed joining behaviour and their keyboards never type it, so in a name
it can only make a look-alike of an existing one; in a note it may belong to Persian-script text
someone quotes, and a note identifies nobody."""

import json
import math
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ZERO_WIDTH = {"\u200b", "\u200d", "\u2060", "\ufeff"}
ZWNJ = "\u200c"
BIDI_CONTROLS = {chr(code) for code in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]}
LINE_BREAKS = {"\n", "\r", "\t"}


def _forbidden(char: str, *, multiline: bool) -> bool:
    if char in ZERO_WIDTH or char in BIDI_CONTROLS:
        return True
    if char == ZWNJ:
        return not multiline
    if unicodedata.category(char) == "Cc":
        return not (multiline and char in LINE_BREAKS)
    # Unpaired surrogates cannot be stored (the request gate refuses them; a file cell can carry one).
    return unicodedata.category(char) == "Cs"


def text_clean(value: str, *, multiline: bool = False, max_length: int | None = None) -> str:
    """`value` NFC-normalised and trimmed; ValidationError in the user's language for a forbidden
    character or more than `max_length` characters. `multiline` for notes, False for names."""
    if any(_forbidden(char, multiline=multiline) for char in value):
        raise ValidationError(_("含有不可见的控制字符或方向控制字符，请删除后重新输入"), code="invalid_characters")
    cleaned = unicodedata.normalize("NFC", value).strip()
    if max_length is not None and len(cleaned) > max_length:
        raise ValidationError(
            _("不能超过 %(limit)s 个字（现有 %(count)s 个）") % {"limit": max_length, "count": len(cleaned)},
            code="max_length",
        )
    return cleaned


def note_clean(value: str | None, *, max_length: int | None = None) -> str:
    """A free-text note or reason: several lines, at most SHEQU_NOTE_MAX_CHARS characters (or the
    field's own smaller limit)."""
    limit = min(max_length or settings.NOTE_MAX_CHARS, settings.NOTE_MAX_CHARS)
    return text_clean(value or "", multiline=True, max_length=limit)


def json_limits_check(value, *, max_bytes: int, max_depth: int) -> None:
    """ValidationError when `value` (parsed JSON) nests deeper than `max_depth` containers or takes
    more than `max_bytes` as UTF-8 JSON. Depth is measured first and without recursion, so that
    serialising cannot overflow the stack."""
    pending, depth = [(value, 1)], 0
    while pending:
        item, level = pending.pop()
        if isinstance(item, dict | list):
            depth = max(depth, level)
            if depth > max_depth:
                raise ValidationError(_("内容的层级不能超过 %(depth)s 层") % {"depth": max_depth}, code="too_deep")
            pending.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    size = len(json.dumps(value, ensure_ascii=False).encode())
    if size > max_bytes:
        raise ValidationError(
            _("内容不能超过 %(limit)s KB（现有 %(size)s KB）")
            % {"limit": max_bytes // 1024, "size": math.ceil(size / 1024)},
            code="too_large",
        )


def json_text_clean(value):
    """Every key and string inside parsed JSON through note_clean (other values kept as they are)."""
    if isinstance(value, str):
        return note_clean(value)
    if isinstance(value, dict):
        return {note_clean(key): json_text_clean(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_text_clean(item) for item in value]
    return value
