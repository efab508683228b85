"""Logging filters: personal data never reaches the logs, whatever a library writes there."""

import logging
import re

from shequ.core.masking import mask_phone

_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


class MaskPhones(logging.Filter):
    """Masks mainland mobile numbers in a record's message (django-axes names the user name of a
    failed login, and a resident's user name is their phone)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = _MOBILE.sub(lambda match: mask_phone(match.group()), message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
