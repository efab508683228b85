"""Working days on China's official calendar (statutory holidays off, 调休 make-up days on).

Time limits in administrative procedure are counted in working days, and the day an event happens
is not counted. Years come from the chinese-calendar package, or from CalendarYear rows entered by
hand once the State Council publishes a year the package does not know. A date in any other year
raises UnknownCalendarYear: a deadline is never guessed.
"""

from datetime import date, timedelta

import chinese_calendar
from django.core.cache import cache
from django.utils.translation import gettext as _

from shequ.core.models import CalendarDay, CalendarYear

_PACKAGE_YEARS = range(
    min(day.year for day in chinese_calendar.constants.holidays),
    max(day.year for day in chinese_calendar.constants.holidays) + 1,
)


class UnknownCalendarYear(Exception):
    def __init__(self, year: int):
        self.year = year
        super().__init__(_("%(year)s 年的节假日安排尚未录入，无法计算工作日") % {"year": year})


def _entered_year(year: int) -> dict[date, bool] | None:
    key = f"shequ:calendar:{year}"
    days = cache.get(key)
    if days is None:
        if not CalendarYear.objects.filter(year=year).exists():
            return None
        days = {entry.day: entry.is_workday for entry in CalendarDay.objects.filter(day__year=year)}
        cache.set(key, days, 3600)
    return days


def calendar_cache_clear(year: int) -> None:
    """Forget the cached days of a hand-entered year (shequ.core.workflow.calendar_year_changed
    calls this, then recomputes the deadlines that waited for the year)."""
    cache.delete_many([f"shequ:calendar:{year}", f"shequ:calendar:known:{year}"])


def is_year_known(year: int) -> bool:
    """Whether working days can be counted in `year`: the package knows it or it was entered.
    Cached (pages ask on every view from October on); entering the year clears it."""
    if year in _PACKAGE_YEARS:
        return True
    key = f"shequ:calendar:known:{year}"
    known = cache.get(key)
    if known is None:
        known = CalendarYear.objects.filter(year=year).exists()
        cache.set(key, known, 300)
    return known


def is_workday(day: date) -> bool:
    if day.year in _PACKAGE_YEARS:
        return chinese_calendar.is_workday(day)
    entered = _entered_year(day.year)
    if entered is None:
        raise UnknownCalendarYear(day.year)
    return entered.get(day, day.weekday() < 5)


def add_workdays(start: date, count: int) -> date:
    """The date `count` working days after `start`; `start` itself is not counted."""
    day, remaining = start, count
    while remaining > 0:
        day += timedelta(days=1)
        if is_workday(day):
            remaining -= 1
    return day


def workdays_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_workday(day):
            count += 1
    return count
