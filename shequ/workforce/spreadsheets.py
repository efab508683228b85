"""Worker spreadsheets: the blank template, the all-or-nothing import and the export.

Like the facility and resident imports, a file is judged as a whole: every row is read and validated
with the registry's own rules (services.worker_validate) before anything is written; one bad cell
means nothing is written, and every problem is listed by row and column in the user's language.
The export has the template's columns, so an export can be corrected and imported again.
"""

from dataclasses import dataclass
from datetime import date, datetime
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

from shequ.accounts.models import User
from shequ.accounts.scope import covers
from shequ.core.audit import audit_actor
from shequ.core.events import event_record
from shequ.core.spreadsheets import xlsx_check
from shequ.facilities.spreadsheets import ImportRejected, RowError
from shequ.regions.codes import common_ancestor, is_code
from shequ.regions.models import Region
from shequ.workforce.models import Education, Employer, Post, Qualification, Worker
from shequ.workforce.selectors import worker_list
from shequ.workforce.services import worker_validate

YES = {"是", "√", "1", "ھەئە"}
NO = {"", "否", "×", "0", "ياق"}
DATE_PATTERNS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")


@dataclass(frozen=True)
class _Column:
    key: str
    header: str  # msgid
    help: str  # msgid


YES_NO = gettext_noop("是 或 否")
COLUMNS = (
    _Column(
        "unit", gettext_noop("区划代码"), gettext_noop("村（社区）12 位代码；社工站填乡镇 9 位代码；县级单位填县代码")
    ),
    _Column("name", gettext_noop("姓名"), gettext_noop("不超过 40 个字")),
    _Column("employer", gettext_noop("工作单位类别"), gettext_noop("可选：")),
    _Column("organisation", gettext_noop("工作单位名称"), gettext_noop("可不填")),
    _Column("post", gettext_noop("岗位"), gettext_noop("村（社区）工作者必填，可选：")),
    _Column("service_start", gettext_noop("参加社区工作时间"), gettext_noop("格式 YYYY-MM-DD；村（社区）工作者必填")),
    _Column("education", gettext_noop("学历"), gettext_noop("可选：")),
    _Column("qualification", gettext_noop("社会工作职业资格"), gettext_noop("可不填，可选：")),
    _Column("party_committee", gettext_noop("村（社区）党组织委员"), YES_NO),
    _Column("residents_committee", gettext_noop("村（居）民委员会委员"), YES_NO),
    _Column("one_shoulder", gettext_noop("书记、主任“一肩挑”"), YES_NO),
    _Column("social_insurance", gettext_noop("参加社会保险"), YES_NO),
    _Column("secretary_reserve", gettext_noop("党组织书记后备人才"), YES_NO),
)
COLUMN_KEYS = tuple(column.key for column in COLUMNS)
BOOLEANS = ("party_committee", "residents_committee", "one_shoulder", "social_insurance", "secretary_reserve")


def _header(key: str) -> str:
    return _(next(column.header for column in COLUMNS if column.key == key))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _labels(choices) -> dict[str, str]:
    """value → value for every label in every language, and the values themselves."""
    found = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            found |= {str(label): value for value, label in choices}
    return found | {value: value for value, _label in choices}


def _rows_of(model) -> dict[str, Any]:
    found = {}
    for row in model.objects.all():
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                found[str(row)] = row
        found[row.code] = found[row.name] = row
    return found


