"""The State Council's holiday notice (国务院办公厅关于某年部分节假日安排的通知), pasted as text, read
into the year's holidays and make-up working days (调休上班).

A line of the notice names a holiday and its days, then the make-up days, e.g.

    一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
    一、元旦：1月1日（周三）放假1天，不调休。

The month may be left out of a date that shares the previous one's (至3日); a range may cross
months (5月31日至6月2日); weekdays are written 周X or 星期X and are checked against the date, as is
the day count (共N天), so that a notice pasted for the wrong year or mistyped is refused with the
line it is on. The preamble and the closing paragraphs (no holiday name with a colon, no date) are
skipped.
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
DATE = re.compile(r"(?:(?P<month>\d{1,2})\s*月\s*)?(?P<day>\d{1,2})\s*日\s*(?:[（(](?P<note>[^）)]*)[）)])?")
WEEKDAY = re.compile(r"(?:周|星期)(?P<weekday>[一二三四五六日天])")
# "一、元旦：…" / "六、国庆节、中秋节：…" / "春节：…"; the name is at most a few words.
HOLIDAY_LINE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]\s*)?(?P<name>[^：:，。]{1,20}?)\s*[：:]\s*(?P<body>.+)$"
)
RANGE = re.compile(rf"^\s*(?P<first>{DATE.pattern})\s*(?:(?:至|到|—|-|～|~)\s*(?P<last>[^放]*?))?\s*放假")
DAY_COUNT = re.compile(r"(?:共|放假)\s*(?P<count>\d{1,2})\s*天")
# Full-width digits are normalised first (１月１日).
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


@dataclass
class ParsedNotice:
    year: int
    holidays: list[tuple[date, str]] = field(default_factory=list)  # every day off, weekends included
    workdays: list[tuple[date, str]] = field(default_factory=list)  # make-up working days


class _LineError(Exception):
    pass


def _day(year: int, match: re.Match, month: int | None) -> tuple[date, int]:
    """The date of a DATE match (its month, else the given one), its weekday checked."""
    month = int(match.group("month")) if match.group("month") else month
    if month is None:
        raise _LineError(_("日期“%(text)s”缺少月份") % {"text": match.group(0).strip()})
    try:
        day = date(year, month, int(match.group("day")))
    except ValueError as error:
        raise _LineError(_("没有“%(text)s”这一天") % {"text": match.group(0).strip()}) from error
    weekday = WEEKDAY.search(match.group("note") or "")
    if weekday and WEEKDAYS[weekday.group("weekday")] != day.weekday():
        raise _LineError(
            _("%(year)s 年 %(month)s 月 %(day)s 日不是%(weekday)s，请检查年份或日期")
            % {"year": year, "month": day.month, "day": day.day, "weekday": weekday.group(0)}
        )
    return day, month


def _holiday_days(year: int, body: str) -> list[date]:
    found = RANGE.match(body)
    if found is None:
        raise _LineError(_("看不懂放假日期，应写成“1月1日（周四）至3日（周六）放假”"))
    first, month = _day(year, DATE.match(found.group("first")), None)
    last = first
    if found.group("last"):
        last_match = DATE.fullmatch(found.group("last").strip())
        if last_match is None:
            raise _LineError(_("看不懂放假的最后一天“%(text)s”") % {"text": found.group("last").strip()})
        last, _month = _day(year, last_match, month)
    if last < first or (last - first).days > 30:
        raise _LineError(_("放假的起止日期不对"))
    days = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    count = DAY_COUNT.search(body)
    if count and int(count.group("count")) != len(days):
        raise _LineError(
            _("写的是共 %(count)s 天，日期却是 %(days)s 天") % {"count": count.group("count"), "days": len(days)}
        )
    return days


def _workdays(year: int, body: str, month: int) -> list[date]:
    """The make-up days: every date in the sentences that end in 上班."""
    days = []
    for sentence in re.split(r"[。；;]", body):
        if "上班" not in sentence:
            continue
        for match in DATE.finditer(sentence.split("上班")[0]):
            day, month = _day(year, match, month)
            days.append(day)
    return days


def notice_parse(text: str, *, year: int) -> ParsedNotice:
    """The holidays and make-up working days of `year` in the notice `text`.

    ValidationError listing every line that could not be read ("第 3 行：…"), or saying that no
    holiday was found; nothing is returned half-read."""
    parsed = ParsedNotice(year=year)
    errors: list[str] = []
    seen: dict[date, int] = {}
    for number, raw in enumerate(text.translate(FULL_WIDTH_DIGITS).splitlines(), start=1):
        line = raw.strip()
        if not line or ("放假" not in line and "上班" not in line):
            continue
        found = HOLIDAY_LINE.match(line)
        if found is None and not DATE.search(line):  # the preamble: "现将……放假调休日期的具体安排通知如下"
            continue
        try:
            if found is None or "放假" not in found.group("body"):
                raise _LineError(_("应以节日名称和冒号开头，如“春节：”，并写明放假日期"))
            name, body = found.group("name").strip(), found.group("body")
            holidays = _holiday_days(year, body)
            workdays = _workdays(year, body.split("放假", 1)[1], holidays[0].month)
            for day in holidays + workdays:
                if day in seen:
                    raise _LineError(
                        _("%(month)s 月 %(day)s 日在第 %(line)s 行已经出现过")
                        % {"month": day.month, "day": day.day, "line": seen[day]}
                    )
                seen[day] = number
        except _LineError as error:
            errors.append(_("第 %(line)s 行：%(error)s") % {"line": number, "error": error})
            continue
        parsed.holidays += [(day, name) for day in holidays]
        # Names are stored in the notice's own words, whatever the language of the page.
        parsed.workdays += [(day, f"{name}调休上班") for day in workdays]
    if errors:
        raise ValidationError(errors, code="notice")
    if not parsed.holidays:
        raise ValidationError(_("没有找到放假安排，请粘贴通知中“一、元旦：……”这样的各行"), code="empty")
    parsed.holidays.sort()
    parsed.workdays.sort()
    return parsed
