"""Calendar months, stored as their first day."""

import calendar
import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


def month_of(day: date) -> date:
    return day.replace(day=1)


def month_after(day: date) -> date:
    """The first day of the month after the one `day` lies in."""
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


def month_last_day(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def month_parse(text: str) -> date:
    """'2026-03' as 2026-03-01; a clear ValidationError for anything else."""
    found = MONTH_PATTERN.match((text or "").strip())
    if found and 1900 < int(found[1]) < 3000 and 1 <= int(found[2]) <= 12:
        return date(int(found[1]), int(found[2]), 1)
    raise ValidationError(_("月份格式应为 YYYY-MM，例如 2026-03"), code="invalid_month")
