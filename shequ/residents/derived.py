"""A person's derived fields — age, birth year, care-tag labels — computed here and nowhere else;
the Person model exposes them (with the masked ID number and phone from core.masking) as the
properties every page, API answer, export and the admin use.

A Chinese ID number's middle eight digits are the birth date: beside an ID number masked to its
first six and last four characters, the full birth date would give the whole number back. Every
screen, API answer, export and audit record therefore shows the age and the birth year only; the
birth date, like the full ID number and phone, is read through the audited reveal.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from shequ.residents.choices import CareTag


def local_today() -> date:
    """Today on the county's calendar (settings.TIME_ZONE, Asia/Shanghai), whatever time zone the
    server or the request runs in: a resident turns 80 (高龄) on their birthday in Jimsar, not eight
    hours later."""
    return datetime.now(ZoneInfo(settings.TIME_ZONE)).date()


def age_of(birth_date: date, *, today: date | None = None) -> int:
    today = today or local_today()
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


def latest_birth_date_for_age(years: int, *, today: date | None = None) -> date:
    """The latest birth date of a person who is `years` old or older today (for database filters that
    count by age exactly as `age_of` does)."""
    today = today or local_today()
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # today is 29 February; born on 28 February of that year is the limit
        return today.replace(year=today.year - years, day=28)


def birth_year_of(birth_date: date | None) -> int | None:
    return birth_date.year if birth_date else None


def care_tag_labels(codes: list[str]) -> list[str]:
    return [CareTag(code).label for code in codes]
