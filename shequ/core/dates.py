"""Sane ranges for dates people type. A date far outside them is a slip (9999-12-31, 0001-01-01)
that would otherwise be stored, or overflow the first computation that adds days to it."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _


def years_from(day: date, years: int) -> date:
    """The same calendar day `years` later (earlier when negative); 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@deconstructible
class DateWithin:
    """A validator (forms, DRF serializers and services alike): the date lies between `years_back`
    years before today and `years_ahead` years after it, both included."""

    def __init__(self, *, years_back: int, years_ahead: int):
        self.years_back, self.years_ahead = years_back, years_ahead

    def bounds(self) -> tuple[date, date]:
        today = timezone.localdate()
        return years_from(today, -self.years_back), years_from(today, self.years_ahead)

    def __call__(self, value: date) -> None:
        earliest, latest = self.bounds()
        if not earliest <= value <= latest:
            raise ValidationError(
                _("日期应在 %(earliest)s 至 %(latest)s 之间")
                % {"earliest": earliest.isoformat(), "latest": latest.isoformat()},
                code="date_out_of_range",
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, DateWithin) and (self.years_back, self.years_ahead) == (
            other.years_back,
            other.years_ahead,
        )


# Statistics are counted, and reports asked for, about the recent past: 30 years covers every
# census and plan this platform reports on.
PAST_RECORD = DateWithin(years_back=30, years_ahead=0)
REPORT_PERIOD = DateWithin(years_back=30, years_ahead=1)
# Slots are published for the coming year at most.
UPCOMING = DateWithin(years_back=0, years_ahead=1)
