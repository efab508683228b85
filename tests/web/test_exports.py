"""Excel exports of the queue page's applications and of ratings: the page's own filter, the
worker's scope, no full ID number or birth date, an audit event, and the row cap."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from shequ.core.models import DomainEvent
from shequ.feedback.services import rating_create
from tests.factories import FINISHED, ApplicationFactory, ServiceItemFactory


@pytest.fixture
def applications(users, residents):
    item = ServiceItemFactory(code="TEST-EXP", name="高龄津贴申领")
    return {
        "zhangsan": ApplicationFactory(service=item, applicant=residents["zhangsan"], acting_user=users["resident"]),
        "wangwu": ApplicationFactory(service=item, applicant=residents["wangwu"], acting_user=users["worker_wenhualu"]),
        "lisi": ApplicationFactory(service=item, applicant=residents["lisi"], acting_user=users["worker_xindi"]),
    }


def rows_of(response) -> list[tuple]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


def test_the_applications_export_is_the_queue_pages_filter_in_scope(applications, users, login):
    client = login(users["worker_wenhualu"])
    rows = rows_of(client.get("/work/applications/export.xlsx", {"queue": "all"}))
    assert rows[0][:4] == ("受理编号", "服务事项", "申请人", "身份证号")
    assert sorted(row[2] for row in rows[1:]) == ["张三", "王五"]  # 李四 is another unit's
    zhangsan = next(row for row in rows if row[2] == "张三")
    assert zhangsan[3] == "652327********0017" and zhangsan[5] == "已提交"
    everything = " ".join(str(value) for row in rows for value in row)
    assert "199001010017" not in everything and "1990-01-01" not in everything and "19900101" not in everything
    searched = rows_of(client.get("/work/applications/export.xlsx", {"queue": "all", "q": "王"}))
    assert [row[2] for row in searched[1:]] == ["王五"]
    event = DomainEvent.objects.filter(verb="applications.exported").latest("id")
    assert event.actor == users["worker_wenhualu"] and event.data == {"queue": "all", "query": "*", "rows": 1}
    assert "导出 Excel" in client.get("/work/applications/").content.decode()


def test_a_grid_worker_exports_their_grid_and_a_resident_nothing(applications, users, login):
    rows = rows_of(login(users["grid_wenhualu"]).get("/work/applications/export.xlsx", {"queue": "to_accept"}))
    assert [row[2] for row in rows[1:]] == ["张三"]
    assert login(users["resident"]).get("/work/applications/export.xlsx").status_code == 403


def test_an_export_over_the_cap_is_refused_with_a_message(applications, users, login, settings):
    settings.EXPORT_MAX_ROWS = 1
    response = login(users["worker_wenhualu"]).get("/work/applications/export.xlsx", {"queue": "all"}, follow=True)
    assert "超过 1 行，请缩小筛选范围后再导出" in response.content.decode()
    assert not DomainEvent.objects.filter(verb="applications.exported").exists()


def test_the_ratings_export_is_scoped_dated_and_audited(users, residents, login):
    item = ServiceItemFactory(code="TEST-RAT", name="居住证明")
    done = ApplicationFactory(
        service=item,
        applicant=residents["zhangsan"],
        acting_user=users["resident"],
        worker=users["worker_wenhualu"],
        steps=FINISHED,
    )
    rating_create(target_type="application", target_id=done.pk, level=2, comment="=1+1", acting_user=users["resident"])
    rows = rows_of(login(users["township_jms"]).get("/work/ratings/export.xlsx"))
    assert rows[0][:3] == ("评价时间", "服务事项", "责任部门")
    assert len(rows) == 2 and rows[1][1] == "居住证明" and rows[1][6] == "不满意" and rows[1][-1] == "待回访"
    assert rows[1][10] == "=1+1"  # kept as text, never a formula
    assert "张三" not in " ".join(str(value) for value in rows[1])  # the rater is not passed on
    assert len(rows_of(login(users["township_xd"]).get("/work/ratings/export.xlsx"))) == 1
    past = rows_of(login(users["township_jms"]).get("/work/ratings/export.xlsx", {"until": "2000-01-01"}))
    assert len(past) == 1  # the header only: the page's date range applies
    assert DomainEvent.objects.filter(verb="ratings.exported").count() == 3
    assert "导出评价明细 Excel" in login(users["township_jms"]).get("/work/ratings/stats/").content.decode()
