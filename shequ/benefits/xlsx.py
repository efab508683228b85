"""A workbook written row by row into a file, memory flat in the number of rows.

openpyxl's write-only mode keeps every distinct string in a shared-string table until it saves (a
payment list's names and ID numbers are all distinct, so the table grows with the rows) and spends
about half a millisecond a row on its pure-Python XML writer (50 s for 100,000 rows; see
bench/results/payment_list-postgresql.md). Here each sheet is streamed into the zip as it is
written, strings inline (t="inlineStr", which also keeps an ID number text in the reader's Excel),
numbers as numbers; only a row's XML is in memory at a time.
"""

import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

BATCH_ROWS = 1000
# What a string must lose (characters XML 1.0 forbids) or have escaped before it goes into a cell.
NEEDS_CLEANING = re.compile(f"[&<>]|{ILLEGAL_CHARACTERS_RE.pattern}")
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


@dataclass
class Sheet:
    title: str
    rows: Iterable[Sequence]  # read once, lazily: a generator over a chunked query
    widths: Sequence[int] = ()
    freeze_header: bool = True


def _cell(value) -> str:
    # Cells without a reference follow each other along the row (the r attribute is optional).
    if type(value) is str:
        if not value:
            return "<c/>"
        if NEEDS_CLEANING.search(value):
            value = escape(ILLEGAL_CHARACTERS_RE.sub("", value))
        return f'<c t="inlineStr"><is><t xml:space="preserve">{value}</t></is></c>'
    if value is None:
        return "<c/>"
    if isinstance(value, bool):
        return f'<c t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal):
        return f"<c><v>{value}</v></c>"
    return _cell(str(value))


def _sheet_write(part, sheet: Sheet) -> None:
    head = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}">']
    if sheet.freeze_header:
        head.append(
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
            'state="frozen"/></sheetView></sheetViews>'
        )
    if sheet.widths:
        head.append("<cols>")
        head += [
            f'<col min="{index}" max="{index}" width="{width}" customWidth="1"/>'
            for index, width in enumerate(sheet.widths, start=1)
        ]
        head.append("</cols>")
    head.append("<sheetData>")
    part.write("".join(head).encode())
    batch: list[str] = []
    for number, row in enumerate(sheet.rows, start=1):
        batch.append(f'<row r="{number}">{"".join(map(_cell, row))}</row>')
        if len(batch) >= BATCH_ROWS:
            part.write("".join(batch).encode())
            batch = []
    batch.append("</sheetData></worksheet>")
    part.write("".join(batch).encode())


def xlsx_write(file, sheets: list[Sheet]) -> None:
    """Write `sheets` as an .xlsx into `file` (a binary file open for writing)."""
    # The fastest deflate level: the XML of rows compresses well at any level, and time is the cost.
    with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{index}.xml" ContentType="{SHEET_TYPE}"/>'
            for index in range(1, len(sheets) + 1)
        )
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
            f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        entries = "".join(
            f'<sheet name={quoteattr(sheet.title[:31])} sheetId="{index}" r:id="rId{index}"/>'
            for index, sheet in enumerate(sheets, start=1)
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>{entries}</sheets></workbook>',
        )
        links = "".join(
            f'<Relationship Id="rId{index}" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet{index}.xml"/>'
            for index in range(1, len(sheets) + 1)
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">{links}</Relationships>',
        )
        for index, sheet in enumerate(sheets, start=1):
            with archive.open(f"xl/worksheets/sheet{index}.xml", "w", force_zip64=True) as part:
                _sheet_write(part, sheet)