def workers_template_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("社区工作者")
    sheet.append([_(column.header) for column in COLUMNS])
    for index in range(1, len(COLUMNS) + 1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
    sheet.column_dimensions["A"].number_format = "@"
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet(_("说明"))
    choices = {
        "employer": "、".join(str(label) for label in Employer.labels),
        "post": "、".join(str(label) for label in Post.labels),
        "education": "、".join(str(row) for row in Education.objects.all()),
        "qualification": "、".join(str(row) for row in Qualification.objects.all()),
    }
    for column in COLUMNS:
        notes.append([_(column.header), _(column.help) + choices.get(column.key, "")])
    notes.append(
        [_("注意"), _("整个文件全部正确才会导入；有任何一处错误，都不会写入任何数据，请按提示改正后重新上传。")]
    )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rejected(message: str) -> ImportRejected:
    return ImportRejected([RowError(row=0, column="", message=message)])


def _read(file) -> list[tuple[int, dict[str, Any]]]:
    unreadable = _("无法读取文件，请上传用模板填写的 Excel 文件（.xlsx）")
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # openpyxl fails on a non-workbook with anything from BadZipFile to KeyError
        raise _rejected(unreadable) from error
    try:
        lines = workbook.worksheets[0].iter_rows(values_only=True)
        aliases = {}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                aliases |= {_(column.header): column.key for column in COLUMNS}
        positions = {
            aliases[_text(cell)]: index for index, cell in enumerate(next(lines, ())) if _text(cell) in aliases
        }
        missing = [
            RowError(1, _header(key), _("缺少该列，请使用导入模板的表头"))
            for key in COLUMN_KEYS
            if key not in positions
        ]
        if missing:
            raise ImportRejected(missing)
        rows = []
        for number, line in enumerate(lines, start=2):
            if len(rows) >= settings.IMPORT_MAX_ROWS:
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
        raise _rejected(_("文件中没有要导入的人员"))
    return rows


class _Importer:
    def __init__(self, rows, acting_user: User):
        self.rows, self.acting_user, self.errors = rows, acting_user, []
        codes = {_text(values["unit"]) for _number, values in rows}
        self.regions = Region.objects.in_bulk([code for code in codes if is_code(code)], field_name="code")
        self.choices = {"employer": _labels(Employer.choices), "post": _labels(Post.choices)}
        self.education, self.qualification = _rows_of(Education), _rows_of(Qualification)

    def fail(self, number: int, key: str, message: str) -> None:
        self.errors.append(RowError(number, _header(key) if key in COLUMN_KEYS else "", str(message)))

    def run(self) -> list[Worker]:
        workers = [self._row(number, values) for number, values in self.rows]
        if self.errors:
            raise ImportRejected(sorted(self.errors, key=lambda e: (e.row, self._position(e.column))))
        return workers

    @staticmethod
    def _position(column: str) -> int:
        headers = [_header(key) for key in COLUMN_KEYS]
        return headers.index(column) if column in headers else -1

    def _row(self, number: int, values: dict) -> Worker | None:
        failed = len(self.errors)
        text = {key: _text(values[key]) for key in COLUMN_KEYS}
        unit = self.regions.get(text["unit"])
        if not is_code(text["unit"]):
            self.fail(number, "unit", _("应为区划代码"))
        elif not covers(self.acting_user, Region(code=text["unit"])):
            # Scope first, so that an answer never tells whether a unit outside it exists.
            self.fail(number, "unit", _("不在您的管辖范围内"))
        elif unit is None:
            self.fail(number, "unit", _("代码 %(code)s 不存在") % {"code": text["unit"]})
        worker = Worker(name=text["name"], organisation=text["organisation"])
        worker.employer = self._choice(number, "employer", text, default=Employer.COMMUNITY)
        worker.post = self._choice(number, "post", text, default="")
        for key, table in (("education", self.education), ("qualification", self.qualification)):
            if text[key]:
                if text[key] in table:
                    setattr(worker, key, table[text[key]])
                else:
                    self.fail(number, key, _("无法识别“%(value)s”") % {"value": text[key]})
        worker.service_start = self._date(number, values["service_start"])
        for key in BOOLEANS:
            if text[key] not in YES | NO:
                self.fail(number, key, _("应为“是”或“否”"))
            setattr(worker, key, text[key] in YES)
        if unit is None or len(self.errors) > failed:
            return None
        worker.unit = unit
        try:
            worker_validate(worker)
        except ValidationError as invalid:
            for name, messages in invalid.message_dict.items():
                for message in messages:
                    self.fail(number, name, message)
        return worker

    def _choice(self, number: int, key: str, text: dict, *, default: str) -> str:
        if not text[key]:
            return default
        value = self.choices[key].get(text[key])
        if value is None:
            self.fail(number, key, _("无法识别“%(value)s”") % {"value": text[key]})
            return default
        return value

    def _date(self, number: int, value) -> date | None:
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
        self.fail(number, "service_start", _("日期格式应为 YYYY-MM-DD"))
        return None


def workers_import(*, file, acting_user: User) -> int:
    """Register every worker of an uploaded template, or none. Returns how many were created;
    raises PermissionDenied, or ImportRejected with every problem found."""
    if not acting_user.has_perm("workforce.import_workers"):
        raise PermissionDenied
    try:
        xlsx_check(file, max_bytes=settings.IMPORT_MAX_BYTES, max_cell_chars=settings.IMPORT_MAX_CELL_CHARS)
    except ValidationError as invalid:
        raise _rejected(invalid.messages[0]) from invalid
    workers = _Importer(_read(file), acting_user).run()
    with transaction.atomic(), audit_actor(acting_user):
        for worker in workers:
            worker.save()
        event_record(
            acting_user=acting_user,
            verb="workers.imported",
            target=workers[0],
            region_code=common_ancestor([worker.scope_code for worker in workers]),
            data={"workers": len(workers)},
        )
    return len(workers)


def workers_export(*, acting_user: User, within: str = "", post: str = "", untrained: bool = False) -> bytes:
    """The community workers the acting user's list shows, in the template's columns; audited."""
    if not acting_user.has_perm("workforce.export_workers"):
        raise PermissionDenied
    rows = worker_list(user=acting_user, within=within, post=post, untrained=untrained)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("社区工作者"))
    sheet.append([_("村（社区）名称"), *(_(column.header) for column in COLUMNS), _("今年参加培训")])
    count = 0
    yes = _("是")
    no = _("否")
    for worker in rows.iterator(chunk_size=500):
        values = [
            worker.unit.name,
            worker.scope_code,
            worker.name,
            worker.get_employer_display(),
            worker.organisation,
            worker.get_post_display(),
            worker.service_start.isoformat() if worker.service_start else "",
            str(worker.education) if worker.education else "",
            str(worker.qualification) if worker.qualification else "",
            *(yes if getattr(worker, key) else no for key in BOOLEANS),
            yes if worker.trained_this_year else no,
        ]
        sheet.append([_cell(sheet, value) for value in values])
        count += 1
    event_record(
        acting_user=acting_user,
        verb="workers.exported",
        target=acting_user,
        region_code=acting_user.region.code if acting_user.region_id else "",
        data={"within": within, "post": post, "untrained": untrained, "rows": count},
    )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(sheet, value) -> WriteOnlyCell:
    # Text stays text: a name beginning with "=" must not become a formula in the reader's Excel.
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    cell.data_type = "s"
    return cell
