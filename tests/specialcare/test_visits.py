"""Care visits: the next one falls due the group's interval after the latest; overdue and due-soon
lists and the workbench panel follow; refused visits explain themselves and change nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse
from django.utils import timezone

from shequ.specialcare.groups import Group, visit_days
from shequ.specialcare.models import CareVisit
from shequ.specialcare.selectors import care_record_list, visits_due_counts
from shequ.specialcare.services import care_record_end, care_visit_record
from tests.factories import care_record

pytestmark = pytest.mark.django_db


def test_a_new_record_is_due_one_interval_after_its_start(records):
    correction = records["correction"]
    assert correction.next_visit_due == correction.started_on + timedelta(days=30)
    assert correction.is_overdue()
    assert not records["mental"].is_overdue()


def test_a_visit_moves_the_next_due_date_and_an_older_one_does_not(carers, records):
    record, today = records["correction"], timezone.localdate()
    care_visit_record(
        record=record, visited_on=today - timedelta(days=3), kind="home", notes="", acting_user=carers["wenhualu"]
    )
    record.refresh_from_db()
    assert (record.last_visited_on, record.next_visit_due) == (today - timedelta(days=3), today + timedelta(days=27))
    care_visit_record(
        record=record, visited_on=today - timedelta(days=20), kind="phone", notes="补录", acting_user=carers["wenhualu"]
    )
    record.refresh_from_db()
    assert record.next_visit_due == today + timedelta(days=27)
    assert CareVisit.objects.filter(record=record).count() == 2


def test_overdue_and_due_soon_lists(carers, records, settings):
    settings.SPECIALCARE_DUE_SOON_DAYS = 7
    user, today = carers["wenhualu"], timezone.localdate()
    assert list(care_record_list(user=user, due="overdue")) == [records["correction"]]
    assert list(care_record_list(user=user, due="soon")) == []
    mental = records["mental"]
    mental.next_visit_due = today + timedelta(days=7)
    mental.save(update_fields=["next_visit_due"])
    assert list(care_record_list(user=user, due="soon")) == [mental]
    assert visits_due_counts(user=user, today=today) == {"overdue": 1, "soon": 1}
    # The day after the deadline it is overdue, not due soon.
    assert visits_due_counts(user=user, today=today + timedelta(days=8)) == {"overdue": 2, "soon": 0}


def test_an_ended_record_is_never_overdue(carers, records):
    record = records["correction"]
    care_record_end(record=record, ended_on=timezone.localdate(), reason="矫正期满", acting_user=carers["wenhualu"])
    assert visits_due_counts(user=carers["wenhualu"]) == {"overdue": 0, "soon": 0}
    with pytest.raises(ValidationError):
        care_visit_record(
            record=record, visited_on=timezone.localdate(), kind="home", notes="", acting_user=carers["wenhualu"]
        )


def test_refused_visits_change_nothing(carers, records):
    record = records["mental"]
    for day, kind in (
        (timezone.localdate() + timedelta(days=1), "home"),
        (record.started_on - timedelta(days=1), "home"),
        (timezone.localdate(), "x"),
    ):
        with pytest.raises(ValidationError):
            care_visit_record(record=record, visited_on=day, kind=kind, notes="", acting_user=carers["wenhualu"])
    assert not CareVisit.objects.exists()


def test_a_rejected_visit_form_keeps_what_was_typed(carers, records, login):
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    answer = login(carers["wenhualu"]).post(
        reverse("specialcare:visit-add", args=[records["mental"].pk]),
        {"visited_on": future, "kind": "home", "notes": "情绪稳定"},
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "走访日期不能晚于今天" in page and "情绪稳定" in page and future in page


def test_the_api_logs_a_visit(carers, records, login):
    today = timezone.localdate().isoformat()
    answer = login(carers["wenhualu"]).post(
        f"/api/v1/special-care/{records['correction'].pk}/visits/",
        {"visited_on": today, "kind": "talk"},
        content_type="application/json",
    )
    assert answer.status_code == 201 and answer.json()["kind"] == "talk"
    bad = login(carers["wenhualu"]).post(
        f"/api/v1/special-care/{records['correction'].pk}/visits/",
        {"visited_on": "2099-01-01", "kind": "talk"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "visited_on" in bad.json()


def test_the_workbench_shows_the_duty_holder_their_due_visits(users, carers, records, login):
    page = login(carers["wenhualu"]).get(reverse("web:workbench")).content.decode()
    assert reverse("specialcare:overdue") in page
    assert (
        reverse("specialcare:overdue")
        not in login(users["worker_wenhualu"]).get(reverse("web:workbench")).content.decode()
    )


def test_required_guardian_and_supervision_dates(carers, residents):
    with pytest.raises(ValidationError) as refused:
        care_record(residents["wife"], Group.MENTAL, carers["wenhualu"], guardian_name="")
    assert "guardian_name" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        care_record(residents["wife"], Group.CORRECTION, carers["wenhualu"], supervision_ends_on=None)
    assert "supervision_ends_on" in refused.value.message_dict


def test_one_active_record_per_person_and_group(carers, residents, records):
    with pytest.raises(ValidationError):
        care_record(residents["zhangsan"], Group.CORRECTION, carers["wenhualu"])


def test_the_intervals_are_configurable(settings):
    assert visit_days(Group.RELEASED) == 90
    settings.SPECIALCARE_VISIT_DAYS = "released=60, mental=14"
    assert (visit_days(Group.RELEASED), visit_days(Group.MENTAL), visit_days(Group.CORRECTION)) == (60, 14, 30)
    settings.SPECIALCARE_VISIT_DAYS = "prisoners=60"
    with pytest.raises(ImproperlyConfigured):
        visit_days(Group.RELEASED)
