"""The national statistical code rules (GB/T 2260 and the NBS 12-digit urban-rural codes)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCE = "province", _("省级")
    CITY = "city", _("地级")
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡级")
    VILLAGE = "village", _("村级")
    GRID = "grid", _("网格")


class Kind(models.TextChoices):
    SUBDISTRICT = "subdistrict", _("街道")
    TOWN = "town", _("镇")
    TOWNSHIP = "township", _("乡")
    COMMUNITY = "community", _("社区")
    VILLAGE = "village", _("村")
    OTHER = "other", _("其他")


CODE_LENGTHS = {2: Level.PROVINCE, 4: Level.CITY, 6: Level.COUNTY, 9: Level.TOWNSHIP, 12: Level.VILLAGE, 15: Level.GRID}


class InvalidCode(ValueError):
    pass


def _digits(code: str) -> bool:
    # str.isdigit() alone accepts full-width and other Unicode digits, which no code has.
    return code.isascii() and code.isdigit()


def level_of(code: str) -> Level:
    if not _digits(code) or len(code) not in CODE_LENGTHS:
        raise InvalidCode(code)
    return CODE_LENGTHS[len(code)]


def kind_of(code: str) -> str:
    """The kind a code itself declares: township part 001–099 街道, 100–199 镇, 200–399 乡, 400+ other;
    village-level part 001–199 社区居委会, 200–399 村民委员会, 400+ other (兵团, industrial parks)."""
    level = level_of(code)
    if level == Level.TOWNSHIP:
        part = int(code[6:9])
        if part < 100:
            return Kind.SUBDISTRICT
        if part < 200:
            return Kind.TOWN
        if part < 400:
            return Kind.TOWNSHIP
        return Kind.OTHER
    if level == Level.VILLAGE:
        part = int(code[9:12])
        if part < 200:
            return Kind.COMMUNITY
        if part < 400:
            return Kind.VILLAGE
        return Kind.OTHER
    return ""


# Each level's code length, from the province down.
_LENGTHS = sorted(CODE_LENGTHS)
_LENGTH_OF = {level: length for length, level in CODE_LENGTHS.items()}


def is_code(code: str, *levels: str) -> bool:
    """Whether `code` is a valid code (of one of `levels`, when given)."""
    return _digits(code) and len(code) in CODE_LENGTHS and (not levels or CODE_LENGTHS[len(code)] in levels)


def parent_of(code: str) -> str | None:
    """The code of the region directly above (None for a province)."""
    index = _LENGTHS.index(len(code))
    return code[: _LENGTHS[index - 1]] if index else None


def ancestors_of(code: str, *, include_self: bool = False) -> list[str]:
    """The codes of every region above `code`, the widest first (and `code` itself last if asked)."""
    prefixes = [code[:length] for length in _LENGTHS if length < len(code)]
    return [*prefixes, code] if include_self else prefixes


def at_level(code: str, level: str) -> str:
    """The region of `level` that `code` lies in (`code` itself when it is at or above that level)."""
    return code[: _LENGTH_OF[level]]


def township_of(code: str) -> str:
    return at_level(code, Level.TOWNSHIP)


def unit_of(code: str) -> str:
    """The village-level unit (社区/村) of a grid or unit code."""
    return at_level(code, Level.VILLAGE)


def is_within(code: str, region_code: str) -> bool:
    """Whether the region `code` lies within `region_code` (or is it): codes nest by prefix."""
    return code.startswith(region_code)


def common_ancestor(codes: list[str]) -> str:
    """The narrowest region holding every code ("" when they share no province)."""
    for length in reversed(_LENGTHS):
        if length <= min(map(len, codes), default=0) and len({code[:length] for code in codes}) == 1:
            return codes[0][:length]
    return ""
