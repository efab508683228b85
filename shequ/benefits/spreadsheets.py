"""The payment list (发放名册) as the bank's upload expects it: one row per person paid, with the
full ID number, a column for the account number and the amount. Streamed: rows are read in chunks
and written by openpyxl's write-only workbook to a temporary file, so memory stays flat however
many rows there are."""

import tempfile
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from shequ.accounts.models import User
from shequ.benefits.models import Benefit
from shequ.benefits.selectors import payment_list, payment_totals
from shequ.core.events import event_record
from shequ.regions.models import Region

CHUNK_ROWS = 2000
HEADERS = (
    gettext_noop("序号"),
    gettext_noop("姓名"),
    gettext_noop("身份证号"),
    gettext_noop("银行账号"),
    gettext_noop("金额（元）"),
    gettext_noop("发放月份"),
    gettext_noop("事项"),
    gettext_noop("村（社区）"),
)
WIDTHS = (8, 12, 22, 24, 12, 10, 16, 20)
TEXT_FORMAT = "@"


def _text(sheet, value) -> WriteOnlyCell:
    # Text whatever it looks like: an 18-digit ID number as a number would lose its last digits.
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    cell.data_type = "s"
    cell.number_format = TEXT_FORMAT
    return cell


def payment_list_write(*, rows: QuerySet[Benefit], month: date, file) -> int:
    """Write the (already scoped) rows of `payment_list` to `file` as a workbook; the row count."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("发放名册"))
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_(header) for header in HEADERS])
    label = f"{month:%Y-%m}"
    names: dict[int, str] = {}
    count = 0
    listed = rows.select_related("person", "region").only(
        "person__name", "person__id_number", "region__name", "service_id", "scope_code"
    )
    for benefit in listed.iterator(chunk_size=CHUNK_ROWS):
        count += 1
        if benefit.service_id not in names:
            names[benefit.service_id] = str(benefit.service)
        sheet.append(
            [
                count,
                _text(sheet, benefit.person.name),
                _text(sheet, benefit.person.id_number),
                _text(sheet, ""),
                benefit.month_amount,
                _text(sheet, label),
                _text(sheet, names[benefit.service_id]),
                _text(sheet, benefit.region.name),
            ]
        )
    summary = workbook.create_sheet(_("汇总"))
    summary.append([_("乡镇"), _("村（社区）"), _("人数"), _("金额（元）")])
    townships, overall = payment_totals(rows)
    for township in townships:
        for unit in township.units:
            summary.append([township.region.name, unit.region.name, unit.people, unit.amount])
        summary.append([township.region.name, _("小计"), township.people, township.amount])
    if overall is not None:
        summary.append([_("合计"), "", overall.people, overall.amount])
    workbook.save(file)
    return count


def payment_list_export(*, acting_user: User, month: date, region: Region | None = None):
    """The payment list with full ID numbers, as a temporary file positioned at its start: checked
    against `benefits.export_payment_list` and audited (who, which month and area, how many rows)."""
    if not acting_user.has_perm("benefits.export_payment_list"):
        raise PermissionDenied
    rows = payment_list(user=acting_user, month=month, region=region)
    file = tempfile.TemporaryFile()
    count = payment_list_write(rows=rows, month=month, file=file)
    file.seek(0)
    event_record(
        acting_user=acting_user,
        verb="benefits.payment_list_exported",
        target=acting_user,
        region_code=region.code if region else (acting_user.region.code if acting_user.region_id else ""),
        data={"month": f"{month:%Y-%m}", "region": region.code if region else "", "rows": count},
    )
    return file
