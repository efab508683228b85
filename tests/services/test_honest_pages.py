"""Pages that say what actually happened: the confirmation after each step, and the worker's case
page with what a worker needs to decide (masked, no per-row queries)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shequ.residents.choices import Relation
from shequ.services.confirmations import confirmation_text
from shequ.services.models import Application
from shequ.services.workflow import Status
from tests.factories import ApplicationFactory, PersonFactory, png_bytes

PDF = b"%PDF-1.4 test\n%%EOF\n"


def _flash(response) -> str:
    """The confirmation the page shows after a step's redirect."""
    return " ".join(str(message) for message in response.context["messages"])


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Status.SUBMITTED, "提交成功，等待受理"),
        (Status.SUPPLEMENT_REQUESTED, "已一次性告知需补正的材料"),
        (Status.NOT_ACCEPTED, "已决定不予受理"),
        (Status.IN_PROGRESS, "已开始办理"),
        (Status.COMPLETED, "已办结"),
        (Status.REJECTED, "已决定不予批准"),
        (Status.WITHDRAWN, "申请已撤回"),
    ],
)
def test_each_status_has_its_own_confirmation(status, expected):
    application = Application(number="SQ1", status=status)
    assert expected in confirmation_text(application) and "已办理" not in confirmation_text(application)


def test_an_accepted_application_is_confirmed_with_its_due_date(users, residents, elderly_allowance):
    application = ApplicationFactory(
        service=elderly_allowance, applicant=residents["zhangsan"], worker=users["worker_wenhualu"], steps=["accepted"]
    )
    assert (
        confirmation_text(application) == f"已受理，办结期限 {application.due_date.isoformat()}（{application.number}）"
    )


def test_the_pages_confirm_what_really_happened(users, residents, elderly_allowance, login):
    resident, worker = login(users["resident"]), login(users["worker_wenhualu"])
    submitted = resident.post(
        f"/services/items/{elderly_allowance.code}/apply/", {"applicant": residents["zhangsan"].pk}, follow=True
    )
    application = Application.objects.get()
    assert _flash(submitted) == f"提交成功，等待受理。受理编号 {application.number}"
    case = f"/work/applications/{application.pk}/"
    accepted = worker.post(case, {"to": "accepted"}, follow=True)
    assert _flash(accepted).startswith("已受理，办结期限")
    assert _flash(worker.post(case, {"to": "in_progress"}, follow=True)).startswith("已开始办理")
    assert _flash(worker.post(case, {"to": "completed"}, follow=True)).startswith("已办结")


def test_a_withdrawal_is_confirmed_as_one(users, residents, elderly_allowance, login):
    application = ApplicationFactory(service=elderly_allowance, applicant=residents["zhangsan"])
    withdrawn = login(users["resident"]).post(
        f"/services/applications/{application.pk}/", {"to": "withdrawn"}, follow=True
    )
    assert _flash(withdrawn).startswith("申请已撤回")


def _with_materials(users, residents, *, images: int, pdfs: int) -> Application:
    """An application of 刘芳's, by her husband, for an item of its own (one open case per item)."""
    files = [SimpleUploadedFile(f"photo{n}.png", png_bytes(), "image/png") for n in range(images)]
    files += [SimpleUploadedFile(f"scan{n}.pdf", PDF, "application/pdf") for n in range(pdfs)]
    return ApplicationFactory(applicant=residents["wife"], acting_user=users["resident"], files=files)


def test_the_case_page_shows_the_applicant_household_and_materials_masked(users, residents, login):
    application = _with_materials(users, residents, images=1, pdfs=1)
    html = login(users["worker_wenhualu"]).get(f"/work/applications/{application.pk}/").content.decode()
    wife = residents["wife"]
    for shown in (
        "刘芳",
        "女",
        f"{wife.age} 岁（1992 年生）",
        "652327********002X",
        wife.phone_masked,
        "残疾人",  # her care tag
        "家庭成员代办",  # submitted by her husband's account
        "00001",
        "文化路1号",
        "张三",
        "户主",
        "配偶",
    ):
        assert shown in html, shown
    pdf, image = application.files.order_by("content_type")  # application/pdf, image/png
    assert f'<img src="/services/materials/{image.pk}/"' in html  # a thumbnail
    assert f'href="/services/materials/{pdf.pk}/"' in html and f'<img src="/services/materials/{pdf.pk}/"' not in html
    assert wife.id_number not in html and wife.phone not in html
    assert "1992-03-04" not in html and "19920304" not in html


def test_the_case_page_says_who_submitted_it(users, residents, elderly_allowance, login):
    by_self = ApplicationFactory(service=elderly_allowance, applicant=residents["zhangsan"])
    at_window = ApplicationFactory(
        service=elderly_allowance, applicant=residents["wangwu"], acting_user=users["worker_wenhualu"]
    )
    worker = login(users["worker_wenhualu"])
    assert "本人申请" in worker.get(f"/work/applications/{by_self.pk}/").content.decode()
    assert "工作人员窗口登记" in worker.get(f"/work/applications/{at_window.pk}/").content.decode()


def _queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    # Session and savepoint bookkeeping aside, every query the page itself ran.
    return [query["sql"] for query in queries if not re.match(r"^(SAVEPOINT|RELEASE)", query["sql"])]


def test_the_case_page_runs_as_many_queries_for_a_large_household_as_for_a_small_one(users, residents, login):
    worker = login(users["worker_wenhualu"])
    small = _with_materials(users, residents, images=1, pdfs=0)
    _queries(worker, f"/work/applications/{small.pk}/")  # the first page of a session fills per-process caches
    small_count = len(_queries(worker, f"/work/applications/{small.pk}/"))
    for number in range(6):
        PersonFactory(household=residents["home"], name=f"孩子{number}", relation=Relation.CHILD)
    large = _with_materials(users, residents, images=3, pdfs=3)
    large_queries = _queries(worker, f"/work/applications/{large.pk}/")
    assert len(large_queries) == small_count, "\n".join(q[:150] for q in large_queries)
