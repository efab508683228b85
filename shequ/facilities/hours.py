"""Opening hours: periods per weekday, the hours they add up to, and the text form used by the
import template and the pages ("09:30-13:30 16:00-20:00"; empty or 休息 for a closed day)."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal
from itertools import pairwise

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

WORKING_WEEKDAYS = range(5)  # Monday to Friday
CLOSED_WORDS = {"", "休息", "闭馆", "-", "—", "ئارام", "تاقاق"}
PERIOD = re.compile(r"^(\d{1,2})[:：](\d{2})\s*[-–—~～至]\s*(\d{1,2})[:：](\d{2})$")
SEPARATORS = re.compile(r"[\s,，;；、،؛]+")


@dataclass(frozen=True)
class Period:
    weekday: int
    opens: time
    closes: time

    @property
    def hours(self) -> Decimal:
        minutes = (self.closes.hour * 60 + self.closes.minute) - (self.opens.hour * 60 + self.opens.minute)
        return Decimal(minutes) / 60


def _time(hour: str, minute: str) -> time:
    value = int(hour), int(minute)
    if value == (24, 0):
        return time(23, 59)
    return time(*value)


def periods_parse(text: str, *, weekday: int) -> list[Period]:
    """The periods written in one day's cell; ValidationError naming the part it cannot read."""
    text = (text or "").strip()
    if text in CLOSED_WORDS:
        return []
    periods = []
    for part in SEPARATORS.split(text):
        if not part:
            continue
        match = PERIOD.match(part)
        try:
            if match is None:
                raise ValueError(part)
            opens, closes = _time(*match.group(1, 2)), _time(*match.group(3, 4))
        except ValueError:
            raise ValidationError(
                _("无法识别“%(part)s”，请写成 09:30-13:30，多个时段用空格分开") % {"part": part}, code="hours_format"
            ) from None
        periods.append(Period(weekday=weekday, opens=opens, closes=closes))
    periods_validate(periods)
    return periods


def periods_validate(periods: Iterable[Period]) -> None:
    """Each period ends after it starts, and the periods of a day do not overlap."""
    by_day: dict[int, list[Period]] = {}
    for period in periods:
        if period.closes <= period.opens:
            raise ValidationError(
                _("%(opens)s-%(closes)s：关闭时间应晚于开放时间")
                % {"opens": f"{period.opens:%H:%M}", "closes": f"{period.closes:%H:%M}"},
                code="hours_order",
            )
        by_day.setdefault(period.weekday, []).append(period)
    for day in by_day.values():
        day.sort(key=lambda period: period.opens)
        for before, after in pairwise(day):
            if after.opens < before.closes:
                raise ValidationError(_("同一天的开放时段不能重叠"), code="hours_overlap")


def periods_text(periods: Iterable[Period], weekday: int) -> str:
    return " ".join(
        f"{p.opens:%H:%M}-{p.closes:%H:%M}" for p in sorted(periods, key=lambda p: p.opens) if p.weekday == weekday
    )


def daily_hours(periods: Iterable[Period]) -> dict[int, Decimal]:
    """Hours open on each weekday (0 = Monday), closed days included as 0."""
    hours = dict.fromkeys(range(7), Decimal("0"))
    for period in periods:
        hours[period.weekday] += period.hours
    return hours


def min_working_day_hours(periods: Iterable[Period]) -> Decimal | None:
    """The fewest hours open on a working day (a closed working day counts as 0); None when no
    hours are recorded at all."""
    periods = list(periods)
    if not periods:
        return None
    hours = daily_hours(periods)
    return min(hours[day] for day in WORKING_WEEKDAYS).quantize(Decimal("0.01"))


def time_parse(text: str) -> time:
    return datetime.strptime(text, "%H:%M").time()
