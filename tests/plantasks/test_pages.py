"""The pages in both languages: the matrix with its progress and the typo's note, a task's page with
the lead form, a party's own items, an item's report form (keeping what was typed when refused),
民政局's review queue, major matters, responsibility lists, the scoring table, and the xlsx exports."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from shequ.plantasks.models import ProgressReport, ScoringCriterion
from shequ.plantasks.services import ReportData, progress_report_save
from shequ.plantasks.workflow import ReportStatus

pytestmark = pytest.mark.django_db
PAGES = ["", "tasks/task-11/", "mine/", "review/", "matters/", "lists/", "scores/?year=2026"]


@pytest.mark.parametrize("language", ["zh-hans", "ug"])
def test_every_page_renders_in_both_languages(make_item, plan_users, login, language):
    make_item(department="zzb")
    ScoringCriterion.objects.create(code="reports", name="按时报送", source="reports", weight=30)
    client = login(plan_users["county_mz"])
    client.cookies["django_language"] = language
    for page in PAGES:
        answer = client.get(f"/work/plan-tasks/{page}")
        assert answer.status_code == 200, page
        assert f'lang="{language}"' in answer.content.decode(), page
    matrix = client.get("/work/plan-tasks/").content.decode()
    if language == "ug":
        assert 'dir="rtl"' in matrix and "ناھىيەلىك" in matrix
    else:
        assert "县委组织部" in matrix and "统战都" in matrix


def test_the_task_page_shows_the_plans_words_and_the_typo_note(plan_users, login):
    page = login(plan_users["county_mz"]).get("/work/plan-tasks/tasks/task-11/").content.decode()
    assert "统战都" in page and "笔误" in page and "未指定（方案：按职责分工负责）" in page
    assert 'name="department"' in page  # 民政局 may mark a lead


def test_a_department_adds_its_own_item_and_a_refused_form_keeps_the_text(plan_users, login):
    client = login(plan_users["county_zzb"])
    refused = client.post(
        "/work/plan-tasks/tasks/task-01/?year=2026",
        {"department": "zzb", "title": "书记培训", "target": "全覆盖", "due_on": "2027-03-01"},
    )
    assert (
        refused.status_code == 200
        and "2026" in refused.content.decode()
        and 'value="书记培训"' in refused.content.decode()
    )
    saved = client.post(
        "/work/plan-tasks/tasks/task-01/?year=2026",
        {"department": "zzb", "title": "书记培训", "target": "全覆盖", "due_on": "2026-11-01"},
    )
    assert saved.status_code == 302
    assert "书记培训" in client.get("/work/plan-tasks/mine/?year=2026").content.decode()


def test_the_report_form_submits_and_keeps_text_when_refused(make_item, plan_users, login):
    item = make_item(department="zzb")
    client = login(plan_users["county_zzb"])
    refused = client.post(
        f"/work/plan-tasks/items/{item.pk}/",
        {"period_index": "1", "text": "召开会议", "figures": "会议 两次", "submit": "1"},
    )
    assert refused.status_code == 200 and "召开会议" in refused.content.decode()
    assert not ProgressReport.objects.exists()
    answer = client.post(
        f"/work/plan-tasks/items/{item.pk}/",
        {"period_index": "1", "text": "召开会议", "figures": "会议: 2 次", "percent_done": "40", "submit": "1"},
    )
    assert answer.status_code == 302
    report = ProgressReport.objects.get()
    assert report.status == ReportStatus.SUBMITTED and report.figures == [["会议", "2", "次"]]


def test_civil_affairs_returns_a_report_from_the_queue(make_item, plan_users, login):
    item = make_item(department="zzb")
    report = progress_report_save(
        item=item, period_index=1, data=ReportData("进展"), acting_user=plan_users["county_zzb"], submit=True
    )
    client = login(plan_users["county_mz"])
    assert item.title in client.get("/work/plan-tasks/review/").content.decode()
    client.post(f"/work/plan-tasks/reports/{report.pk}/return/", {"note": "", "next": "review"})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED  # no reason: refused
    client.post(f"/work/plan-tasks/reports/{report.pk}/return/", {"note": "请补充数据", "next": "review"})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert login(plan_users["county_zzb"]).get("/work/plan-tasks/review/").status_code == 403


def test_the_exports_open_and_match_the_pages(make_item, plan_users, login):
    make_item(department="zzb")
    client = login(plan_users["county_mz"])
    matrix = load_workbook(BytesIO(b"".join(client.get("/work/plan-tasks/matrix.xlsx?year=2026").streaming_content)))
    rows = list(matrix.active.values)
    assert len(rows[0]) == 16 and len(rows) == 1 + 32 + 1  # header, the plan's departments, 各乡镇人民政府
    tzb = next(row for row in rows if row[0] == "县委统战部")
    assert "统战都" in tzb[11] and "笔误" in tzb[11]
    ScoringCriterion.objects.create(code="reports", name="按时报送", source="reports", weight=30)
    scores = load_workbook(BytesIO(b"".join(client.get("/work/plan-tasks/scores.xlsx?year=2026").streaming_content)))
    assert next(iter(scores.active.values))[:2] == ("考核对象", "按时报送（30.00）")
