"""The facility template round trip: a file with any bad row writes nothing and lists every error
by row and column; a good one registers every facility with its hours and shares."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from shequ.facilities.models import Facility
from shequ.facilities.spreadsheets import (
    COLUMNS,
    ImportRejected,
    facilities_export,
    facilities_import,
    facilities_template_workbook,
)
from tests.conftest import MANCHENGLU, WENHUALU, XINDI

GOOD = {
    "unit": WENHUALU,
    "type": "ZH-DQ",
    "name": "文化路党群服务中心",
    "building_area": 800,
    "activity_area": 500,
    "ownership": "自有",
    "barrier_free": "是",
    "serves": MANCHENGLU,
    **{f"day{day}": "09:30-13:30 16:00-20:00" for day in range(5)},
    "day5": "10:00-14:00",
}


def upload(*rows: dict) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    headers = load_workbook(BytesIO(facilities_template_workbook())).active[1]
    sheet.append([cell.value for cell in headers])
    for row in rows:
        sheet.append([row.get(column.key) for column in COLUMNS])
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("facilities.xlsx", buffer.getvalue())


@pytest.mark.django_db
def test_a_good_file_registers_every_facility_with_hours_and_shares(users):
    second = GOOD | {"name": "文化路日间照料中心", "type": "日间照料中心", "serves": "", "day4": "10:00-13:00"}
    assert facilities_import(file=upload(GOOD, second), acting_user=users["worker_wenhualu"]) == 2
    centre = Facility.objects.get(name="文化路党群服务中心")
    assert centre.barrier_free and centre.min_daily_open_hours == 8
    assert sorted(centre.served.values_list("unit_code", flat=True)) == [MANCHENGLU, WENHUALU]
    assert centre.opening_periods.filter(weekday=5).count() == 1
    assert Facility.objects.get(name="文化路日间照料中心").short_hours


@pytest.mark.django_db
def test_one_bad_row_writes_nothing_and_every_error_is_listed_by_row_and_column(users):
    bad_rows = (
        GOOD | {"name": "好的一行"},
        GOOD | {"name": "面积错", "building_area": "很大", "day2": "9点到5点"},
        GOOD | {"name": "别人的", "unit": XINDI},
        GOOD | {"name": "好的一行", "activity_area": 900, "type": "不存在", "barrier_free": "也许"},
    )
    with pytest.raises(ImportRejected) as rejected:
        facilities_import(file=upload(*bad_rows), acting_user=users["worker_wenhualu"])
    found = {(error.row, error.column) for error in rejected.value.errors}
    assert found == {
        (3, "总建筑面积（㎡）"),
        (3, "星期三"),
        (4, "村（社区）代码"),
        (5, "设施类型"),
        (5, "无障碍设施"),
        (5, "名称"),  # the same name as row 2 in the same unit
    }
    assert not Facility.objects.exists()


@pytest.mark.django_db
def test_activity_area_larger_than_the_building_is_blamed_on_its_column(users):
    with pytest.raises(ImportRejected) as rejected:
        facilities_import(file=upload(GOOD | {"activity_area": 900}), acting_user=users["worker_wenhualu"])
    assert [(error.row, error.column) for error in rejected.value.errors] == [(2, "居民活动区域面积（㎡）")]


@pytest.mark.django_db
def test_uyghur_errors_for_a_uyghur_user(users, client):
    from django.utils import translation

    with translation.override("ug"):
        with pytest.raises(ImportRejected) as rejected:
            facilities_import(file=upload(GOOD | {"unit": XINDI}), acting_user=users["worker_wenhualu"])
    assert rejected.value.errors[0].message != "不在您的管辖范围内"


@pytest.mark.django_db
def test_the_export_holds_only_what_the_user_may_see_and_imports_again(users, regions):
    facilities_import(file=upload(GOOD), acting_user=users["worker_wenhualu"])
    facilities_import(file=upload(GOOD | {"unit": XINDI, "serves": ""}), acting_user=users["county_admin"])
    sheet = load_workbook(BytesIO(facilities_export(acting_user=users["worker_wenhualu"]))).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(row[1], row[3]) for row in rows] == [(WENHUALU, "文化路党群服务中心")]
    assert rows[0][-2] == "10:00-14:00" and rows[0][-1] == "休息"
