from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from shequ.core.models import DomainEvent
from shequ.core.workdays import UnknownCalendarYear, add_workdays
from shequ.feedback import services as feedback_services
from shequ.feedback.models import Rating, Rectification
from shequ.feedback.services import AlreadyRated, rating_create, ratings_apply_defaults
from shequ.notifications.models import Notification
from shequ.services.services import application_submit, application_transition
from tests.feedback.conftest import local


def rate(application, user, level=5, **extra):
    return rating_create(target_type="application", target_id=application.pk, level=level, acting_user=user, **extra)


def due(start: date, days: int) -> date | None:
    try:
        return add_workdays(start, days)
    except UnknownCalendarYear:
        return None


def test_resident_rates_a_completed_application_with_a_snapshot(application, users, residents, item):
    rating = rate(application, users["resident"], 5, efficiency=5, attitude=4, convenience=3, comment=" 很快 ")
    rating.refresh_from_db()
    assert (rating.level, rating.get_level_display(), rating.is_bad, rating.is_default) == (5, "非常满意", False, False)
    assert (rating.efficiency, rating.attitude, rating.convenience, rating.comment) == (5, 4, 3, "很快")
    assert rating.rater == users["resident"] and rating.resident == residents["zhangsan"]
    assert (rating.service, rating.department, rating.region) == (item, "mzj", residents["zhangsan"].region)
    assert rating.worker == users["worker_wenhualu"] and rating.finished_at == application.completed_at
    assert not Rectification.objects.exists()
    assert DomainEvent.objects.filter(verb="rating.created", target_id=str(rating.pk)).exists()


def test_a_household_member_may_rate_too(complete, users, residents, item):
    # 张三's account rates his wife's application, registered for her at the window: same household.
    wifes = complete(residents["wife"], item)
    rating = rate(wifes, users["resident"], 4)
    assert (rating.level, rating.resident, rating.rater) == (4, residents["wife"], users["resident"])


def test_rating_twice_is_refused_with_a_clear_message(application, users):
    rate(application, users["resident"], 5)
    with pytest.raises(AlreadyRated) as refused:
        rate(application, users["resident"], 1)
    assert "只能评价一次" in refused.value.messages[0]
    assert Rating.objects.get().level == 5


def test_a_simultaneous_second_rating_meets_the_database_constraint(application, users, monkeypatch):
    rate(application, users["resident"], 5)
    monkeypatch.setattr(feedback_services, "_rated", lambda target: False)  # both passed the check
    with pytest.raises(AlreadyRated):
        rate(application, users["resident"], 1)
    assert Rating.objects.count() == 1 and not Rectification.objects.exists()


def test_someone_elses_or_a_missing_target_is_denied_alike(complete, users, residents, item):
    wangwu_application = complete(residents["wangwu"], item)
    with pytest.raises(PermissionDenied):
        rate(wangwu_application, users["resident"])
    with pytest.raises(PermissionDenied):
        rating_create(target_type="application", target_id=999999, level=5, acting_user=users["resident"])
    with pytest.raises(PermissionDenied):
        rating_create(target_type="nonsense", target_id=1, level=5, acting_user=users["resident"])


@pytest.mark.parametrize("staff", ["worker_wenhualu", "county_mz", "admin"])
def test_staff_cannot_rate_on_a_residents_behalf(application, users, staff):
    with pytest.raises(PermissionDenied):
        rate(application, users[staff])


def test_an_unfinished_application_cannot_be_rated(residents, users, item):
    application = application_submit(service=item, applicant=residents["zhangsan"], acting_user=users["resident"])
    application_transition(application=application, to="accepted", acting_user=users["worker_wenhualu"])
    with pytest.raises(ValidationError) as refused:
        rate(application, users["resident"])
    assert "尚未办结" in refused.value.messages[0]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"level": 0}, "level"),
        ({"level": 6}, "level"),
        ({"level": None}, "level"),
        ({"level": "x"}, "level"),
        ({"level": 5, "efficiency": 9}, "efficiency"),
        ({"level": 5, "attitude": 0}, "attitude"),
        ({"level": 5, "comment": "长" * 501}, "comment"),
    ],
)
def test_values_are_validated(application, users, values, field):
    with pytest.raises(ValidationError) as refused:
        rating_create(target_type="application", target_id=application.pk, acting_user=users["resident"], **values)
    assert field in refused.value.message_dict
    assert not Rating.objects.exists()


