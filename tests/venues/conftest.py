from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from shequ.facilities.services import facility_create
from shequ.venues.models import Room
from tests.facilities.conftest import facility_data

WENHUALU = "652327100003"


@pytest.fixture
def make_room(users, regions):
    def make(unit_code=WENHUALU, *, name="多功能活动室", needs_approval=False, capacity=40, facility=None):
        if facility is None:
            facility = facility_create(
                data=facility_data(regions[unit_code], name=f"{unit_code}党群服务中心"),
                acting_user=users["county_admin"],
            )
        return Room.objects.create(facility=facility, name=name, capacity=capacity, needs_approval=needs_approval)

    return make


def next_weekday_at(hour: int, minute: int = 0, *, weekday: int = 1) -> datetime:
    """A time next week on the given weekday (Tuesday by default), when the test facility is open
    (09:30–13:30, 16:00–20:00 on working days)."""
    today = timezone.localdate()
    day = today + timedelta(days=7 - today.weekday() + weekday)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))
