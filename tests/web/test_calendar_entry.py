"""Next year's holiday schedule: the reminder from 1 October, entering the pasted notice with a
confirmation step, and the deadlines (and residents) waiting for the year."""

from datetime import date

import pytest

from shequ.core.calendar import calendar_reminder_year
from shequ.core.models import CalendarDay, CalendarYear, DomainEvent
from shequ.core.workdays import _PACKAGE_YEARS
from shequ.notifications.models import Notification
from shequ.services.services import application_submit
from tests.core.notices import NOTICE_2026
from tests.factories import ServiceItemFactory

# The first year the package does not know, and the notice of the last one it knows re-dated to it
# would not fit (weekdays differ): a notice written for that year with its real weekdays.
NEXT = _PACKAGE_YEARS.stop
LAST_KNOWN = NEXT - 1


def notice_for(year: int) -> str:
    """元旦 on 1–3 January and a make-up Sunday or Saturday after, with the year's real weekdays."""
    names = "一二三四五六日"
    first, third = date(year, 1, 1), date(year, 1, 3)
    return (
        "国务院办公厅关于部分节假日安排的通知\n"
        f"一、元旦：1月1日（周{names[first.weekday()]}）至3日（星期{names[third.weekday()]}）放假调休，共3天。"
        f"1月4日（周{names[date(year, 1, 4).weekday()]}）上班。\n"
    )


@pytest.fixture
def october_first(monkeypatch):
    """Today is 1 October of the package's last year."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: date(LAST_KNOWN, 10, 1))


def test_the_reminder_starts_on_1_october_and_ends_when_the_year_is_entered(db, settings):
    assert calendar_reminder_year(today=date(LAST_KNOWN, 9, 30)) is None
    assert calendar_reminder_year(today=date(LAST_KNOWN, 10, 1)) == NEXT
    assert calendar_reminder_year(today=date(LAST_KNOWN - 1, 12, 1)) is None  # the package knows next year
    settings.CALENDAR_REMINDER_MONTH = 11
    assert calendar_reminder_year(today=date(LAST_KNOWN, 10, 31)) is None
    CalendarYear.objects.create(year=NEXT, source="测试")
    from shequ.core.workdays import calendar_cache_clear

    calendar_cache_clear(NEXT)
    assert calendar_reminder_year(today=date(LAST_KNOWN, 11, 1)) is None


def test_the_banner_is_on_the_administrators_workbench_and_the_queue_pages(users, login, october_first):
    admin = login(users["county_admin"])
    for url in ("/work/", "/work/applications/", "/work/rectifications/"):
        page = admin.get(url).content.decode()
        assert f"{NEXT} 年节假日安排尚未录入" in page and 'href="/work/calendar/"' in page, url
    worker = login(users["worker_wenhualu"])
    assert "节假日安排尚未录入" not in worker.get("/work/").content.decode()
    queue = worker.get("/work/applications/").content.decode()
    assert "节假日安排尚未录入" in queue and 'href="/work/calendar/"' not in queue


def test_no_banner_before_october(users, login, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: date(LAST_KNOWN, 9, 30))
    assert "节假日安排尚未录入" not in login(users["county_admin"]).get("/work/").content.decode()


def test_only_those_who_enter_the_calendar_open_the_page(users, login):
    assert login(users["worker_wenhualu"]).get("/work/calendar/").status_code == 403
    assert login(users["county_admin"]).get("/work/calendar/").status_code == 200


def test_the_parsed_days_are_shown_and_nothing_is_saved_before_confirming(users, login):
    client = login(users["county_admin"])
    values = {"year": NEXT, "source": "国办发明电〔测试〕1号", "notice": notice_for(NEXT), "preview": "1"}
    page = client.post("/work/calendar/", values).content.decode()
    assert f"{NEXT}-01-02" in page and f"{NEXT}-01-04" in page and "元旦调休上班" in page and 'name="confirm"' in page
    assert not CalendarYear.objects.exists()


def test_a_bad_notice_says_which_line_keeps_the_text_and_saves_nothing(users, login):
    client = login(users["county_admin"])
    notice = notice_for(NEXT) + "春节：2月30日至3月2日放假。"
    values = {"year": NEXT, "source": "国办发明电〔测试〕1号", "notice": notice, "confirm": "1"}
    page = client.post("/work/calendar/", values).content.decode()
    assert "第 3 行：没有“2月30日”这一天" in page and "国办发明电〔测试〕1号" in page
    assert not CalendarYear.objects.exists() and not CalendarDay.objects.exists()


def test_a_known_year_is_refused(users, login):
    values = {"year": LAST_KNOWN, "source": "x", "notice": NOTICE_2026, "preview": "1"}
    page = login(users["county_admin"]).post("/work/calendar/", values).content.decode()
    assert f"{LAST_KNOWN} 年的节假日安排已经有了" in page


def test_saving_recomputes_waiting_deadlines_and_tells_the_residents(
    users, residents, login, django_capture_on_commit_callbacks
):
    item = ServiceItemFactory(code="TEST-CAL", name="测试事项", promised_days=5, materials=[])
    application = application_submit(
        service=item, applicant=residents["zhangsan"], acting_user=users["resident"], today=date(LAST_KNOWN, 12, 28)
    )
    assert application.due_date is None and application.calendar_missing == NEXT
    values = {"year": NEXT, "source": "国办发明电〔测试〕1号", "notice": notice_for(NEXT), "confirm": "1"}
    with django_capture_on_commit_callbacks(execute=True):
        response = login(users["county_admin"]).post("/work/calendar/", values)
    assert response.status_code == 302
    year = CalendarYear.objects.get(year=NEXT)
    assert year.entered_by == users["county_admin"] and year.days.filter(is_workday=True).count() == 1
    application.refresh_from_db()
    assert application.calendar_missing is None and application.due_date.year == NEXT
    notice = Notification.objects.get(recipient=users["resident"], key="services.due_date_set")
    assert notice.params == {"number": application.number, "due": application.due_date.isoformat()}
    event = DomainEvent.objects.get(verb="calendar.entered")
    assert event.data["rescheduled"]["services.applications"] == 1 and event.data["workdays"] == 1
