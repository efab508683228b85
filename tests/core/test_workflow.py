from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import models

from shequ.core.models import CalendarDay, CalendarYear
from shequ.core.workflow import (
    DEADLINE_RESCHEDULERS,
    Step,
    TransitionForbidden,
    Workflow,
    calendar_year_changed,
    deadline_rescheduler_register,
    workday_deadline_at,
    workday_deadlines,
)
from shequ.feedback.workflow import RECTIFICATION_WORKFLOW
from shequ.services.workflow import APPLICATION_WORKFLOW

SHANGHAI = ZoneInfo("Asia/Shanghai")


class Light(models.TextChoices):
    RED = "red", "红"
    GREEN = "green", "绿"


LIGHTS = Workflow(
    name="lights",
    status=Light,
    transitions={(Light.RED, Light.GREEN): Step("keeper", label="放行"), (Light.GREEN, Light.RED): Step("timer")},
    forbidden_message="灯现在是“%(current)s”，不能变为“%(target)s”",
)


def test_a_step_in_the_table_is_found_and_one_outside_is_forbidden_with_the_apps_code():
    assert LIGHTS.step_for(Light.RED, Light.GREEN).by == "keeper"
    with pytest.raises(TransitionForbidden) as caught:
        LIGHTS.step_for(Light.RED, Light.RED)
    assert caught.value.api_code == "lights.transition_forbidden"
    assert caught.value.message == "灯现在是“红”，不能变为“红”"


def test_next_steps_follow_the_table_and_filter_by_actor():
    assert [target for target, _ in LIGHTS.next_steps(Light.GREEN)] == [Light.RED]
    assert LIGHTS.next_steps(Light.GREEN, by="keeper") == []


def test_the_domains_tables_raise_the_one_error_with_their_own_codes():
    with pytest.raises(TransitionForbidden) as services:
        APPLICATION_WORKFLOW.step_for("completed", "submitted")
    with pytest.raises(TransitionForbidden) as feedback:
        RECTIFICATION_WORKFLOW.step_for("closed", "visited")
    assert (services.value.api_code, feedback.value.api_code) == (
        "services.transition_forbidden",
        "feedback.transition_forbidden",
    )


def test_deadlines_in_working_days_and_the_missing_year():
    dates, missing = workday_deadlines(date(2026, 2, 13), first=1, second=2)
    assert dates == {"first": date(2026, 2, 14), "second": date(2026, 2, 24)} and missing is None


@pytest.mark.django_db
def test_a_deadline_in_an_unknown_year_waits_and_says_which_year():
    dates, missing = workday_deadlines(date(2026, 12, 20), soon=1, later=20)
    assert dates == {"soon": date(2026, 12, 21), "later": None} and missing == 2027


def test_a_deadline_in_working_days_keeps_the_time_of_day():
    friday_morning = datetime(2026, 2, 13, 10, 30, tzinfo=SHANGHAI)
    assert workday_deadline_at(friday_morning, 2) == datetime(2026, 2, 24, 10, 30, tzinfo=SHANGHAI)


@pytest.mark.django_db
def test_entering_a_year_recomputes_what_every_registered_domain_waits_for(monkeypatch):
    monkeypatch.setattr("shequ.core.workflow.DEADLINE_RESCHEDULERS", dict(DEADLINE_RESCHEDULERS))
    seen = []
    deadline_rescheduler_register("lights", lambda year: seen.append(year) or 3)
    year = CalendarYear.objects.create(year=2027, source="测试用安排")
    CalendarDay.objects.create(calendar_year=year, day=date(2027, 1, 1), is_workday=False, name="元旦")
    counts = calendar_year_changed(2027)
    assert seen == [2027]
    assert counts == {
        "services.applications": 0,
        "feedback.rectifications": 0,
        "incidents.incidents": 0,
        "participation.questions": 0,
        "lights": 3,
    }
