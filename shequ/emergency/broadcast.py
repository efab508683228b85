"""Emergency-broadcast (应急广播) scripts: what each village-level unit's loudspeaker operator reads
out, in Chinese and in Uyghur — the warning's own text in that language, framed by fixed words,
and the unit's shelters to go to."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from shequ.emergency.models import Kind, Level, Shelter, Warning
from shequ.regions.codes import Level as RegionLevel
from shequ.regions.codes import ancestors_of
from shequ.regions.models import Region

LANGUAGES = ("zh-hans", "ug")
# How many times an operator repeats the script.
REPEATS = 3


@dataclass(frozen=True)
class Script:
    language: str
    direction: str
    heading: str
    paragraphs: list[str]


@dataclass(frozen=True)
class UnitScripts:
    unit: Region
    scripts: list[Script]


def _units(warning: Warning, user) -> list[Region]:
    """The village-level units the warning reaches within the user's scope: those under a target,
    and the unit of a targeted grid."""
    codes = list(warning.targets.values_list("code", flat=True))
    reach = Q()
    for code in codes:
        reach |= Q(code__prefix=code) if len(code) <= 12 else Q(code=code[:12])
    return list(Region.objects.for_user(user).filter(reach, level=RegionLevel.VILLAGE).order_by("code"))


def _script(warning: Warning, unit: Region, shelters: list[Shelter], language: str) -> Script:
    with translation.override(language):
        level, kind = Level(warning.level).label, Kind(warning.kind).label
        paragraphs = [
            _("各位居民请注意，现在播送%(level)s%(kind)s预警。") % {"level": level, "kind": kind},
            warning.title_in(language),
            warning.body_in(language),
        ]
        if shelters:
            places = _("、").join(f"{shelter.name}（{shelter.address}）" for shelter in shelters)
            paragraphs.append(_("需要避险时，请就近前往避难场所：%(places)s。") % {"places": places})
        paragraphs.append(
            _("请听从村（社区）和网格员的安排，照顾好家中老人和孩子。本广播重复%(times)s遍。") % {"times": REPEATS}
        )
        heading = _("%(unit)s应急广播稿") % {"unit": unit.name}
        return Script(language, "rtl" if language == "ug" else "ltr", heading, paragraphs)


def broadcast_scripts(*, warning: Warning, user) -> list[UnitScripts]:
    units = _units(warning, user)
    shelters: dict[str, list[Shelter]] = {}
    if units:
        codes = {code for unit in units for code in ancestors_of(unit.code, include_self=True)}
        for shelter in Shelter.objects.filter(scope_code__in=codes).order_by("name"):
            shelters.setdefault(shelter.scope_code, []).append(shelter)
    result = []
    for unit in units:
        near = shelters.get(unit.code) or shelters.get(unit.code[:9], [])
        result.append(UnitScripts(unit, [_script(warning, unit, near, language) for language in LANGUAGES]))
    return result
