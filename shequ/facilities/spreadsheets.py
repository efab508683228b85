"""Facility spreadsheets: the blank template, the all-or-nothing import and the export.

Like the resident import (shequ/residents/spreadsheets.py), a file is judged as a whole: every row
is read and validated with the rules of the registry form (services.facility_validate) before
anything is written, and one bad cell means nothing is written and every problem is listed by row
and column, in the user's language. Opening hours are one column per weekday, written as
"09:30-13:30 16:00-20:00" (empty or 休息: closed).
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from shequ.accounts.models import User
from shequ.accounts.scope import covers
from shequ.core.audit import audit_actor
from shequ.core.events import event_record
from shequ.core.spreadsheets import xlsx_check
from shequ.facilities.hours import min_working_day_hours, periods_parse, periods_text
from shequ.facilities.models import Datum, Facility, FacilityType, Ownership
from shequ.facilities.selectors import facility_detail_rows, facility_list
from shequ.facilities.services import FacilityData, _write_details, facility_validate
from shequ.regions.codes import Level, common_ancestor, is_code
from shequ.regions.models import Region

TEXT = "@"
CODE_SEPARATORS = re.compile(r"[\s,，;；、،؛]+")
DATE_PATTERNS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")
YES = {"是", "有", "√", "1", "ھەئە", "بار"}
NO = {"", "否", "无", "×", "0", "ياق", "يوق"}


@dataclass(frozen=True)
class RowError:
    """One problem in an uploaded file; row 0 and an empty column mean the file as a whole."""

    row: int
    column: str
    message: str


class ImportRejected(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} error(s) in the facility import")
        self.errors = errors


@dataclass(frozen=True)
class _Column:
    key: str
    header: str  # msgid
    help: str  # msgid
    width: int = 14


WEEKDAYS = (
    gettext_noop("星期一"),
    gettext_noop("星期二"),
    gettext_noop("星期三"),
    gettext_noop("星期四"),
    gettext_noop("星期五"),
    gettext_noop("星期六"),
    gettext_noop("星期日"),
)
HOURS_HELP = gettext_noop("开放时段，如 09:30-13:30 16:00-20:00；不开放的填 休息 或不填")
COLUMNS = (
    _Column("unit", gettext_noop("村（社区）代码"), gettext_noop("12 位统计用区划代码；必须在您的管辖范围内"), 16),
    _Column("type", gettext_noop("设施类型"), gettext_noop("类型代码或名称，可选："), 18),
    _Column("name", gettext_noop("名称"), gettext_noop("不超过 100 个字；同一村（社区）内不能重名"), 24),
    _Column("address", gettext_noop("地址"), gettext_noop("可不填"), 30),
    _Column("longitude", gettext_noop("经度"), gettext_noop("可不填；如 89.181234"), 12),
    _Column("latitude", gettext_noop("纬度"), gettext_noop("可不填；如 44.001234"), 12),
    _Column("datum", gettext_noop("坐标系"), gettext_noop("GCJ-02（高德、腾讯地图，默认）或 WGS-84（GPS）"), 12),
    _Column("building_area", gettext_noop("总建筑面积（㎡）"), gettext_noop("数字，单位平方米")),
    _Column("activity_area", gettext_noop("居民活动区域面积（㎡）"), gettext_noop("不大于总建筑面积；可不填")),
    _Column("commercial_area", gettext_noop("商业面积（㎡）"), gettext_noop("不大于总建筑面积；可不填")),
    _Column("year_built", gettext_noop("建成年份"), gettext_noop("四位年份，可不填")),
    _Column("ownership", gettext_noop("产权"), gettext_noop("可选："), 20),
    _Column("next_to_health_facility", gettext_noop("与卫生服务设施毗邻"), gettext_noop("是 或 否")),
    _Column("self_service_terminals", gettext_noop("政务通用自助服务一体机（台）"), gettext_noop("整数，可不填")),
    _Column("barrier_free", gettext_noop("无障碍设施"), gettext_noop("是 或 否")),
    _Column("elderly_friendly", gettext_noop("适老化改造"), gettext_noop("是 或 否")),
    _Column("child_friendly", gettext_noop("适儿化改造"), gettext_noop("是 或 否")),
    _Column("last_retrofit_on", gettext_noop("最近改造日期"), gettext_noop("格式 YYYY-MM-DD，可不填")),
    _Column("last_verified_on", gettext_noop("最近核实日期"), gettext_noop("格式 YYYY-MM-DD，可不填")),
    _Column(
        "serves",
        gettext_noop("共享服务的其他村（社区）"),
        gettext_noop("可不填；本乡镇其他村（社区）的代码，用空格分开；面积平均分摊"),
        20,
    ),
    *(_Column(f"day{index}", day, HOURS_HELP, 16) for index, day in enumerate(WEEKDAYS)),
)
COLUMN_KEYS = tuple(column.key for column in COLUMNS)
FIELD_COLUMNS = {key: key for key in COLUMN_KEYS} | {"hours": "day0"}
DECIMALS = ("longitude", "latitude", "building_area", "activity_area", "commercial_area")
BOOLEANS = ("next_to_health_facility", "barrier_free", "elderly_friendly", "child_friendly")
DATES = ("last_retrofit_on", "last_verified_on")


def _header(key: str) -> str:
    return _(next(column.header for column in COLUMNS if column.key == key))


def _xlsx_bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def facilities_template_workbook() -> bytes:
    """A blank template in the active language, with an explanation sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("服务设施")
    sheet.append([_(column.header) for column in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        if column.key in ("unit", "serves"):
            dimension.number_format = TEXT
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet(_("说明"))
    notes.append([_("列"), _("说明")])
    choices = {
        "type": "、".join(f"{kind.code} {kind.label}" for kind in FacilityType.objects.all()),
        "ownership": "、".join(str(label) for label in Ownership.labels),
    }
    for column in COLUMNS:
        notes.append([_(column.header), _(column.help) + choices.get(column.key, "")])
    notes.append([])
    notes.append([_("注意"), _("第一行是表头，请勿修改；从第二行起每行填写一个设施。")])
    notes.append(
        [_("注意"), _("整个文件全部正确才会导入；有任何一处错误，都不会写入任何数据，请按提示改正后重新上传。")]
    )
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["B"].width = 100
    return _xlsx_bytes(workbook)


# --- reading ------------------------------------------------------------------------------------------


def _rejected(message: str) -> ImportRejected:
    return ImportRejected([RowError(row=0, column="", message=message)])


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _read_rows(file) -> list[tuple[int, dict[str, Any]]]:
    unreadable = _("无法读取文件，请上传用模板填写的 Excel 文件（.xlsx）")
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # openpyxl fails on a non-workbook with anything from BadZipFile to KeyError
        raise _rejected(unreadable) from error
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        lines = sheet.iter_rows(values_only=True)
        positions = _header_positions(next(lines, ()))
        rows = []
        for number, line in enumerate(lines, start=2):
            if number > 2 * settings.IMPORT_MAX_ROWS + 1 or len(rows) > settings.IMPORT_MAX_ROWS:
                raise _rejected(_("每个文件最多 %(rows)d 行，请分成几个文件导入") % {"rows": settings.IMPORT_MAX_ROWS})
            values = {key: line[index] if index < len(line) else None for key, index in positions.items()}
            if any(_text(value) for value in values.values()):
                rows.append((number, values))
    except ImportRejected:
        raise
    except Exception as error:  # a damaged sheet fails as its cells are read
        raise _rejected(unreadable) from error
    finally:
        workbook.close()
    if not rows:
        raise _rejected(_("文件中没有要导入的设施"))
    return rows


def _header_positions(header: tuple) -> dict[str, int]:
    aliases = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            aliases.update({_(column.header): column.key for column in COLUMNS})
    positions: dict[str, int] = {}
    errors = []
    for index, cell in enumerate(header):
        text = _text(cell)
        if not text:
            continue
        key = aliases.get(text)
        if key is None:
            errors.append(RowError(1, text, _("无法识别的列，请使用导入模板的表头")))
        elif key in positions:
            errors.append(RowError(1, _header(key), _("该列重复")))
        else:
            positions[key] = index
    errors += [
        RowError(1, _header(key), _("缺少该列，请使用导入模板的表头")) for key in COLUMN_KEYS if key not in positions
    ]
    if errors:
        raise ImportRejected(errors)
    return positions


class _Row:
    """One row being validated: its values read cell by cell, each problem noted against its column."""

    def __init__(self, number: int, values: dict[str, Any], errors: list[RowError]):
        self.number, self.values, self.errors = number, values, errors
        self.failed: set[str] = set()

    def fail(self, key: str, message) -> None:
        if key not in self.failed:
            self.failed.add(key)
            self.errors.append(RowError(self.number, _header(key) if key else "", str(message)))

    def text(self, key: str) -> str:
        return _text(self.values[key])

    def decimal(self, key: str) -> Decimal | None:
        value = self.values[key]
        if value is None or _text(value) == "":
            return None
        try:
            return Decimal(_text(value)).quantize(
                Decimal("0.000001") if key in ("longitude", "latitude") else Decimal("0.01")
            )
        except InvalidOperation:
            self.fail(key, _("应为数字"))
            return None

    def integer(self, key: str) -> int | None:
        text = self.text(key)
        if not text:
            return None
        if not text.isascii() or not text.isdigit():
            self.fail(key, _("应为整数"))
            return None
        return int(text)

    def boolean(self, key: str) -> bool:
        text = self.text(key)
        if text in YES:
            return True
        if text not in NO:
            self.fail(key, _("应为“是”或“否”"))
        return False

    def date(self, key: str) -> date | None:
        value = self.values[key]
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = _text(value)
        if not text:
            return None
        for pattern in DATE_PATTERNS:
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        self.fail(key, _("日期格式应为 YYYY-MM-DD"))
        return None


class _Importer:
    def __init__(self, rows: list[tuple[int, dict[str, Any]]], acting_user: User):
        self.rows, self.acting_user = rows, acting_user
        self.errors: list[RowError] = []
        codes = {
            code
            for _number, values in rows
            for code in [_text(values["unit"]), *CODE_SEPARATORS.split(_text(values["serves"]))]
            if is_code(code, Level.VILLAGE)
        }
        self.units = Region.objects.in_bulk(codes, field_name="code") if codes else {}
        self.types = {}
        for kind in FacilityType.objects.all():
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    self.types[kind.label] = kind
            self.types[kind.code] = self.types[kind.name] = kind
        self.choices = {"ownership": {}, "datum": {}}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                self.choices["ownership"] |= {str(label): value for value, label in Ownership.choices}
        self.choices["datum"] = {
            "GCJ-02": Datum.GCJ02,
            "GCJ02": Datum.GCJ02,
            "WGS-84": Datum.WGS84,
            "WGS84": Datum.WGS84,
        }
        self.existing = set(
            Facility.objects.filter(scope_code__in=[u.code for u in self.units.values()]).values_list(
                "scope_code", "name"
            )
        )
        self.seen: dict[tuple[str, str], int] = {}

    def _unit(self, row: _Row, code: str, key: str) -> Region | None:
        if not is_code(code, Level.VILLAGE):
            row.fail(key, _("应为 %(digits)d 位数字") % {"digits": 12})
            return None
        # Scope first, so that an answer never tells whether a unit outside it exists.
        if key == "unit" and not covers(self.acting_user, Region(code=code)):
            row.fail(key, _("不在您的管辖范围内"))
            return None
        unit = self.units.get(code)
        if unit is None or unit.level != Level.VILLAGE:
            row.fail(key, _("代码 %(code)s 不存在") % {"code": code})
        return unit

    def run(self) -> list[FacilityData]:
        plans = [self._row(_Row(number, values, self.errors)) for number, values in self.rows]
        if self.errors:
            raise ImportRejected(sorted(self.errors, key=lambda e: (e.row, self._order(e.column))))
        return plans

    @staticmethod
    def _order(column: str) -> int:
        headers = [_header(key) for key in COLUMN_KEYS]
        return headers.index(column) if column in headers else -1

    def _row(self, row: _Row) -> FacilityData | None:
        code = row.text("unit")
        unit = self._unit(row, code, "unit") if code else row.fail("unit", _("请填写村（社区）代码"))
        kind = self.types.get(row.text("type"))
        if kind is None:
            row.fail("type", _("无法识别“%(value)s”，请填写类型代码或名称") % {"value": row.text("type")})
        values: dict[str, Any] = {"name": row.text("name"), "address": row.text("address")}
        for key in DECIMALS:
            values[key] = row.decimal(key)
        for key in ("activity_area", "commercial_area"):
            values[key] = values[key] if values[key] is not None else Decimal("0")
        values["year_built"] = row.integer("year_built")
        values["self_service_terminals"] = row.integer("self_service_terminals") or 0
        for key in BOOLEANS:
            values[key] = row.boolean(key)
        for key in DATES:
            values[key] = row.date(key)
        for key in ("ownership", "datum"):
            text = row.text(key)
            if not text:
                values[key] = Ownership.OWNED if key == "ownership" else Datum.GCJ02
            elif text.upper() in self.choices[key] or text in self.choices[key]:
                values[key] = self.choices[key].get(text.upper(), self.choices[key].get(text))
            else:
                row.fail(key, _("无法识别“%(value)s”") % {"value": text})
        periods = []
        for weekday in range(7):
            try:
                periods += periods_parse(row.text(f"day{weekday}"), weekday=weekday)
            except ValidationError as invalid:
                row.fail(f"day{weekday}", invalid.messages[0])
        also = [self._unit(row, other, "serves") for other in CODE_SEPARATORS.split(row.text("serves")) if other]
        if unit is not None:
            self._check_duplicate(row, unit, values["name"])
        if unit is None or kind is None:
            return None
        data = FacilityData(
            unit=unit, type=kind, values=values, periods=periods, also_serves=[(u, None) for u in also if u]
        )
        try:
            facility_validate(data)
        except ValidationError as invalid:
            for name, messages in invalid.message_dict.items():
                key = FIELD_COLUMNS.get(name, "")
                if key not in row.failed:
                    for message in messages:
                        row.fail(key, message)
        return data

    def _check_duplicate(self, row: _Row, unit: Region, name: str) -> None:
        if not name:
            return
        if (unit.code, name) in self.existing:
            row.fail("name", _("本村（社区）已登记同名设施"))
        first = self.seen.setdefault((unit.code, name), row.number)
        if first != row.number:
            row.fail("name", _("与第 %(row)d 行重名") % {"row": first})


def facilities_import(*, file, acting_user: User) -> int:
    """Register every facility of an uploaded template, or none. Returns how many were created;
    raises PermissionDenied, or ImportRejected with every problem found."""
    if not acting_user.has_perm("facilities.import_facilities"):
        raise PermissionDenied
    try:
        xlsx_check(file, max_bytes=settings.IMPORT_MAX_BYTES, max_cell_chars=settings.IMPORT_MAX_CELL_CHARS)
    except ValidationError as invalid:
        raise _rejected(invalid.messages[0]) from invalid
    plans = _Importer(_read_rows(file), acting_user).run()
    with transaction.atomic(), audit_actor(acting_user):
        facilities = []
        for data in plans:
            facility = facility_validate(data)
            facility.min_daily_open_hours = min_working_day_hours(data.periods)
            facility.save()
            _write_details(facility, data)
            facilities.append(facility)
        event_record(
            acting_user=acting_user,
            verb="facilities.imported",
            target=facilities[0],
            region_code=common_ancestor([facility.scope_code for facility in facilities]),
            data={"facilities": len(facilities)},
        )
    return len(facilities)


# --- export -------------------------------------------------------------------------------------------


def facilities_export(*, acting_user: User, within: str = "", type_code: str = "", short_hours: bool = False) -> bytes:
    """The facilities the acting user's list shows, in the template's columns (so an export can be
    corrected and imported elsewhere) after the unit's name; an audited event."""
    if not acting_user.has_perm("facilities.export_facilities"):
        raise PermissionDenied
    rows = facility_detail_rows(
        facility_list(user=acting_user, within=within, type_code=type_code, short_hours=short_hours)
    )
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("服务设施"))
    sheet.append([_("村（社区）名称"), *(_(column.header) for column in COLUMNS)])
    count = 0
    for facility in rows.iterator(chunk_size=500):
        sheet.append([_cell(sheet, value) for value in _export_values(facility)])
        count += 1
    event_record(
        acting_user=acting_user,
        verb="facilities.exported",
        target=acting_user,
        region_code=acting_user.region.code if acting_user.region_id else "",
        data={"within": within, "type": type_code, "short_hours": short_hours, "rows": count},
    )
    return _xlsx_bytes(workbook)


def _yes(value: bool) -> str:
    return _("是") if value else _("否")


def _export_values(facility: Facility) -> list:
    periods = list(facility.opening_periods.all())
    return [
        facility.unit.name,
        facility.scope_code,
        facility.type.code,
        facility.name,
        facility.address,
        facility.longitude,
        facility.latitude,
        facility.get_datum_display(),
        facility.building_area,
        facility.activity_area,
        facility.commercial_area,
        facility.year_built,
        facility.get_ownership_display(),
        _yes(facility.next_to_health_facility),
        facility.self_service_terminals,
        _yes(facility.barrier_free),
        _yes(facility.elderly_friendly),
        _yes(facility.child_friendly),
        facility.last_retrofit_on.isoformat() if facility.last_retrofit_on else "",
        facility.last_verified_on.isoformat() if facility.last_verified_on else "",
        " ".join(s.unit_code for s in facility.served.all() if s.unit_code != facility.scope_code),
        *(periods_text(periods, weekday) or _("休息") for weekday in range(7)),
    ]


def _cell(sheet, value) -> WriteOnlyCell:
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return WriteOnlyCell(sheet, value=value)
    # Text stays text: a name beginning with "=" must not become a formula in the reader's Excel.
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value)))
    cell.data_type = "s"
    return cell


__all__ = ["ImportRejected", "RowError", "facilities_export", "facilities_import", "facilities_template_workbook"]
