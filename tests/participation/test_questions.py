"""Questions route to their desk, carry a working-day deadline, show overdue on the workbench and
are rated by their asker; each desk sees only its own."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from shequ.accounts.models import Department
from shequ.core.models import CalendarYear
from shequ.core.workflow import TransitionForbidden, calendar_year_changed
from shequ.participation.models import Question
from shequ.participation.selectors import question_panel, questions_for_desk, questions_public
from shequ.participation.services import question_answer, question_ask, question_rate
from shequ.participation.workflow import QuestionStatus
from tests.conftest import WENHUALU
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def ask(users, **fields):
    return question_ask(acting_user=users["resident"], text="我家能不能申请低保？", **fields)


def test_a_question_goes_to_the_askers_unit_with_a_working_day_deadline(users, residents, settings):
    settings.QUESTION_ANSWER_DAYS = 3
    question = ask(users)
    assert question.scope_code == WENHUALU and question.department == ""
    assert question.due_at > question.asked_at + timedelta(days=2)
    assert question in questions_for_desk(user=users["worker_wenhualu"])
    assert question not in questions_for_desk(user=users["worker_xindi"])
    assert question not in questions_for_desk(user=users["county_jy"])


def test_a_question_for_a_department_is_answered_there_not_by_another_department(users, residents):
    question = ask(users, department=Department.EDUCATION)
    assert question in questions_for_desk(user=users["county_jy"])
    with pytest.raises(PermissionDenied):
        question_answer(question=question, acting_user=users["county_mz"], answer="请咨询教育局。")
    with pytest.raises(PermissionDenied):
        question_answer(question=question, acting_user=users["worker_wenhualu"], answer="不清楚。")
    question_answer(question=question, acting_user=users["county_jy"], answer="可以申请教育资助。")
    assert Question.objects.get().status == QuestionStatus.ANSWERED


def test_overdue_questions_show_on_the_workbench_panel(users, residents):
    question = ask(users)
    Question.objects.filter(pk=question.pk).update(due_at=timezone.now() - timedelta(hours=1))
    ask(users)
    panel = question_panel(user=users["worker_wenhualu"], today=timezone.localdate())
    assert panel["question_counts"] == {"open": 2, "overdue": 1}
    assert [overdue.pk for overdue in panel["overdue_questions"]] == [question.pk]
    assert question_panel(user=users["resident"], today=timezone.localdate()) is None


def test_the_asker_rates_an_answered_question_once(users, residents):
    question = ask(users, public=True)
    with pytest.raises(TransitionForbidden):
        question_rate(question=question, acting_user=users["resident"], score=5)
    question_answer(question=question, acting_user=users["worker_wenhualu"], answer="符合条件可申请。")
    with pytest.raises(PermissionDenied):
        question_rate(question=question, acting_user=users["worker_wenhualu"], score=1)
    question_rate(question=question, acting_user=users["resident"], score=4, note="清楚")
    with pytest.raises(TransitionForbidden):
        question_rate(question=question, acting_user=users["resident"], score=5)
    assert Question.objects.get().score == 4
    assert list(questions_public()) == [question]


def test_a_private_question_is_never_published(users, residents):
    question = ask(users, public=False)
    question_answer(question=question, acting_user=users["worker_wenhualu"], answer="可以。")
    assert list(questions_public()) == []


def test_only_residents_with_a_household_ask(users):
    with pytest.raises(PermissionDenied):
        question_ask(acting_user=users["worker_wenhualu"], text="这是工作人员的问题")
    with pytest.raises(PermissionDenied):
        question_ask(acting_user=UserFactory(), text="没有登记家庭的账号")


def test_the_api_asks_answers_and_refuses_a_second_answer(users, residents, login):
    resident, worker = login(users["resident"]), login(users["worker_wenhualu"])
    asked = resident.post(
        "/api/v1/questions/", {"text": "医保怎么缴费？", "public": True}, content_type="application/json"
    )
    assert asked.status_code == 201
    pk = asked.json()["id"]
    assert login(users["worker_xindi"]).post(f"/api/v1/questions/{pk}/answer/", {"answer": "x"}).status_code == 404
    assert worker.post(f"/api/v1/questions/{pk}/answer/", {"answer": "到社区缴费。"}).status_code == 200
    second = worker.post(f"/api/v1/questions/{pk}/answer/", {"answer": "再答一次"})
    assert second.status_code == 409 and second.json()["code"] == "participation.transition_forbidden"
    assert resident.post(f"/api/v1/questions/{pk}/rate/", {"score": 5}).json()["status"] == QuestionStatus.RATED
    too_short = resident.post("/api/v1/questions/", {"text": "低保"}, content_type="application/json")
    assert too_short.status_code == 400


def test_the_pages_let_a_resident_ask_and_a_worker_answer(users, residents, login):
    resident, worker = login(users["resident"]), login(users["worker_wenhualu"])
    response = resident.post("/questions/", {"text": "高龄津贴什么时候发？", "department": ""})
    question = Question.objects.get()
    assert response.status_code == 302
    assert "高龄津贴" in worker.get("/work/questions/").content.decode()
    worker.post(f"/work/questions/{question.pk}/", {"answer": "每月10日前发放。"})
    assert "每月10日前发放" in resident.get(f"/questions/{question.pk}/").content.decode()
    assert resident.get(f"/work/questions/{question.pk}/").status_code == 403
    rejected = resident.post("/questions/", {"text": "短"})
    assert rejected.status_code == 200 and "短" in rejected.content.decode()


def test_the_policy_api_returns_ranked_highlighted_results(users, login):
    from shequ.participation.services import policy_create

    policy = policy_create(acting_user=users["county_admin"], title="低保<标准>", body="低保标准每月700元。")
    results = login(users["resident"]).get("/api/v1/policies/", {"q": "db"}).json()["results"]
    assert [(row["id"], row["title"]) for row in results] == [(policy.pk, "低保<标准>")]
    assert results[0]["snippet"].startswith("<mark>低保</mark>")
    assert "<mark>" in login(users["resident"]).get("/policies/", {"q": "低保"}).content.decode()


def test_a_question_asked_before_next_years_holidays_are_entered_gets_its_due_time_when_they_are(
    users, residents, settings, monkeypatch
):
    settings.QUESTION_ANSWER_DAYS = 3
    asked = datetime(2026, 12, 30, 10, 0, tzinfo=SHANGHAI)
    monkeypatch.setattr("django.utils.timezone.now", lambda: asked)
    question = ask(users)
    assert question.due_at is None and question.calendar_missing == 2027
    CalendarYear.objects.create(year=2027, source="测试")
    assert calendar_year_changed(2027)["participation.questions"] == 1
    question.refresh_from_db()
    assert question.calendar_missing is None
    assert question.due_at == datetime(2027, 1, 4, 10, 0, tzinfo=SHANGHAI)
