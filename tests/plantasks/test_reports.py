"""Progress reports: written by the item's department or township, submitted, accepted or returned
with a reason by 民政局, corrected and submitted again; a step the table lacks is a 409; overdue
periods are reminded once per item and period."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from shequ.core.workflow import TransitionForbidden
from shequ.notifications.models import Notification
from shequ.plantasks.models import OverdueReminder, ProgressReport, ProgressReportEvent, ReportSchedule
from shequ.plantasks.services import ReportData, progress_report_save, progress_report_transition
from shequ.plantasks.workflow import ReportStatus
from tests.factories import png_bytes

pytestmark = pytest.mark.django_db


def _report(item, user, *, index=1, submit=True, **extra):
    return progress_report_save(
        item=item,
        period_index=index,
        data=ReportData("召开联席会议两次", 50, [("会议", Decimal(2), "次")]),
        acting_user=user,
        submit=submit,
        **extra,
    )


def test_a_department_submits_and_civil_affairs_accepts(make_item, plan_users):
    item = make_item(department="zzb")
    report = _report(
        item,
        plan_users["county_zzb"],
        files=[SimpleUploadedFile("会议照片.png", png_bytes(), content_type="image/png")],
    )
    assert report.status == ReportStatus.SUBMITTED and report.first_submitted_at and report.files.count() == 1
    assert report.due_on == date(2026, 4, 10)  # quarterly by default, ten days after the quarter
    progress_report_transition(report=report, to=ReportStatus.ACCEPTED, acting_user=plan_users["county_mz"])
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    steps = list(ProgressReportEvent.objects.filter(report=report).values_list("from_status", "to_status"))
    assert steps == [("", "draft"), ("draft", "submitted"), ("submitted", "accepted")]


def test_returning_needs_a_reason_and_the_party_submits_again(make_item, plan_users):
    item = make_item(department="zzb")
    report = _report(item, plan_users["county_zzb"])
    with pytest.raises(ValidationError):
        progress_report_transition(report=report, to=ReportStatus.RETURNED, acting_user=plan_users["county_mz"])
    progress_report_transition(
        report=report, to=ReportStatus.RETURNED, acting_user=plan_users["county_mz"], note="缺少会议记录"
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED and report.review_note == "缺少会议记录"
    first = report.first_submitted_at
    corrected = _report(item, plan_users["county_zzb"])
    assert corrected.pk == report.pk and corrected.status == ReportStatus.SUBMITTED
    assert corrected.first_submitted_at == first  # on time is judged by the first submission


def test_a_step_the_table_lacks_is_refused(make_item, plan_users):
    report = _report(make_item(department="zzb"), plan_users["county_zzb"])
    progress_report_transition(report=report, to=ReportStatus.ACCEPTED, acting_user=plan_users["county_mz"])
    with pytest.raises(TransitionForbidden):
        progress_report_transition(
            report=report, to=ReportStatus.RETURNED, acting_user=plan_users["county_mz"], note="x"
        )
    with pytest.raises(TransitionForbidden):
        _report(report.item, plan_users["county_zzb"])  # accepted: no longer editable


def test_the_api_answers_409_for_a_forbidden_step(make_item, plan_users, client):
    report = _report(make_item(department="zzb"), plan_users["county_zzb"])
    client.force_login(plan_users["county_mz"])
    assert client.post(f"/api/v1/progress-reports/{report.pk}/accept/").status_code == 200
    answer = client.post(f"/api/v1/progress-reports/{report.pk}/accept/")
    assert answer.status_code == 409 and answer.json()["code"] == "plantasks.transition_forbidden"


def test_only_the_items_party_writes_and_only_civil_affairs_reviews(make_item, plan_users):
    item = make_item(department="zzb")
    with pytest.raises(PermissionDenied):
        _report(item, plan_users["county_jy"])
    with pytest.raises(PermissionDenied):
        _report(item, plan_users["county_mz"])  # 民政局 reviews others' reports, it does not write them
    report = _report(item, plan_users["county_zzb"])
    with pytest.raises(PermissionDenied):
        progress_report_transition(report=report, to=ReportStatus.ACCEPTED, acting_user=plan_users["county_zzb"])


def test_a_refused_report_writes_nothing(make_item, plan_users):
    item = make_item(department="zzb")
    bad = SimpleUploadedFile("会议.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        progress_report_save(
            item=item, period_index=1, data=ReportData("", 120), acting_user=plan_users["county_zzb"], files=[bad]
        )
    assert {"text", "percent_done", "files"} <= set(refused.value.message_dict)
    assert not ProgressReport.objects.exists()


def test_an_item_only_for_a_department_the_task_names(make_item, plan_users):
    with pytest.raises(ValidationError):
        make_item(department="jyj")  # 教育局 is not in task 1's bracket
    with pytest.raises(PermissionDenied):
        make_item(department="mzj", by=plan_users["county_zzb"])  # another department's item


def test_overdue_periods_are_reminded_once(make_item, plan_users, django_capture_on_commit_callbacks):
    late = make_item(department="zzb")
    on_time = make_item(township="652327100", title="乡镇联席会议")
    _report(on_time, plan_users["township_jms"])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_overdue_reports", "--today=2026-04-11")
    assert list(OverdueReminder.objects.values_list("item_id", "period_index")) == [(late.pk, 1)]
    notices = Notification.objects.filter(key="plantasks.report_overdue")
    assert list(notices.values_list("recipient__username", flat=True)) == ["county_zzb"]
    assert notices.get().params == {"task": 1, "period": "2026:quarter-1", "due": "2026-04-10"}
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_overdue_reports", "--today=2026-04-20")
    assert notices.count() == 1  # once per item and period
    call_command("remind_overdue_reports", "--today=2026-07-11")
    assert OverdueReminder.objects.count() == 3  # the next quarter, for both items now


def test_the_period_is_configurable(make_item, plan_users):
    ReportSchedule.objects.create(year=2026, period="half", days_after=15)
    report = _report(make_item(department="zzb"), plan_users["county_zzb"], index=2)
    assert report.period == "half" and report.due_on == date(2027, 1, 15)
    with pytest.raises(ValidationError):
        _report(report.item, plan_users["county_zzb"], index=3)


def test_the_api_writes_and_submits_a_report_of_the_users_own_item(make_item, plan_users, client):
    item = make_item(department="zzb")
    body = {
        "item": item.pk,
        "period_index": 1,
        "text": "召开联席会议",
        "figures": [["会议", "2", "次"]],
        "submit": True,
    }
    client.force_login(plan_users["county_jy"])
    assert client.post("/api/v1/progress-reports/", body, content_type="application/json").status_code == 400
    client.force_login(plan_users["county_zzb"])
    bad = client.post(
        "/api/v1/progress-reports/", body | {"figures": [["会议", "两次", "次"]]}, content_type="application/json"
    )
    assert bad.status_code == 400 and not ProgressReport.objects.exists()
    answer = client.post("/api/v1/progress-reports/", body, content_type="application/json")
    assert answer.status_code == 201 and answer.json()["status"] == "submitted"
    again = client.post("/api/v1/progress-reports/", body, content_type="application/json")
    assert again.status_code == 409


def test_the_api_reports_a_major_matter(plan_users, client):
    client.force_login(plan_users["township_jms"])
    body = {"title": "设施安全隐患", "description": "消防通道堵塞", "occurred_on": "2026-03-01"}
    answer = client.post("/api/v1/major-matters/", body, content_type="application/json")
    assert answer.status_code == 201 and answer.json()["township"] == "652327100"
    client.force_login(plan_users["worker_wenhualu"])
    assert client.post("/api/v1/major-matters/", body, content_type="application/json").status_code == 403
