"""Resident spreadsheets: the blank import template, the all-or-nothing import, and the masked export.

An import is judged as a whole: every row is parsed and validated with the same rules as the
registry forms (services.household_validate / person_validate) before anything is written, so a
village worker never has to work out which half of a file made it in.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO
from typing import Any

from auditlog import get_logentry_model
from auditlog.cid import get_cid
from auditlog.diff import model_instance_diff
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.utils import translation
from django.utils.encoding import smart_str
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from shequ.accounts.models import User
from shequ.accounts.scope import covers
from shequ.core.audit import audit_actor, audit_request_client
from shequ.core.events import event_record
from shequ.core.masking import mask_sensitive
from shequ.core.replicas import reads_from_replica
from shequ.core.spreadsheets import xlsx_check
from shequ.regions.codes import Level, common_ancestor, is_code
from shequ.regions.models import Region
from shequ.residents.choices import CareTag, Ethnicity, Gender, Relation
from shequ.residents.models import Household, Person, PersonTag
from shequ.residents.services import (
    HouseholdData,
    PersonData,
    _apply_person_data,
    household_validate,
    person_find,
    person_validate,
)

TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"
TAG_SEPARATORS = re.compile(r"[、,，;；،؛]")  # Chinese, Latin and Uyghur commas and semicolons
BATCH_SIZE = 1000
DATE_PATTERNS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")


@dataclass(frozen=True)
class RowError:
    """One problem in an uploaded file; row 0 and an empty column mean the file as a whole."""

    row: int
    column: str
    message: str


class ImportRejected(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} error(s) in the resident import")
        self.errors = errors


@dataclass(frozen=True)
class ImportResult:
    households_created: int
    persons_created: int


@dataclass(frozen=True)
class _Column:
    key: str
    header: str  # msgid; translated when a sheet is built or read
    help: str  # msgid
    width: int
    number_format: str | None = None


# Order of the template's columns. Codes, numbers and ID numbers are text so that Excel keeps their
# leading zeros and the final X, and does not round 18 digits into scientific notation.
COLUMNS = (
    _Column(
        "unit_code",
        gettext_noop("村（社区）代码"),
        gettext_noop("12 位统计用区划代码，如 652327100003；必须在您的管辖范围内"),
        16,
        TEXT_FORMAT,
    ),
    _Column(
        "grid_code",
        gettext_noop("网格代码"),
        gettext_noop("15 位网格代码（村（社区）代码后加 3 位），可不填"),
        18,
        TEXT_FORMAT,
    ),
    _Column(
        "number",
        gettext_noop("户号"),
        gettext_noop("本村（社区）内的户号；户号相同的行是同一户。户号已登记的，本行居民加入该户"),
        10,
        TEXT_FORMAT,
    ),
    _Column("address", gettext_noop("地址"), gettext_noop("家庭住址；同一户的各行须一致"), 30),
    _Column("name", gettext_noop("姓名"), gettext_noop("不超过 50 个字"), 12),
    _Column("gender", gettext_noop("性别"), gettext_noop("男 或 女"), 6),
    _Column(
        "birth_date",
        gettext_noop("出生日期"),
        gettext_noop("格式 YYYY-MM-DD，如 1990-01-31；填写了身份证号的可不填"),
        12,
        DATE_FORMAT,
    ),
    _Column("ethnicity", gettext_noop("民族"), gettext_noop("民族全称，可选："), 10),
    _Column(
        "relation",
        gettext_noop("与户主关系"),
        gettext_noop("新建的户须有且只有一名户主，可选："),
        14,
    ),
    _Column(
        "phone",
        gettext_noop("联系电话"),
        gettext_noop("11 位手机号或带区号的固定电话，可不填"),
        14,
        TEXT_FORMAT,
    ),
    _Column(
        "id_number",
        gettext_noop("身份证号"),
        gettext_noop("18 位公民身份号码，可不填；请按文本填写，不要让 Excel 改成科学计数法"),
        22,
        TEXT_FORMAT,
    ),
    _Column(
        "tags",
        gettext_noop("关爱标签"),
        gettext_noop("可不填；多个标签用 、 , 或 ; 分隔，可选："),
        24,
    ),
    _Column("county_hukou", gettext_noop("户籍在本县"), gettext_noop("是 或 否，不填为是（户口在外地的填否）"), 10),
)
COLUMN_KEYS = tuple(column.key for column in COLUMNS)
# Columns a file made with an older template may lack: their value is then the default.
OPTIONAL_KEYS = frozenset({"county_hukou"})

# Which column reports an error that the services raise for a model field.
FIELD_COLUMNS = {
    "region": "unit_code",
    "grid": "grid_code",
    "number": "number",
    "address": "address",
    "name": "name",
    "gender": "gender",
    "birth_date": "birth_date",
    "ethnicity": "ethnicity",
    "relation": "relation",
    "phone": "phone",
    "id_number": "id_number",
    "tags": "tags",
    "county_hukou": "county_hukou",
}


def _header(key: str) -> str:
    return _(next(column.header for column in COLUMNS if column.key == key))


def _labels(choices) -> list[str]:
    return [str(label) for label in choices.labels]


def _xlsx_bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Template ---------------------------------------------------------------------------------------


def residents_template_workbook() -> bytes:
    """A blank import template in the active language, with an explanation sheet and dropdowns."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("居民")
    sheet.append([_(column.header) for column in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index).font = Font(bold=True)
        dimension = sheet.column_dimensions[letter]
        dimension.width = column.width
        if column.number_format:
            # A column style is what Excel applies to the cells people type into later.
            dimension.number_format = column.number_format
    sheet.freeze_panes = "A2"
    _template_explanation(workbook.create_sheet(_("说明")))
    _template_dropdowns(workbook, sheet)
    return _xlsx_bytes(workbook)


def _template_explanation(sheet) -> None:
    choice_lists = {
        "gender": _labels(Gender),
        "ethnicity": _labels(Ethnicity),
        "relation": _labels(Relation),
        "tags": _labels(CareTag),
    }
    sheet.append([_("列"), _("说明")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        text = _(column.help)
        if column.key in ("ethnicity", "relation", "tags"):
            text += "、".join(choice_lists[column.key])
        sheet.append([_(column.header), text])
    sheet.append([])
    notes = (
        _("第一行是表头，请勿修改；从第二行起每行填写一名居民。"),
        _("整个文件全部正确才会导入；有任何一处错误，都不会写入任何数据，请按提示改正后重新上传。"),
        _("每个文件最多 %(rows)d 行。") % {"rows": settings.IMPORT_MAX_ROWS},
    )
    for note in notes:
        sheet.append([_("注意"), note])
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 100


def _template_dropdowns(workbook: Workbook, sheet) -> None:
    # The ethnic groups are too many for an inline list (Excel caps it at 255 characters), so the
    # choices live on a hidden sheet that the validations refer to.
    options = workbook.create_sheet(_("选项"))
    options.sheet_state = "hidden"
    last_row = settings.IMPORT_MAX_ROWS + 1
    for option_column, (key, labels) in enumerate(
        (("gender", _labels(Gender)), ("ethnicity", _labels(Ethnicity)), ("relation", _labels(Relation))), start=1
    ):
        for row, label in enumerate(labels, start=1):
            options.cell(row=row, column=option_column, value=label)
        option_letter = get_column_letter(option_column)
        validation = DataValidation(
            type="list",
            formula1=f"{quote_sheetname(options.title)}!${option_letter}$1:${option_letter}${len(labels)}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("无效的选项"),
            error=_("请从下拉列表中选择"),
        )
        letter = get_column_letter(COLUMN_KEYS.index(key) + 1)
        validation.add(f"{letter}2:{letter}{last_row}")
        sheet.add_data_validation(validation)


# --- Import: reading -----------------------------------------------------------------------------------


@dataclass
class _Row:
    number: int  # the Excel row number; the header is row 1
    values: dict[str, Any]


class _Errors:
    """The errors of one import. A cell whose text could not be read is not blamed a second time by
    the validators for the empty value it was read as."""

    def __init__(self) -> None:
        self.items: list[RowError] = []
        self._cells: set[tuple[int, str]] = set()

    def add(self, row: int, key: str, message: str) -> None:
        self._cells.add((row, key))
        self.items.append(RowError(row=row, column=_header(key) if key else "", message=str(message)))

    def has(self, row: int, key: str) -> bool:
        return (row, key) in self._cells

    def add_validation(self, row: int, error: ValidationError, *, skip: frozenset[str] = frozenset()) -> None:
        for field_name, messages in error.message_dict.items():
            key = FIELD_COLUMNS.get(field_name, "")
            if key in skip or (key and self.has(row, key)):
                continue
            for message in messages:
                self.add(row, key, message)

    def sorted(self) -> list[RowError]:
        order = {_header(key): index for index, key in enumerate(COLUMN_KEYS)}
        return sorted(self.items, key=lambda error: (error.row, order.get(error.column, -1)))


def _rejected(message: str) -> ImportRejected:
    return ImportRejected([RowError(row=0, column="", message=message)])


def _header_aliases() -> dict[str, str]:
    """Header text → column key, in every interface language, so a file filled in under one
    language can be uploaded under the other."""
    aliases = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            aliases.update({_(column.header): column.key for column in COLUMNS})
    return aliases


def _read_rows(file) -> list[_Row]:
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as error:
        # openpyxl signals a file that is not a workbook with anything from BadZipFile to KeyError.
        raise _rejected(_("无法读取文件，请上传用模板填写的 Excel 文件（.xlsx）")) from error
    try:
        if not workbook.worksheets:
            raise _rejected(_("文件中没有工作表"))
        sheet = workbook.worksheets[0]
        # Read every row there is, not the size the file declares: some programs write it too small.
        sheet.reset_dimensions()
        return _rows_of(sheet)
    except ImportRejected:
        raise
    except Exception as error:
        # Cells are parsed only as they are read; a damaged sheet fails here, not at opening.
        raise _rejected(_("无法读取文件，请上传用模板填写的 Excel 文件（.xlsx）")) from error
    finally:
        workbook.close()


def _rows_of(sheet) -> list[_Row]:
    lines = sheet.iter_rows(values_only=True)
    positions = _header_positions(next(lines, ()))
    rows: list[_Row] = []
    too_many = _rejected(_("每个文件最多 %(rows)d 行，请分成几个文件导入") % {"rows": settings.IMPORT_MAX_ROWS})
    for number, line in enumerate(lines, start=2):
        # Blank rows are skipped, but every row read counts, so a sheet of a million empty-looking
        # rows stops early instead of occupying a worker.
        if number > 2 * settings.IMPORT_MAX_ROWS + 1:
            raise too_many
        values = {key: line[index] if index < len(line) else None for key, index in positions.items()}
        if all(_text(value) == "" for value in values.values()):
            continue
        if len(rows) == settings.IMPORT_MAX_ROWS:
            raise too_many
        rows.append(_Row(number=number, values=values))
    if not rows:
        raise _rejected(_("文件中没有要导入的居民"))
    return rows


def _header_positions(header: tuple) -> dict[str, int]:
    aliases = _header_aliases()
    positions: dict[str, int] = {}
    errors = _Errors()
    for index, cell in enumerate(header):
        text = _text(cell)
        if not text:
            continue
        key = aliases.get(text)
        if key is None:
            errors.items.append(RowError(row=1, column=text, message=_("无法识别的列，请使用导入模板的表头")))
        elif key in positions:
            errors.add(1, key, _("该列重复"))
        else:
            positions[key] = index
    for key in COLUMN_KEYS:
        if key not in positions and key not in OPTIONAL_KEYS:
            errors.add(1, key, _("缺少该列，请使用导入模板的表头"))
    if errors.items:
        raise ImportRejected(errors.items)
    return positions


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value: Any) -> date | None:
    """A birth date typed as an Excel date or as text; None when empty; ValueError when unreadable."""
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
    raise ValueError(text)


# --- Import: validating ----------------------------------------------------------------------------------


@dataclass
class _HouseholdPlan:
    first_row: int
    data: HouseholdData
    existing: Household | None
    persons: list[PersonData] = field(default_factory=list)
    head_row: int | None = None


class _Importer:
    """Validates every row of one file against the registry and the acting user's scope."""

    def __init__(self, rows: list[_Row], acting_user: User) -> None:
        self.rows = rows
        self.acting_user = acting_user
        self.errors = _Errors()
        self.plans: dict[tuple[str, str], _HouseholdPlan] = {}
        self.id_rows: dict[str, int] = {}
        self.choices = self._choice_lookups()
        self.regions = self._regions_in_scope()
        self.households = self._existing_households()

    @staticmethod
    def _choice_lookups() -> dict[str, dict[str, str]]:
        # Labels in either interface language are accepted, as the header is.
        lookups: dict[str, dict[str, str]] = {"gender": {}, "ethnicity": {}, "relation": {}, "tags": {}}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for key, choices in (("gender", Gender), ("ethnicity", Ethnicity), ("relation", Relation)):
                    lookups[key].update({str(label): value for value, label in choices.choices})
                lookups["tags"].update({str(label): value for value, label in CareTag.choices})
        return lookups

    def _in_scope(self, code: str) -> bool:
        # Decided on the code alone, before any lookup, so that an answer never tells whether a
        # unit outside the user's scope exists.
        return covers(self.acting_user, Region(code=code))

    def _regions_in_scope(self) -> dict[str, Region]:
        codes = {_text(row.values[key]) for row in self.rows for key in ("unit_code", "grid_code") if row.values[key]}
        codes = {code for code in codes if is_code(code, Level.VILLAGE, Level.GRID) and self._in_scope(code)}
        return Region.objects.in_bulk(codes, field_name="code") if codes else {}

    def _existing_households(self) -> dict[tuple[str, str], Household]:
        units = [region for region in self.regions.values() if region.level == Level.VILLAGE]
        numbers = {_text(row.values["number"]) for row in self.rows} - {""}
        if not units or not numbers:
            return {}
        households = Household.objects.filter(region__in=units, number__in=numbers).select_related("region", "grid")
        return {(household.region.code, household.number): household for household in households}

    def run(self) -> list[_HouseholdPlan]:
        for row in self.rows:
            plan = self._household_of(row)
            self._person_of(row, plan)
        for plan in self.plans.values():
            if plan.existing is None and plan.head_row is None:
                self.errors.add(plan.first_row, "relation", _("新建的家庭户须有一名户主"))
        if self.errors.items:
            raise ImportRejected(self.errors.sorted())
        return list(self.plans.values())

    # Households

    def _region(self, row: _Row, key: str, digits: int, level: str) -> Region | None:
        code = _text(row.values[key])
        if not code:
            if key == "unit_code":
                self.errors.add(row.number, key, _("请填写村（社区）代码"))
            return None
        if not is_code(code, level):
            self.errors.add(row.number, key, _("应为 %(digits)d 位数字") % {"digits": digits})
            return None
        if not self._in_scope(code):
            self.errors.add(row.number, key, _("不在您的管辖范围内"))
            return None
        region = self.regions.get(code)
        if region is None or region.level != level:
            self.errors.add(row.number, key, _("代码 %(code)s 不存在") % {"code": code})
            return None
        return region

    def _household_of(self, row: _Row) -> _HouseholdPlan | None:
        unit = self._region(row, "unit_code", 12, Level.VILLAGE)
        grid_code = _text(row.values["grid_code"])
        grid = self._region(row, "grid_code", 15, Level.GRID) if grid_code else None
        number, address = _text(row.values["number"]), _text(row.values["address"])
        for key, value in (("number", number), ("address", address)):
            limit = Household._meta.get_field(key).max_length
            if len(value) > limit:
                self.errors.add(row.number, key, _("不能超过 %(limit)d 个字") % {"limit": limit})
        if not number:
            self.errors.add(row.number, "number", _("请填写户号"))
        if unit is None or (grid_code and grid is None) or self.errors.has(row.number, "number"):
            return None

        plan = self.plans.get((unit.code, number))
        if plan is not None:
            self._check_same_household(row, plan, address=address, grid=grid)
            return plan
        data = HouseholdData(region=unit, number=number, address=address, grid=grid)
        existing = self.households.get((unit.code, number))
        if existing is not None:
            plan = _HouseholdPlan(first_row=row.number, data=data, existing=existing)
            self._check_same_household(row, plan, address=address, grid=grid)
        else:
            try:
                household_validate(data)
            except ValidationError as error:
                self.errors.add_validation(row.number, error)
                return None
            plan = _HouseholdPlan(first_row=row.number, data=data, existing=None)
        self.plans[(unit.code, number)] = plan
        return plan

    def _check_same_household(self, row: _Row, plan: _HouseholdPlan, *, address: str, grid: Region | None) -> None:
        if plan.existing is not None:
            known_address, known_grid = plan.existing.address, plan.existing.grid
            where = _("该户已登记")
        else:
            known_address, known_grid = plan.data.address, plan.data.grid
            where = _("同一户的第 %(row)d 行") % {"row": plan.first_row}
        if address != known_address:
            self.errors.add(
                row.number, "address", _("%(where)s，地址为“%(address)s”") % {"where": where, "address": known_address}
            )
        if getattr(grid, "pk", None) != getattr(known_grid, "pk", None):
            code = known_grid.code if known_grid else _("空")
            self.errors.add(
                row.number, "grid_code", _("%(where)s，网格代码为 %(code)s") % {"where": where, "code": code}
            )

    # Persons

    def _choice(self, row: _Row, key: str) -> str:
        text = _text(row.values[key])
        if not text:
            return ""
        value = self.choices[key].get(text)
        if value is None:
            self.errors.add(row.number, key, _("无法识别“%(value)s”，请从下拉列表中选择") % {"value": text})
            return ""
        return value

    def _tags(self, row: _Row) -> list[str]:
        labels = [label.strip() for label in TAG_SEPARATORS.split(_text(row.values["tags"]))]
        labels = [label for label in labels if label]
        unknown = [label for label in labels if label not in self.choices["tags"]]
        if unknown:
            self.errors.add(row.number, "tags", _("未知的关爱标签：%(tags)s") % {"tags": "、".join(unknown)})
        return sorted({self.choices["tags"][label] for label in labels if label not in unknown})

    def _yes_no(self, row: _Row, key: str) -> bool:
        text = _text(row.values.get(key))
        # In either language, as the headers are: a file filled in under one may be uploaded under the other.
        yes, no = {""}, set()
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                yes.add(_("是"))
                no.add(_("否"))
        if text in yes or text in no:
            return text not in no
        self.errors.add(row.number, key, _("请填写“是”或“否”"))
        return True

    def _id_number(self, row: _Row) -> str:
        value = row.values["id_number"]
        if isinstance(value, int | float) and not isinstance(value, bool):
            # Excel keeps 15 significant digits: a number typed into a General cell has already
            # lost its last digits, so it must not be trusted.
            self.errors.add(
                row.number, "id_number", _("身份证号被存成了数字，末几位可能已丢失；请把该列设为文本后重新填写")
            )
            return ""
        return _text(value)

    def _birth_date(self, row: _Row) -> date | None:
        try:
            return _date(row.values["birth_date"])
        except ValueError:
            self.errors.add(row.number, "birth_date", _("日期格式应为 YYYY-MM-DD"))
            return None

    def _person_of(self, row: _Row, plan: _HouseholdPlan | None) -> None:
        data = PersonData(
            name=_text(row.values["name"]),
            gender=self._choice(row, "gender"),
            relation=self._choice(row, "relation"),
            ethnicity=self._choice(row, "ethnicity"),
            birth_date=self._birth_date(row),
            phone=_text(row.values["phone"]),
            id_number=self._id_number(row),
            tags=self._tags(row),
            county_hukou=self._yes_no(row, "county_hukou"),
        )
        # With an unreadable ID number, "please fill in the birth date" would only repeat that error.
        skip = frozenset({"birth_date"}) if self.errors.has(row.number, "id_number") else frozenset()
        try:
            person_validate(data, household=plan.existing if plan else None)
        except ValidationError as error:
            self.errors.add_validation(row.number, error, skip=skip)
        self._check_duplicates_in_file(row, data, plan)
        if plan is not None:
            plan.persons.append(data)

    def _check_duplicates_in_file(self, row: _Row, data: PersonData, plan: _HouseholdPlan | None) -> None:
        if data.id_number:
            first = self.id_rows.setdefault(data.id_number, row.number)
            if first != row.number:
                self.errors.add(row.number, "id_number", _("与第 %(row)d 行的身份证号重复") % {"row": first})
        if plan is not None and data.relation == Relation.HEAD:
            if plan.head_row is None:
                plan.head_row = row.number
            else:
                self.errors.add(
                    row.number, "relation", _("第 %(row)d 行已是该户户主，一户只能有一名户主") % {"row": plan.head_row}
                )


# --- Import: writing ------------------------------------------------------------------------------------


def residents_import(*, file, acting_user: User) -> ImportResult:
    """Import households and persons from an uploaded template; everything or nothing.

    Raises PermissionDenied, or ImportRejected with every problem found (nothing is written then).
    """
    if not acting_user.has_perm("residents.import_residents"):
        raise PermissionDenied
    try:
        xlsx_check(file, max_bytes=settings.IMPORT_MAX_BYTES, max_cell_chars=settings.IMPORT_MAX_CELL_CHARS)
    except ValidationError as invalid:
        raise _rejected(invalid.messages[0]) from invalid
    plans = _Importer(_read_rows(file), acting_user).run()
    try:
        return _write(plans, acting_user)
    except IntegrityError as error:
        # Validation passed, so someone else registered the same ID number, household number or
        # head while this file was being written; the transaction has been rolled back.
        raise _rejected(_("保存时与他人同时录入的数据冲突（如同一身份证号），没有写入任何数据，请重新导入")) from error


def _write(plans: list[_HouseholdPlan], acting_user: User) -> ImportResult:
    # set_actor still matters for anything saved one by one in here; the bulk rows are audited by
    # _audit_created.
    with transaction.atomic(), audit_actor(acting_user):
        created = Household.objects.bulk_create(
            [
                Household(
                    region=plan.data.region, grid=plan.data.grid, number=plan.data.number, address=plan.data.address
                )
                for plan in plans
                if plan.existing is None
            ],
            batch_size=BATCH_SIZE,
        )
        new_households = iter(created)
        households = [plan.existing if plan.existing is not None else next(new_households) for plan in plans]
        persons: list[Person] = []
        tags: list[PersonTag] = []
        for plan, household in zip(plans, households, strict=True):
            for data in plan.persons:
                person = Person(
                    household=household,
                    **household.placement(),
                )
                _apply_person_data(person, data)
                persons.append(person)
                tags.extend(PersonTag(person=person, tag=code) for code in data.tags)
        Person.objects.bulk_create(persons, batch_size=BATCH_SIZE)
        PersonTag.objects.bulk_create(tags, batch_size=BATCH_SIZE)
        for instances in (created, persons, tags):
            _audit_created(instances, acting_user)
        event_record(
            acting_user=acting_user,
            verb="residents.imported",
            target=(created or households)[0],
            region_code=common_ancestor([household.region.code for household in households]),
            data={"households": len(created), "persons": len(persons)},
        )
    return ImportResult(households_created=len(created), persons_created=len(persons))


def _audit_created(instances: list[Model], acting_user: User) -> None:
    """Write the auditlog entries that saving the instances one by one would have written.

    Rows are created in bulk because one save (and one audit entry) per row took a minute for a
    full file. bulk_create sends no save signals, so auditlog does not see the rows; the entries
    are built as its LogEntryManager.log_create builds them, with its own diff so that the masks
    and exclusions registered in ResidentsConfig apply, and the actor its set_actor would fill in.
    """
    if not instances:
        return
    entry_model = get_logentry_model()
    content_type = ContentType.objects.get_for_model(instances[0])
    cid = get_cid()
    remote_addr, _user_agent = audit_request_client()
    entries = []
    for instance in instances:
        changes = model_instance_diff(None, instance, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES)
        if not changes:
            continue
        entries.append(
            entry_model(
                content_type=content_type,
                object_pk=str(instance.pk),
                object_id=instance.pk,
                object_repr=smart_str(instance),
                action=entry_model.Action.CREATE,
                changes=changes,
                actor=acting_user,
                actor_email=getattr(acting_user, "email", None),
                remote_addr=remote_addr or None,
                cid=cid,
            )
        )
    entry_model.objects.bulk_create(entries, batch_size=BATCH_SIZE)


# --- Export -------------------------------------------------------------------------------------------


EXPORT_HEADERS = (
    gettext_noop("村（社区）代码"),
    gettext_noop("村（社区）名称"),
    gettext_noop("网格代码"),
    gettext_noop("网格名称"),
    gettext_noop("户号"),
    gettext_noop("地址"),
    gettext_noop("姓名"),
    gettext_noop("性别"),
    gettext_noop("出生年份"),
    gettext_noop("民族"),
    gettext_noop("与户主关系"),
    gettext_noop("联系电话"),
    gettext_noop("身份证号"),
    gettext_noop("关爱标签"),
)
EXPORT_WIDTHS = (16, 20, 18, 20, 10, 30, 12, 6, 12, 10, 14, 14, 22, 24)


def residents_export(*, acting_user: User, query: str = "", tag: str = "") -> bytes:
    """The residents the acting user's list shows for this search, as a workbook.

    Every export is a domain event with the filter and the row count, and through the request
    context the client address and user agent. The search text may itself be a name or an ID
    number, so the event keeps it masked like any audited value.
    """
    persons = person_find(acting_user=acting_user, query=query, tag=tag)
    content = residents_export_workbook(persons=persons)
    event_record(
        acting_user=acting_user,
        verb="residents.exported",
        target=acting_user,
        region_code=acting_user.region.code if acting_user.region_id else "",
        data={"query": mask_sensitive(query), "tag": tag, "rows": persons.count()},
    )
    return content


@reads_from_replica()
def residents_export_workbook(*, persons: QuerySet[Person]) -> bytes:
    """The given (already scoped) persons as a workbook, ID numbers and phones masked; read from a
    replica where there is one."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("居民"))
    for index, width in enumerate(EXPORT_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_(header) for header in EXPORT_HEADERS])
    persons = persons.select_related("region", "grid", "household").prefetch_related("tags")
    for person in persons.iterator(chunk_size=2000):
        sheet.append(_export_row(sheet, person))
    return _xlsx_bytes(workbook)


def _export_row(sheet, person: Person) -> list[WriteOnlyCell]:
    # The year only: the masked ID number hides exactly the birth date, which would otherwise
    # complete it beside the masked number.
    birth_year = WriteOnlyCell(sheet, value=person.birth_year)
    return [
        _text_cell(sheet, person.region.code),
        _text_cell(sheet, person.region.name),
        _text_cell(sheet, person.grid.code if person.grid_id else ""),
        _text_cell(sheet, person.grid.name if person.grid_id else ""),
        _text_cell(sheet, person.household.number),
        _text_cell(sheet, person.household.address),
        _text_cell(sheet, person.name),
        _text_cell(sheet, person.get_gender_display()),
        birth_year,
        _text_cell(sheet, person.get_ethnicity_display()),
        _text_cell(sheet, person.get_relation_display()),
        _text_cell(sheet, person.phone_masked),
        _text_cell(sheet, person.id_number_masked),
        _text_cell(sheet, "、".join(str(label) for label in person.get_tag_labels())),
    ]


def _text_cell(sheet, value: str) -> WriteOnlyCell:
    # Stored as text whatever it looks like: an address beginning with "=" must not become a formula
    # in the reader's Excel, and control characters would make the file unreadable.
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    cell.data_type = "s"
    cell.number_format = TEXT_FORMAT
    return cell
