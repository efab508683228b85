"""The plan's 配建 rules for new urban areas and new residential areas (task 6 of the county plan):
elderly-care facilities on at least 0.1 m² of land per resident, an infant-care facility of at
least 300 m², both reserved and handed over (产权移交). A check lists what falls short."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from shequ.facilities.models import Handover, PlanningArea

ELDERLY_LAND_PER_RESIDENT = Decimal("0.1")
INFANT_CARE_MIN_AREA = Decimal("300")


@dataclass(frozen=True)
class Shortfall:
    code: str  # stable: elderly_missing, elderly_small, elderly_pending, infant_missing, infant_small, infant_pending
    message: str


def planning_shortfalls(area: PlanningArea) -> list[Shortfall]:
    found = []
    needed = ELDERLY_LAND_PER_RESIDENT * area.planned_residents
    if area.elderly_care_handover == Handover.MISSING or not area.elderly_care_land:
        found.append(Shortfall("elderly_missing", _("未配建养老服务设施")))
    else:
        if area.elderly_care_land < needed:
            found.append(
                Shortfall(
                    "elderly_small",
                    _("养老服务设施用地 %(land)s ㎡，少于人均 0.1 ㎡（应不少于 %(needed)s ㎡）")
                    % {"land": area.elderly_care_land, "needed": needed.quantize(Decimal("0.01"))},
                )
            )
        if area.elderly_care_handover == Handover.RESERVED:
            found.append(Shortfall("elderly_pending", _("养老服务设施产权待移交")))
    if area.infant_care_handover == Handover.MISSING or not area.infant_care_area:
        found.append(Shortfall("infant_missing", _("未配建婴幼儿照护服务设施")))
    else:
        if area.infant_care_area < INFANT_CARE_MIN_AREA:
            found.append(
                Shortfall(
                    "infant_small",
                    _("婴幼儿照护服务设施 %(area)s ㎡，小于 300 ㎡") % {"area": area.infant_care_area},
                )
            )
        if area.infant_care_handover == Handover.RESERVED:
            found.append(Shortfall("infant_pending", _("婴幼儿照护服务设施产权待移交")))
    return found
