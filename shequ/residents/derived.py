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

from shequ.residents.choices import CareTag

# Ages are counted on the county's calendar whatever the server's or the request's time zone: a
# resident turns 80 (高龄) on their birthday in Jimsar, not eight hours later.
LOCAL_ZONE = ZoneInfo("Asia/Shanghai")


def local_today() -> date:
    return datetime.now(LOCAL_ZONE).date()


def age_of(birth_date: date, *, today: date | None = None) -> int:
    today = today or local_today()
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


def birth_year_of(birth_date: date | None) -> int | None:
    return birth_date.year if birth_date else None


def care_tag_labels(codes: list[str]) -> list[str]:
    return [CareTag(code).label for code in codes]
