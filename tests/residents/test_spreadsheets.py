"""The resident spreadsheets: template, all-or-nothing import, masked and scoped export."""

import os
import tracemalloc
import zipfile
from datetime import date, datetime
from io import BytesIO

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from shequ.core.masking import mask_sensitive
from shequ.core.models import DomainEvent
from shequ.core.spreadsheets import xlsx_check
from shequ.residents import spreadsheets
from shequ.residents.choices import CareTag, Ethnicity, Gender, Relation
from shequ.residents.id_numbers import check_character
from shequ.residents.models import Household, Person
from shequ.residents.selectors import person_list
from shequ.residents.services import PersonData, person_create
from shequ.residents.spreadsheets import (
    ImportRejected,
    ImportResult,
    RowError,
    residents_export_workbook,
    residents_import,
    residents_template_workbook,
)
from tests.conftest import WENHUALU, XINDI

HEADERS = [
    "村（社区）代码",
    "网格代码",
    "户号",
    "地址",
    "姓名",
    "性别",
    "出生日期",
    "民族",
    "与户主关系",
    "联系电话",
    "身份证号",
    "关爱标签",
]


def id_number(birth: str, sequence: int, *, male: bool, area: str = "652327") -> str:
    first17 = f"{area}{birth}{sequence:02d}{1 if male else 2}"
    return first17 + check_character(first17)


