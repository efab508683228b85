"""The notice parser on the real 2025 and 2026 notices (checked against the chinese-calendar
package, which knows both years) and on bad input."""

from datetime import date

import chinese_calendar
import pytest
from django.core.exceptions import ValidationError

from shequ.core.holiday_notice import notice_parse
from tests.core.notices import NOTICE_2025, NOTICE_2026


@pytest.mark.parametrize(("year", "text"), [(2025, NOTICE_2025), (2026, NOTICE_2026)])
def test_the_real_notices_give_the_packages_days(year, text):
    parsed = notice_parse(text, year=year)
    assert [day for day, _name in parsed.holidays] == sorted(
        day for day in chinese_calendar.constants.holidays if day.year == year
    )
    assert [day for day, _name in parsed.workdays] == sorted(
        day for day in chinese_calendar.constants.workdays if day.year == year
    )


def test_names_cross_month_ranges_and_several_make_up_days():
    parsed = notice_parse(NOTICE_2025, year=2025)
    holidays, workdays = dict(parsed.holidays), dict(parsed.workdays)
    assert holidays[date(2025, 2, 4)] == "春节" and holidays[date(2025, 6, 2)] == "端午节"
    assert holidays[date(2025, 10, 6)] == "国庆节、中秋节"
    assert workdays == {
        date(2025, 1, 26): "春节调休上班",
        date(2025, 2, 8): "春节调休上班",
        date(2025, 4, 27): "劳动节调休上班",
        date(2025, 9, 28): "国庆节、中秋节调休上班",
        date(2025, 10, 11): "国庆节、中秋节调休上班",
    }


def test_full_width_digits_and_ascii_colons_are_read():
    parsed = notice_parse("元旦:１月１日（周五）至３日（周日）放假调休，共３天。１月４日（周一）上班。", year=2027)
    assert [day for day, _ in parsed.holidays] == [date(2027, 1, 1), date(2027, 1, 2), date(2027, 1, 3)]
    assert parsed.workdays == [(date(2027, 1, 4), "元旦调休上班")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # The 2026 notice read as 2027's: the weekdays do not match.
        ("元旦：1月1日（星期四）至3日（星期六）放假调休，共3天。", "第 1 行：2027 年 1 月 1 日不是星期四"),
        ("\n\n春节：2月10日（周三）至12日（周五）放假，共5天。", "第 3 行：写的是共 5 天，日期却是 3 天"),
        ("春节：2月30日至3月2日放假。", "第 1 行：没有“2月30日”这一天"),
        ("春节：放假七天。", "第 1 行：看不懂放假日期"),
        ("元旦：1月3日至1日放假。", "第 1 行：放假的起止日期不对"),
        ("元旦：1月1日放假。\n春节：1月1日放假。", "第 2 行：1 月 1 日在第 1 行已经出现过"),
        ("1月1日放假", "第 1 行：应以节日名称和冒号开头"),
        ("经国务院批准，现将安排通知如下。", "没有找到放假安排"),
        ("", "没有找到放假安排"),
    ],
)
def test_bad_input_says_which_line(text, message):
    with pytest.raises(ValidationError) as refused:
        notice_parse(text, year=2027)
    assert any(message in error for error in refused.value.messages), refused.value.messages


def test_every_bad_line_is_listed_and_nothing_is_returned():
    with pytest.raises(ValidationError) as refused:
        notice_parse("元旦：1月1日（周五）放假1天。\n春节：2月31日放假。\n清明节：4月1日至3月1日放假。", year=2027)
    assert [error[:6] for error in refused.value.messages] == ["第 2 行：", "第 3 行："]
