from decimal import Decimal

import pytest

from shequ.facilities.hours import periods_parse
from shequ.facilities.models import FacilityType
from shequ.facilities.services import FacilityData, facility_create

WEEKDAY_HOURS = "09:30-13:30 16:00-20:00"


def facility_data(unit, *, type_code="ZH-DQ", name="党群服务中心", area="500", hours=None, also_serves=(), **values):
    hours = hours if hours is not None else {day: WEEKDAY_HOURS for day in range(5)}
    periods = [period for day, text in hours.items() for period in periods_parse(text, weekday=day)]
    return FacilityData(
        unit=unit,
        type=FacilityType.objects.get(code=type_code),
        values={"name": name, "building_area": Decimal(area), "activity_area": Decimal(area) * Decimal("0.6")} | values,
        periods=periods,
        also_serves=list(also_serves),
    )


@pytest.fixture
def make_facility(users):
    def make(unit, *, acting_user=None, **kwargs):
        return facility_create(data=facility_data(unit, **kwargs), acting_user=acting_user or users["county_admin"])

    return make