def upload(rows: list[list], headers: list[str] = HEADERS) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(
        "居民.xlsx", buffer.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


ZHAO = id_number("19800101", 1, male=True)
QIAN = id_number("19820202", 2, male=False)
SUN = id_number("19500303", 3, male=True)


def valid_rows() -> list[list]:
    """Two new households in 文化路: 赵六 and his wife 钱七 in grid 1, 孙八 alone without a grid."""
    return [
        [WENHUALU, WENHUALU + "001", "00100", "文化路10号", "赵六", "男", "", "汉族", "户主", "13900001111", ZHAO, ""],
        [
            WENHUALU,
            WENHUALU + "001",
            "00100",
            "文化路10号",
            "钱七",
            "女",
            "1982-02-02",
            "维吾尔族",
            "配偶",
            "",
            QIAN,
            "残疾人、低保/特困",
        ],
        [WENHUALU, "", "00101", "文化路11号", "孙八", "男", datetime(1950, 3, 3), "回族", "户主", "", "", "高龄老人"],
    ]


def counts() -> tuple[int, int, int]:
    return Household.objects.count(), Person.objects.count(), DomainEvent.objects.count()


def rejected(file, user) -> list[RowError]:
    with pytest.raises(ImportRejected) as caught:
        residents_import(file=file, acting_user=user)
    return caught.value.errors


# Template


def test_template_has_the_headers_explanations_and_dropdowns(db):
    workbook = load_workbook(BytesIO(residents_template_workbook()))
    sheet = workbook.worksheets[0]

    assert [cell.value for cell in sheet[1]] == [*HEADERS, "户籍在本县"]
    assert sheet.max_row == 1  # no example row that could be imported by mistake
    explained = [row[0] for row in workbook["说明"].iter_rows(min_row=2, max_row=len(HEADERS) + 2, values_only=True)]
    assert explained == [*HEADERS, "户籍在本县"]
    for header in ("村（社区）代码", "网格代码", "户号", "联系电话", "身份证号"):
        assert sheet.column_dimensions[chr(ord("A") + HEADERS.index(header))].number_format == "@"
    validated = {str(validation.sqref).split(":")[0] for validation in sheet.data_validations.dataValidation}
    assert validated == {"F2", "H2", "I2"}  # 性别, 民族, 与户主关系


def test_the_blank_template_imports_nothing(users):
    file = SimpleUploadedFile("模板.xlsx", residents_template_workbook())

    assert rejected(file, users["worker_wenhualu"]) == [RowError(0, "", "文件中没有要导入的居民")]


# Import


def test_a_valid_file_creates_households_persons_tags_and_one_event(residents, users):
    worker = users["worker_wenhualu"]
    households, persons, events = counts()

    result = residents_import(file=upload(valid_rows()), acting_user=worker)

    assert result == ImportResult(households_created=2, persons_created=3)
    assert counts() == (households + 2, persons + 3, events + 1)
    zhao = Person.objects.get(id_number=ZHAO)
    assert (zhao.name_pinyin, zhao.name_initials, zhao.id_tail_reversed) == ("zhaoliu", "zl", ZHAO[-6:][::-1])
    assert zhao.birth_date == date(1980, 1, 1)  # read from the ID number
    assert (zhao.gender, zhao.relation, zhao.ethnicity) == (Gender.MALE, Relation.HEAD, Ethnicity.HAN)
    assert (zhao.region.code, zhao.grid.code, zhao.household.address) == (WENHUALU, WENHUALU + "001", "文化路10号")
    qian = Person.objects.get(id_number=QIAN)
    assert qian.household_id == zhao.household_id
    assert sorted(qian.tag_codes) == sorted([CareTag.DISABLED, CareTag.SUBSISTENCE])
    sun = Person.objects.get(name="孙八")
    assert (sun.birth_date, sun.grid, sun.id_number, sun.tag_codes) == (
        date(1950, 3, 3),
        None,
        "",
        [CareTag.ELDERLY_ADVANCED],
    )
    event = DomainEvent.objects.get(verb="residents.imported")
    assert (event.actor, event.region_code, event.data) == (worker, WENHUALU, {"households": 2, "persons": 3})
    assert (event.target_type, event.target_id) == ("residents.household", str(zhao.household_id))
    entry = LogEntry.objects.get_for_object(zhao).get()
    assert entry.actor == worker
    assert ZHAO not in str(entry.changes)  # the audit diff is masked


def test_imported_rows_are_audited_as_the_registry_forms_audit_them(residents, users):
    worker = users["worker_wenhualu"]
    by_form = person_create(
        household=residents["home"],
        data=PersonData(
            name="张小三", gender=Gender.MALE, relation=Relation.CHILD, ethnicity=Ethnicity.HAN, id_number=SUN
        ),
        acting_user=worker,
    )

    residents_import(file=upload(valid_rows()), acting_user=worker)

    imported = Person.objects.get(id_number=ZHAO)
    form_entry, import_entry = (LogEntry.objects.get_for_object(person).get() for person in (by_form, imported))
    assert set(import_entry.changes) == set(form_entry.changes)
    assert import_entry.changes["id_number"] == [mask_sensitive(None), mask_sensitive(ZHAO)]
    assert import_entry.changes["phone"] == [mask_sensitive(None), mask_sensitive("13900001111")]
    assert (import_entry.action, import_entry.actor, import_entry.object_repr) == (
        LogEntry.Action.CREATE,
        worker,
        "赵六",
    )
    household = imported.household
    assert LogEntry.objects.get_for_object(household).get().actor == worker
    tags = Person.objects.get(id_number=QIAN).tags.all()
    assert all(LogEntry.objects.get_for_object(tag).get().actor == worker for tag in tags)


def test_persons_are_added_to_a_household_already_registered(residents, users):
    son = id_number("20150505", 5, male=True)
    rows = [[WENHUALU, WENHUALU + "001", "00001", "文化路1号", "张小三", "男", "", "汉族", "子女", "", son, ""]]

    result = residents_import(file=upload(rows), acting_user=users["worker_wenhualu"])

    assert result == ImportResult(households_created=0, persons_created=1)
    assert Person.objects.get(id_number=son).household == residents["home"]


def test_a_registered_household_must_match_and_keeps_its_one_head(residents, users):
    rows = [
        [WENHUALU, WENHUALU + "002", "00001", "文化路1号", "张小三", "男", "", "汉族", "户主", "", SUN, ""],
    ]

    errors = rejected(upload(rows), users["worker_wenhualu"])

    assert [(error.row, error.column) for error in errors] == [(2, "网格代码"), (2, "与户主关系")]
    assert errors[1].message == "该户已有户主"


def test_one_bad_row_among_good_ones_writes_nothing(residents, users):
    rows = valid_rows()
    rows[1][10] = QIAN[:17] + ("0" if QIAN[17] != "0" else "1")  # wrong check digit
    before = counts()

    errors = rejected(upload(rows), users["worker_wenhualu"])

    assert errors == [RowError(3, "身份证号", "身份证号校验位不正确，请核对是否输错")]
    assert counts() == before


def test_errors_are_reported_in_the_active_language(residents, users):
    rows = valid_rows()
    rows[2][5] = "?"
    with translation.override("ug"):
        errors = rejected(upload(rows), users["worker_wenhualu"])
        gender_header = _("性别")

    assert [(error.row, error.column) for error in errors] == [(4, gender_header)]
    assert errors[0].message


def test_duplicates_within_the_file_and_against_the_registry(residents, users):
    rows = valid_rows()
    rows[2][10] = ZHAO  # 孙八 given 赵六's ID number
    rows[2][6] = ""
    rows[1][8] = "户主"  # a second head in 赵六's household
    rows.append(
        [WENHUALU, "", "00102", "文化路12号", "周九", "男", "", "汉族", "户主", "", residents["zhangsan"].id_number, ""]
    )

    errors = rejected(upload(rows), users["worker_wenhualu"])

    assert [(error.row, error.column) for error in errors] == [(3, "与户主关系"), (4, "身份证号"), (5, "身份证号")]
    assert "第 2 行" in errors[0].message
    assert errors[1].message == "与第 2 行的身份证号重复"
    assert errors[2].message == "该身份证号已登记在其他居民名下"


def test_a_new_household_needs_a_head_and_one_address(residents, users):
    rows = valid_rows()
    rows[0][8] = "子女"
    rows[1][3] = "文化路99号"

    errors = rejected(upload(rows), users["worker_wenhualu"])

    assert [(error.row, error.column) for error in errors] == [(2, "与户主关系"), (3, "地址")]


def test_a_unit_outside_the_scope_is_refused_without_saying_whether_it_exists(residents, users):
    rows = valid_rows()
    rows[0][0] = rows[1][0] = WENHUALU  # exists, but belongs to 吉木萨尔镇
    rows[2][0] = "652327100099"  # does not exist anywhere
    before = counts()

    errors = rejected(upload(rows), users["worker_xindi"])

    outside = [(error.row, error.column, error.message) for error in errors if error.column == "村（社区）代码"]
    assert outside == [(row, "村（社区）代码", "不在您的管辖范围内") for row in (2, 3, 4)]
    assert counts() == before


def test_an_unknown_unit_inside_the_scope_is_named_as_unknown(residents, users):
    rows = [[XINDI[:-3] + "299", "", "00009", "新地村9组", "周九", "男", "1990-01-01", "汉族", "户主", "", "", ""]]

    errors = rejected(upload(rows), users["township_xd"])

    assert errors == [RowError(2, "村（社区）代码", "代码 652327205299 不存在")]


@pytest.mark.parametrize("username", ["grid_wenhualu", "resident", "county_mz"])
def test_only_registry_importers_may_import(residents, users, username):
    with pytest.raises(PermissionDenied):
        residents_import(file=upload(valid_rows()), acting_user=users[username])


def test_a_file_that_is_not_a_workbook_is_rejected(users):
    file = SimpleUploadedFile("居民.xlsx", "姓名,身份证号\n赵六,652327198001010011\n".encode())

    errors = rejected(file, users["worker_wenhualu"])

    assert len(errors) == 1
    assert (errors[0].row, errors[0].column) == (0, "")


def test_a_header_that_is_not_the_templates_is_rejected(users):
    headers = [header for header in HEADERS if header != "民族"] + ["备注"]

    errors = rejected(upload([], headers), users["worker_wenhualu"])

    assert {(error.row, error.column) for error in errors} == {(1, "备注"), (1, "民族")}


def test_an_id_number_stored_as_a_number_is_not_trusted(residents, users):
    rows = valid_rows()
    rows[0][10] = int(ZHAO[:15] + "000")  # what Excel keeps of 18 digits typed into a General cell

    errors = rejected(upload(rows), users["worker_wenhualu"])

    assert [(error.row, error.column) for error in errors] == [(2, "身份证号")]


def test_too_many_rows_are_rejected(residents, users, settings):
    settings.IMPORT_MAX_ROWS = 2

    errors = rejected(upload(valid_rows()), users["worker_wenhualu"])

    assert errors == [RowError(0, "", "每个文件最多 2 行，请分成几个文件导入")]
    assert not Person.objects.filter(name="赵六").exists()


def test_empty_rows_are_skipped(residents, users):
    rows = valid_rows()
    rows.insert(1, [None] * len(HEADERS))

    result = residents_import(file=upload(rows), acting_user=users["worker_wenhualu"])

    assert result == ImportResult(households_created=2, persons_created=3)


def test_a_concurrent_registration_rolls_the_whole_import_back(residents, users, monkeypatch):
    validated = spreadsheets._Importer.run

    def run_then_someone_else_registers_qian(importer):
        plans = validated(importer)
        Person.objects.create(
            household=residents["village"],
            region=residents["village"].region,
            name="钱七",
            gender=Gender.FEMALE,
            birth_date=date(1982, 2, 2),
            ethnicity=Ethnicity.HAN,
            relation=Relation.SPOUSE,
            id_number=QIAN,
        )
        return plans

    monkeypatch.setattr(spreadsheets._Importer, "run", run_then_someone_else_registers_qian)
    households, persons, events = counts()

    errors = rejected(upload(valid_rows()), users["worker_wenhualu"])

    assert [(error.row, error.column) for error in errors] == [(0, "")]
    assert counts() == (households, persons + 1, events)  # only the concurrent writer's person
    assert not Person.objects.filter(id_number=ZHAO).exists()


# Export


def export_rows(user) -> list[tuple]:
    sheet = load_workbook(BytesIO(residents_export_workbook(persons=person_list(user=user)))).worksheets[0]
    return list(sheet.iter_rows(values_only=True))


def test_the_export_is_masked_and_scoped(residents, users):
    header, *rows = export_rows(users["worker_xindi"])

    assert "村（社区）名称" in header and "网格名称" in header
    assert len(rows) == 1
    lisi = dict(zip(header, rows[0], strict=True))
    assert lisi["姓名"] == "李四"
    assert lisi["身份证号"] == "652327" + "*" * 8 + "0034"
    assert lisi["联系电话"] == "138****1234"
    assert lisi["关爱标签"] == "脱贫户"
    assert lisi["村（社区）代码"] == XINDI
    flat = {str(value) for row in rows for value in row}
    assert residents["lisi"].id_number not in flat and residents["lisi"].phone not in flat


def test_the_export_of_a_unit_holds_its_persons_and_no_raw_numbers(residents, users):
    header, *rows = export_rows(users["worker_wenhualu"])

    assert sorted(row[header.index("姓名")] for row in rows) == ["刘芳", "张三", "王五"]
    flat = " ".join(str(value) for row in rows for value in row)
    for person in ("zhangsan", "wife", "wangwu"):
        assert residents[person].id_number not in flat
        assert residents[person].phone not in flat


def test_exported_text_never_becomes_a_formula(residents, users):
    Household.objects.filter(pk=residents["village"].pk).update(address='=HYPERLINK("http://x","y")')

    data = residents_export_workbook(persons=person_list(user=users["worker_xindi"]))

    cell = load_workbook(BytesIO(data)).worksheets[0]["F2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x","y")', "s")


def test_a_too_small_declared_sheet_size_still_reads_every_row_and_a_damaged_sheet_is_refused(users, regions):
    import io
    import re
    import zipfile

    from openpyxl import load_workbook

    from shequ.residents.models import Person
    from shequ.residents.spreadsheets import ImportRejected, residents_import, residents_template_workbook

    template = load_workbook(io.BytesIO(residents_template_workbook()))
    sheet = template.worksheets[0]
    rows = [
        ["652327100003", "", "07001", "文化路7号", "赵一", "男", "", "汉族", "户主", "", "652327199001010017", ""],
        ["652327100003", "", "07001", "文化路7号", "钱二", "女", "", "汉族", "配偶", "", "65232719920304002X", ""],
    ]
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    template.save(buffer)
    damaged = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="A1:L2" />', data)
            target.writestr(item, data)
    damaged.name = "residents.xlsx"
    residents_import(file=io.BytesIO(damaged.getvalue()), acting_user=users["worker_wenhualu"])
    assert set(Person.objects.values_list("name", flat=True)) == {"赵一", "钱二"}

    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, data[: len(data) // 2] if item.filename == "xl/worksheets/sheet1.xml" else data)
    with pytest.raises(ImportRejected):
        residents_import(file=io.BytesIO(broken.getvalue()), acting_user=users["worker_wenhualu"])


def _with_sheet_text(workbook_bytes: bytes, old: bytes, new: bytes) -> SimpleUploadedFile:
    """The workbook with `old` replaced by `new` in its first sheet's XML, packed as Excel packs it."""
    packed = BytesIO()
    with zipfile.ZipFile(BytesIO(workbook_bytes)) as source, zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert old in data
                data = data.replace(old, new)
            out.writestr(item.filename, data)
    return SimpleUploadedFile("residents.xlsx", packed.getvalue())


def test_a_huge_cell_is_refused_before_it_is_loaded(residents, users):
    rows = valid_rows()
    rows[0][3] = "HUGE-CELL"
    # 40 MB of text in one cell compresses to about 40 KB.
    bomb = _with_sheet_text(upload(rows).read(), b"HUGE-CELL", b"A" * 40_000_000)
    assert bomb.size < 100_000

    tracemalloc.start()
    try:
        errors = rejected(bomb, users["worker_wenhualu"])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert errors == [RowError(0, "", "有单元格超过 32767 个字符（Excel 单元格的上限），请检查文件")]
    # Under the 200 MB the county asks for, and under the cell's own size: it was never held whole.
    assert peak < 200 * 1024 * 1024
    assert peak < 10 * 1024 * 1024, peak
    assert not Person.objects.filter(name="赵六").exists()


def test_the_measurement_sees_the_spreadsheet_library_load_a_cell():
    # The control for the test above: tracemalloc does see openpyxl unzip and parse a cell (4 MB
    # here, to stay quick), so a low peak there means the cell was never loaded.
    rows = valid_rows()
    rows[0][3] = "HUGE-CELL"
    bomb = _with_sheet_text(upload(rows).read(), b"HUGE-CELL", b"A" * 4_000_000)
    tracemalloc.start()
    try:
        workbook = load_workbook(bomb, read_only=True, data_only=True)
        cells = [value for row in workbook.worksheets[0].iter_rows(values_only=True) for value in row]
        workbook.close()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "A" * 4_000_000 in cells and peak > 4_000_000


def test_a_cell_at_the_limit_passes_and_one_longer_is_refused(residents, users, settings):
    settings.IMPORT_MAX_CELL_CHARS = 100
    rows = valid_rows()
    rows[0][3] = "LONG-CELL"
    at_limit = _with_sheet_text(upload(rows).read(), b"LONG-CELL", "地".encode() * 100)
    xlsx_check(at_limit, max_bytes=settings.IMPORT_MAX_BYTES, max_cell_chars=100)
    over = _with_sheet_text(upload(rows).read(), b"LONG-CELL", "地".encode() * 101)
    errors = rejected(over, users["worker_wenhualu"])
    assert [error.message for error in errors] == ["有单元格超过 100 个字符（Excel 单元格的上限），请检查文件"]


def test_a_file_over_the_size_limit_is_refused(residents, users, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    packed = BytesIO()
    with zipfile.ZipFile(BytesIO(upload(valid_rows()).read())) as source, zipfile.ZipFile(packed, "w") as out:
        for item in source.infolist():
            out.writestr(item.filename, source.read(item.filename))
        out.writestr("xl/media/photo.bin", os.urandom(1024 * 1024))
    errors = rejected(SimpleUploadedFile("residents.xlsx", packed.getvalue()), users["worker_wenhualu"])
    assert [error.message for error in errors] == ["文件不能超过 1 MB，请分成几个文件导入"]
    assert not Person.objects.filter(name="赵六").exists()


def test_a_zip_that_unpacks_far_beyond_its_size_is_refused(residents, users, settings):
    settings.IMPORT_MAX_BYTES = 64 * 1024
    workbook = upload(valid_rows()).read()
    packed = BytesIO()
    with zipfile.ZipFile(BytesIO(workbook)) as source, zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            out.writestr(item.filename, source.read(item.filename))
        out.writestr("xl/media/padding.bin", b"\0" * (64 * 1024 * 11))
    errors = rejected(SimpleUploadedFile("residents.xlsx", packed.getvalue()), users["worker_wenhualu"])
    assert [error.message for error in errors] == ["文件解压后过大，不像是用模板填写的表格"]


@pytest.mark.parametrize("char", ["\u202e", "\u200b", "\u2066", "\ufeff"], ids=["RLO", "ZWSP", "LRI", "BOM"])
def test_a_name_with_a_hidden_character_is_refused_and_nothing_written(residents, users, char):
    rows = valid_rows()
    rows[0][4] = f"赵{char}六"
    before = counts()
    errors = rejected(upload(rows), users["worker_wenhualu"])
    assert [(error.row, error.column) for error in errors] == [(2, "姓名")]
    assert "控制字符" in errors[0].message
    assert counts() == before


@pytest.mark.parametrize(("typed", "message"), [("9999-12-31", "不能晚于今天"), ("0001-01-01", "不能早于 1900 年")])
def test_a_birth_date_outside_1900_to_today_is_refused(residents, users, typed, message):
    rows = valid_rows()
    rows[0][6], rows[0][10] = typed, ""  # no ID number: the typed date is the one that counts
    errors = rejected(upload(rows), users["worker_wenhualu"])
    assert [(error.row, error.column) for error in errors] == [(2, "出生日期")]
    assert message in errors[0].message
