from datetime import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from shequ.facilities.hours import min_working_day_hours, periods_parse
from tests.conftest import WENHUALU


def test_two_periods_of_a_day_add_up():
    periods = periods_parse("09:30-13:30 16:00-20:00", weekday=0)
    assert [(p.opens, p.closes) for p in periods] == [(time(9, 30), time(13, 30)), (time(16), time(20))]
    assert sum(p.hours for p in periods) == 8


@pytest.mark.parametrize("text", ["", "休息", "  "])
def test_a_closed_day_has_no_periods(text):
    assert periods_parse(text, weekday=6) == []


@pytest.mark.parametrize("text", ["9点到5点", "10:00-09:00", "09:00-12:00 11:00-14:00", "25:00-26:00"])
def test_unreadable_reversed_or_overlapping_hours_are_refused(text):
    with pytest.raises(ValidationError):
        periods_parse(text, weekday=0)


def _week(**days):
    return [period for day, text in days.items() for period in periods_parse(text, weekday=int(day[1:]))]


def test_the_shortest_working_day_decides_and_the_weekend_does_not():
    full = {f"d{day}": "09:30-13:30 16:00-20:00" for day in range(5)}
    assert min_working_day_hours(_week(**full, d6="10:00-12:00")) == Decimal("8.00")
    assert min_working_day_hours(_week(**(full | {"d3": "09:30-13:30 16:00-19:45"}))) == Decimal("7.75")


def test_a_working_day_left_closed_counts_as_zero_and_no_hours_at_all_as_unknown():
    assert min_working_day_hours(_week(d0="08:00-18:00", d1="08:00-18:00")) == 0
    assert min_working_day_hours([]) is None


@pytest.mark.django_db
def test_a_facility_open_under_8_hours_on_a_working_day_is_flagged(regions, users, make_facility):
    unit = regions[WENHUALU]
    full = make_facility(unit, name="全天")
    short = make_facility(unit, name="半天", hours={day: "10:00-13:00 16:30-19:30" for day in range(5)})
    unknown = make_facility(unit, name="未登记", hours={})
    assert (full.min_daily_open_hours, full.short_hours) == (Decimal("8.00"), False)
    assert (short.min_daily_open_hours, short.short_hours) == (Decimal("6.00"), True)
    assert (unknown.min_daily_open_hours, unknown.short_hours) == (None, False)
