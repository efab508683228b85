from datetime import date

import pytest

from shequ.core.models import CalendarDay, CalendarYear
from shequ.core.workdays import UnknownCalendarYear, add_workdays, is_workday, workdays_between
from shequ.core.workflow import calendar_year_changed


def test_spring_festival_2026_skips_the_holiday_and_counts_the_make_up_saturdays():
    friday = date(2026, 2, 13)
    assert add_workdays(friday, 1) == date(2026, 2, 14)  # Saturday, a make-up working day (调休)
    assert add_workdays(friday, 2) == date(2026, 2, 24)  # 15–23 February are the holiday
    assert add_workdays(friday, 10) == date(2026, 3, 5)  # Saturday 28 February counts too


def test_national_day_2025_with_its_make_up_sunday():
    friday = date(2025, 9, 26)
    assert add_workdays(friday, 1) == date(2025, 9, 28)  # Sunday, worked
    assert add_workdays(friday, 3) == date(2025, 9, 30)
    assert add_workdays(friday, 4) == date(2025, 10, 9)  # 1–8 October off
    assert add_workdays(friday, 5) == date(2025, 10, 10)
    assert add_workdays(friday, 6) == date(2025, 10, 11)  # Saturday, worked


def test_the_day_of_the_event_is_not_counted():
    assert add_workdays(date(2026, 11, 23), 1) == date(2026, 11, 24)
    assert add_workdays(date(2026, 11, 27), 1) == date(2026, 11, 30)  # Friday → Monday
    assert add_workdays(date(2026, 11, 27), 0) == date(2026, 11, 27)


def test_workdays_between_counts_after_start_up_to_end():
    assert workdays_between(date(2026, 2, 13), date(2026, 2, 24)) == 2
    assert workdays_between(date(2026, 2, 24), date(2026, 2, 24)) == 0
    assert workdays_between(date(2026, 2, 24), date(2026, 2, 13)) == 0


@pytest.mark.django_db
def test_a_year_nobody_entered_is_an_explicit_error():
    with pytest.raises(UnknownCalendarYear) as caught:
        add_workdays(date(2026, 12, 20), 20)
    assert caught.value.year == 2027 and "2027" in str(caught.value)


@pytest.mark.django_db
def test_an_entered_year_is_used_with_its_holidays_and_make_up_days():
    year = CalendarYear.objects.create(year=2027, source="测试用安排")
    CalendarDay.objects.create(calendar_year=year, day=date(2027, 1, 1), is_workday=False, name="元旦")
    CalendarDay.objects.create(calendar_year=year, day=date(2027, 1, 9), is_workday=True, name="调休上班")
    calendar_year_changed(2027)
    assert not is_workday(date(2027, 1, 1))  # a Friday holiday
    assert is_workday(date(2027, 1, 9))  # a Saturday worked
    assert not is_workday(date(2027, 1, 10))  # an ordinary Sunday
    assert add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)
