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


def level_of(code: str) -> Level:
    if not code.isdigit() or len(code) not in CODE_LENGTHS:
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


def parent_code_of(code: str) -> str | None:
    lengths = sorted(CODE_LENGTHS)
    index = lengths.index(len(code))
    return code[: lengths[index - 1]] if index else None
