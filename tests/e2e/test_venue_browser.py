"""On a phone, a village worker opens a room of their unit's facility, books it in the week
calendar's form, and the booking shows in the week."""

import pytest

from shequ.facilities.services import facility_create
from shequ.venues.models import Room, VenueBooking
from shequ.venues.workflow import Status
from tests.e2e.conftest import BROWSER_TESTS
from tests.e2e.test_service_hall_browser import signed_in
from tests.facilities.conftest import facility_data
from tests.venues.conftest import next_weekday_at

pytestmark = BROWSER_TESTS


@pytest.mark.django_db(transaction=True)
def test_village_worker_books_a_room_of_a_facility(browser, live_server, users, regions):
    from shequ.facilities.catalogue import catalogue_load

    catalogue_load()  # the data migration's rows do not survive a transactional test's flush
    facility = facility_create(data=facility_data(regions["652327100003"]), acting_user=users["county_admin"])
    room = Room.objects.create(facility=facility, name="多功能活动室", capacity=60)
    csp_violations = []
    page = signed_in(browser, live_server, "worker_wenhualu", csp_violations)
    page.goto(f"{live_server.url}/venues/")
    page.get_by_role("link", name=f"{room.facility.name} · {room.name}").click()
    day = next_weekday_at(10).date()
    page.fill("#id_day", day.isoformat())
    page.fill("#id_start", "10:00")
    page.fill("#id_end", "11:30")
    page.fill("#id_attendees", "25")
    page.fill("#id_purpose", "老年书法班")
    page.fill("#id_organisation", "文化路老年协会")
    page.get_by_role("button", name="提交预约").click()
    page.get_by_text("预约成功").wait_for()
    assert "老年书法班" in page.content()
    booking = VenueBooking.objects.get()
    assert booking.status == Status.CONFIRMED and booking.organisation == "文化路老年协会"
    assert csp_violations == []