def test_a_bad_rating_opens_a_rectification_and_tells_the_units_head(
    application, users, head, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rating = rate(application, users["resident"], 2, comment="等了很久", today=date(2026, 9, 30))
    rectification = rating.rectification
    assert rectification.status == "return_visit_pending" and rectification.opened_on == date(2026, 9, 30)
    # 1 working day after 30 September is 8 October (国庆); 15 working days (Saturday 10 October counts): 27 October.
    assert rectification.return_visit_due == date(2026, 10, 8)
    assert rectification.rectify_due == date(2026, 10, 27)
    assert rectification.calendar_missing is None
    assert list(rectification.history.values_list("from_status", "to_status")) == [("", "return_visit_pending")]
    notice = Notification.objects.get(recipient=head, key="feedback.bad_rating")
    # The rated worker is not the one asked to handle it.
    assert not Notification.objects.filter(recipient=users["worker_wenhualu"], key="feedback.bad_rating").exists()
    assert notice.link == f"/work/rectifications/{rectification.pk}/" and "2026-10-08" in notice.body


def test_due_dates_default_to_today_and_follow_the_settings(application, users, settings):
    settings.RETURN_VISIT_DAYS, settings.RECTIFY_DAYS = 2, 5
    rectification = rate(application, users["resident"], 1).rectification
    assert rectification.return_visit_due == due(rectification.opened_on, 2)
    assert rectification.rectify_due == due(rectification.opened_on, 5)


def test_due_dates_wait_for_an_unknown_years_calendar(application, users):
    rectification = rate(application, users["resident"], 1, today=date(2027, 12, 20)).rectification
    assert (rectification.return_visit_due, rectification.rectify_due, rectification.calendar_missing) == (
        None,
        None,
        2027,
    )


def test_without_a_head_the_township_hears_of_the_bad_rating(application, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rate(application, users["resident"], 1)
    assert list(
        Notification.objects.values_list("recipient__username", flat=True).filter(key="feedback.bad_rating")
    ) == ["township_jms"]


# 2026: 国庆 1–7 October off, Saturday 10 October a working day. Finished on Wednesday 30 September,
# the 5th working day after is Tuesday 13 October (8, 9, 10, 12, 13).
def test_default_rating_after_five_working_days_around_national_day(complete, residents, users, item):
    finished = complete(residents["zhangsan"], item, completed_at=local(2026, 9, 30))
    rated = complete(residents["zhangsan"], item, completed_at=local(2026, 9, 30))
    rate(rated, users["resident"], 3)
    open_application = application_submit(service=item, applicant=residents["zhangsan"], acting_user=users["resident"])

    assert ratings_apply_defaults(today=date(2026, 10, 7)) == 0
    assert ratings_apply_defaults(today=date(2026, 10, 12)) == 0
    assert not Rating.objects.filter(target_id=finished.pk).exists()

    assert ratings_apply_defaults(today=date(2026, 10, 13)) == 1
    default = Rating.objects.get(target_type="application", target_id=finished.pk)
    assert (default.level, default.is_default, default.rater, default.get_level_display()) == (4, True, None, "满意")
    assert Rating.objects.get(target_id=rated.pk).level == 3  # the resident's own rating stands
    assert not Rating.objects.filter(target_id=open_application.pk).exists()
    assert DomainEvent.objects.filter(verb="rating.defaulted", target_id=str(default.pk), actor=None).exists()

    assert ratings_apply_defaults(today=date(2026, 10, 14)) == 0  # idempotent
    with pytest.raises(AlreadyRated):
        rate(finished, users["resident"], 1)


def test_default_days_and_level_are_settings(complete, residents, item, settings):
    settings.RATING_DEFAULT_DAYS, settings.RATING_DEFAULT_LEVEL = 1, 5
    finished = complete(residents["zhangsan"], item, completed_at=local(2026, 9, 30))
    assert ratings_apply_defaults(today=date(2026, 10, 8)) == 1
    assert Rating.objects.get(target_id=finished.pk).level == 5


def test_a_bad_default_level_is_refused(settings, db):
    settings.RATING_DEFAULT_LEVEL = 2
    with pytest.raises(Exception, match="RATING_DEFAULT_LEVEL"):
        ratings_apply_defaults(today=date(2026, 10, 8))


def test_default_rating_waits_for_an_unknown_years_calendar(complete, residents, item):
    complete(residents["zhangsan"], item, completed_at=local(2027, 12, 20))
    assert ratings_apply_defaults(today=date(2028, 1, 10)) == 0


def test_management_command(complete, residents, item, capsys):
    complete(residents["zhangsan"], item, completed_at=local(2026, 9, 30))
    call_command("apply_default_ratings", "--today", "2026-10-13")
    assert "1 default rating(s) given." in capsys.readouterr().out
    assert Rating.objects.filter(is_default=True).count() == 1
