"""The worker template round trip: one bad row writes nothing and every error is listed by row and
column; a good file registers everyone; the export holds only what the user may see."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from shequ.facilities.spreadsheets import ImportRejected
from shequ.workforce.models import Worker
from shequ.workforce.spreadsheets import COLUMNS, workers_export, workers_import, workers_template_workbook
from tests.conftest import WENHUALU, XINDI

GOOD = {
    "unit": WENHUALU,
    "name": "张三",
    "post": "正职",
    "service_start": "2018-03-01",
    "education": "本科",
    "qualification": "社会工作师",
    "party_committee": "是",
    "residents_committee": "是",
    "one_shoulder": "是",
    "social_insurance": "是",
}


def upload(*rows: dict) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([cell.value for cell in load_workbook(BytesIO(workers_template_workbook())).active[1]])
    for row in rows:
        sheet.append([row.get(column.key) for column in COLUMNS])
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("workers.xlsx", buffer.getvalue())


@pytest.mark.django_db
def test_a_good_file_registers_every_worker(users):
    station = {"unit": "652327100", "name": "李四", "employer": "乡镇（街道）社工站", "qualification": "助理社会工作师"}
    assert workers_import(file=upload(GOOD, station), acting_user=users["township_jms"]) == 2
    secretary = Worker.objects.get(name="张三")
    assert (secretary.post, secretary.education.code, secretary.qualification.code) == (
        "principal",
        "bachelor",
        "social_worker",
    )
    assert secretary.one_shoulder and secretary.scope_code == WENHUALU
    assert Worker.objects.get(name="李四").post == ""


@pytest.mark.django_db
def test_one_bad_row_writes_nothing_and_every_error_is_listed_by_row_and_column(users):
    rows = (
        GOOD,
        GOOD | {"name": "王五", "post": "组长", "service_start": "去年"},
        GOOD | {"name": "赵六", "unit": XINDI},
        GOOD | {"name": "钱七", "residents_committee": "否", "social_insurance": "也许"},
        GOOD | {"name": "孙八", "post": ""},
    )
    with pytest.raises(ImportRejected) as rejected:
        workers_import(file=upload(*rows), acting_user=users["worker_wenhualu"])
    assert {(error.row, error.column) for error in rejected.value.errors} == {
        (3, "岗位"),
        (3, "参加社区工作时间"),
        (4, "区划代码"),
        (5, "参加社会保险"),
        (6, "岗位"),
    }
    assert not Worker.objects.exists()
    # A row whose cells read well but break a rule of the registry is blamed on its column too.
    with pytest.raises(ImportRejected) as rejected:
        workers_import(file=upload(GOOD | {"residents_committee": "否"}), acting_user=users["worker_wenhualu"])
    assert [(error.row, error.column) for error in rejected.value.errors] == [(2, "书记、主任“一肩挑”")]
    assert not Worker.objects.exists()


@pytest.mark.django_db
def test_the_export_holds_only_the_users_scope(users, make_worker):
    make_worker(WENHUALU, name="文化路的")
    make_worker(XINDI, name="新地的")
    sheet = load_workbook(BytesIO(workers_export(acting_user=users["worker_wenhualu"]))).active
    names = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["文化路的"]
