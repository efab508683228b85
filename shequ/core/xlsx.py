"""Excel exports written row by row: openpyxl's write-only workbook keeps only the current row in
memory and the rows go to a temporary file, so a county-wide export is as light as a page. Every
text is a text cell (a value starting with "=" never becomes a formula in the reader's Excel)."""

import tempfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK_ROWS = 2000


def export_size_check(rows: QuerySet) -> int:
    """The number of rows, or ValidationError when there are more than settings.EXPORT_MAX_ROWS
    (counted no further than the cap)."""
    cap = settings.EXPORT_MAX_ROWS
    count = rows.order_by()[: cap + 1].count()
    if count > cap:
        raise ValidationError(_("超过 %(cap)s 行，请缩小筛选范围后再导出") % {"cap": cap}, code="export_too_large")
    return count


def _cell(sheet, value) -> WriteOnlyCell:
    if isinstance(value, datetime):
        value = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if value is None or isinstance(value, bool | int | float | date):
        if isinstance(value, bool):
            value = _("是") if value else _("否")
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, date):  # a datetime was handled above
            cell.number_format = "yyyy-mm-dd"
        return cell
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    cell.data_type = "s"
    cell.number_format = "@"
    return cell


def xlsx_write(*, title: str, headers: Sequence[str], widths: Sequence[int], rows: Iterable[Sequence]):
    """A workbook of one sheet in a temporary file (at its start), and how many rows it has."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_cell(sheet, header) for header in headers])
    count = 0
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
        count += 1
    out = tempfile.TemporaryFile()
    workbook.save(out)
    out.seek(0)
    return out, count


def xlsx_response(file, *, filename: str) -> FileResponse:
    """The temporary file streamed to the browser in blocks, never read whole."""
    response = FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX)
    response["Cache-Control"] = "no-store"
    return response


def xlsx_write_sheets(*, sheets: Iterable[tuple[str, Sequence[str], Sequence[int], Iterable[Sequence]]]):
    """A workbook of several sheets, each (title, headers, widths, rows), in a temporary file."""
    workbook = Workbook(write_only=True)
    for title, headers, widths, rows in sheets:
        sheet = workbook.create_sheet(title[:31])
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        sheet.append([_cell(sheet, header) for header in headers])
        for row in rows:
            sheet.append([_cell(sheet, value) for value in row])
    out = tempfile.TemporaryFile()
    workbook.save(out)
    out.seek(0)
    return out
