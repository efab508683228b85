"""Resident identity card numbers (GB 11643-1999)."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"


class InvalidIdNumber(ValueError):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class IdNumber:
    value: str
    birth_date: date
    gender: str  # "M" or "F", the codes Person.gender uses


def check_character(first17: str) -> str:
    return CHECK_CHARACTERS[sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True)) % 11]


def id_number_parse(raw: str, *, expected_gender: str | None = None, today: date | None = None) -> IdNumber:
    """Validate an 18-character ID number and read its birth date and gender.

    Raises InvalidIdNumber with a message for the person who typed it.
    """
    value = (raw or "").strip().upper()
    # ASCII digits only: str.isdigit() also passes "²" and other digits int() cannot read.
    if len(value) != 18 or not value.isascii() or not value[:17].isdigit() or value[17] not in "0123456789X":
        raise InvalidIdNumber(_("身份证号应为 18 位：17 位数字加 1 位数字或 X"))
    if check_character(value[:17]) != value[17]:
        raise InvalidIdNumber(_("身份证号校验位不正确，请核对是否输错"))
    try:
        birth = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise InvalidIdNumber(_("身份证号中的出生日期不存在")) from None
    if birth.year < 1880 or birth > (today or timezone.localdate()):
        raise InvalidIdNumber(_("身份证号中的出生日期不合理"))
    gender = "M" if int(value[16]) % 2 else "F"
    if expected_gender and expected_gender != gender:
        raise InvalidIdNumber(_("身份证号第 17 位与性别不符"))
    return IdNumber(value=value, birth_date=birth, gender=gender)
