"""Next year's holiday schedule, entered before it is needed.

The chinese-calendar package knows the years up to its release; the State Council publishes the
next year in October or November. From settings.CALENDAR_REMINDER_MONTH until next year is known,
the county administrators are reminded to enter it (`calendar_reminder_year`); they paste the
notice, check what was read, and save it (`calendar_year_enter`), which recomputes every deadline
that waited for the year (the reschedulers of shequ.core.workflow)."""

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core.events import event_record
from shequ.core.holiday_notice import ParsedNotice, notice_parse
from shequ.core.models import CalendarDay, CalendarYear
from shequ.core.workdays import is_year_known
from shequ.core.workflow import calendar_year_changed

ENTER_PERMISSION = "core.add_calendaryear"


def calendar_reminder_year(*, today: date | None = None) -> int | None:
    """Next year, when it is time to enter its holiday schedule and nobody has; else None."""
    today = today or timezone.localdate()
    if today.month < settings.CALENDAR_REMINDER_MONTH:
        return None
    return None if is_year_known(today.year + 1) else today.year + 1


def _year_check(year: int) -> None:
    if is_year_known(year):
        raise ValidationError({"year": [_("%(year)s 年的节假日安排已经有了") % {"year": year}]})


def calendar_notice_read(*, year: int, notice: str, acting_user) -> ParsedNotice:
    """The notice as it would be saved, for the administrator to check (nothing is saved)."""
    if not acting_user.has_perm(ENTER_PERMISSION):
        raise PermissionDenied
    _year_check(year)
    try:
        return notice_parse(notice, year=year)
    except ValidationError as invalid:
        raise ValidationError({"notice": invalid.messages}) from invalid


def calendar_year_enter(*, year: int, source: str, notice: str, acting_user) -> dict[str, int]:
    """Save `year`'s holidays and make-up working days read from the pasted notice, then recompute
    the deadlines that waited for the year (their residents are told the new dates). Returns how
    many records each domain recomputed. All or nothing: a notice that cannot be read saves nothing."""
    parsed = calendar_notice_read(year=year, notice=notice, acting_user=acting_user)
    source = source.strip()
    if not source:
        raise ValidationError({"source": [_("请填写通知文号，如：国办发明电〔2026〕X号")]})
    try:
        with transaction.atomic():
            calendar_year = CalendarYear.objects.create(year=year, source=source[:200], entered_by=acting_user)
            days = [
                CalendarDay(calendar_year=calendar_year, day=day, is_workday=False, name=name[:50])
                for day, name in parsed.holidays
            ] + [
                CalendarDay(calendar_year=calendar_year, day=day, is_workday=True, name=name[:50])
                for day, name in parsed.workdays
            ]
            CalendarDay.objects.bulk_create(days)
            rescheduled = calendar_year_changed(year)
            event_record(
                acting_user=acting_user,
                verb="calendar.entered",
                target=calendar_year,
                data={
                    "source": calendar_year.source,
                    "holidays": len(parsed.holidays),
                    "workdays": len(parsed.workdays),
                    "rescheduled": rescheduled,
                },
            )
    except IntegrityError as error:  # entered by somebody else meanwhile
        raise ValidationError({"year": [_("%(year)s 年的节假日安排已经有了") % {"year": year}]}) from error
    return rescheduled
