from decimal import Decimal

import pytest

from shequ.facilities.models import AreaKind, Handover, PlanningArea
from shequ.facilities.planning import planning_shortfalls


def area(**values) -> PlanningArea:
    defaults = {
        "name": "北庭花园",
        "kind": AreaKind.RESIDENTIAL,
        "planned_residents": 3000,
        "elderly_care_land": Decimal("300"),
        "elderly_care_handover": Handover.HANDED_OVER,
        "infant_care_area": Decimal("300"),
        "infant_care_handover": Handover.HANDED_OVER,
    }
    return PlanningArea(**(defaults | values))


def codes(planning_area) -> list[str]:
    return [shortfall.code for shortfall in planning_shortfalls(planning_area)]


def test_an_area_meeting_both_rules_exactly_has_no_shortfall():
    # 3,000 residents × 0.1 m² = 300 m² of elderly-care land; infant care exactly 300 m².
    assert codes(area()) == []


def test_elderly_land_below_a_tenth_of_a_square_metre_per_resident_is_flagged():
    assert codes(area(elderly_care_land=Decimal("299.99"))) == ["elderly_small"]


def test_infant_care_below_300_square_metres_is_flagged():
    assert codes(area(infant_care_area=Decimal("299"))) == ["infant_small"]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"elderly_care_handover": Handover.MISSING}, ["elderly_missing"]),
        ({"elderly_care_land": None, "elderly_care_handover": Handover.RESERVED}, ["elderly_missing"]),
        ({"elderly_care_handover": Handover.RESERVED}, ["elderly_pending"]),
        ({"infant_care_handover": Handover.MISSING, "infant_care_area": None}, ["infant_missing"]),
        ({"infant_care_handover": Handover.RESERVED}, ["infant_pending"]),
    ],
)
def test_missing_facilities_and_pending_handovers_are_flagged(values, expected):
    assert codes(area(**values)) == expected


def test_every_shortfall_of_an_area_is_listed():
    flagged = area(
        elderly_care_land=Decimal("100"), elderly_care_handover=Handover.RESERVED, infant_care_handover=Handover.MISSING
    )
    assert codes(flagged) == ["elderly_small", "elderly_pending", "infant_missing"]
