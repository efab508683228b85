"""On a phone, a village worker registers a facility of their unit with its opening hours (the page
flags the short Thursday), opens a room of it for booking, and books the room in its week calendar."""

import pytest

from shequ.facilities.models import Facility
from shequ.venues.models import VenueBooking
from shequ.venues.workflow import Status
from tests.e2e.conftest import BROWSER_TESTS
from tests.e2e.test_service_hall_browser import signed_in
from tests.venues.conftest import next_weekday_at

pytestmark = BROWSER_TESTS


@pytest.mark.django_db(transaction=True)
def test_village_worker_adds_a_facility_with_opening_hours_and_books_a_room_of_it(browser, live_server, users):
    from shequ.facilities.catalogue import catalogue_load

    catalogue_load()  # the data migration's rows do not survive a transactional test's flush
    csp_violations = []
    page = signed_in(browser, live_server, "worker_wenhualu", csp_violations)
    page.goto(f"{live_server.url}/work/facilities/")
    page.get_by_role("link", name="登记设施").click()
    page.select_option("#id_type", label="日间照料中心")
    page.fill("#id_name", "文化路日间照料中心")
    page.fill("#id_building_area", "420")
    page.fill("#id_activity_area", "300")
    for day in range(5):
        page.fill(f"#id_day{day}", "09:30-13:30 16:00-20:00")
    page.fill("#id_day3", "10:00-13:00")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已保存").wait_for()
    assert "工作日最短只开放" in page.content()
    facility = Facility.objects.get(name="文化路日间照料中心")
    assert facility.scope_code == "652327100003" and facility.opening_periods.count() == 9

    page.goto(f"{live_server.url}/venues/")
    page.get_by_role("link", name="登记可预约场地").click()
    page.select_option("#id_facility", value=str(facility.pk))
    page.fill("#id_name", "多功能活动室")
    page.fill("#id_capacity", "60")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已保存").wait_for()

    # Within the opening hours of any working day, Thursday's short morning included.
    page.fill("#id_day", next_weekday_at(10).date().isoformat())
    page.fill("#id_start", "10:00")
    page.fill("#id_end", "11:30")
    page.fill("#id_attendees", "25")
    page.fill("#id_purpose", "老年书法班")
    page.fill("#id_organisation", "文化路老年协会")
    page.get_by_role("button", name="提交预约").click()
    page.get_by_text("预约成功").wait_for()
    assert "老年书法班" in page.content()
    booking = VenueBooking.objects.get()
    assert booking.status == Status.CONFIRMED and booking.room.facility == facility
    assert csp_violations == []
