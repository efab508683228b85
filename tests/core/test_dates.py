from datetime import date

import pytest
from django.core.exceptions import ValidationError

from shequ.core.dates import DateWithin, years_from


def test_years_from_keeps_the_day_and_folds_29_february():
    assert years_from(date(2026, 3, 1), -30) == date(1996, 3, 1)
    assert years_from(date(2024, 2, 29), 1) == date(2025, 2, 28)


@pytest.mark.parametrize("value", [date(9999, 12, 31), date(1, 1, 1)])
def test_far_dates_are_refused_in_the_users_language(value):
    with pytest.raises(ValidationError, match="日期应在"):
        DateWithin(years_back=30, years_ahead=1)(value)
