"""An uploaded .xlsx checked before any spreadsheet library loads it.

An .xlsx is a zip of XML parts; text compresses extremely well, so a file of a few KB can unpack to
a cell of 40 MB that a library then holds in memory several times over. The parts' unpacked sizes
are read from the zip directory (Python's zipfile never unpacks more than a part declares), and the
sheets and the shared-string table are streamed through expat in small chunks, counting each
cell's characters without keeping them."""

import io
import zipfile
import zlib
from xml.sax import SAXException, make_parser
from xml.sax.handler import ContentHandler, feature_external_ges, feature_namespaces

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CHUNK_BYTES = 64 * 1024
# A workbook's text unpacks to at most this many times the file's size limit (templates filled in
# by hand stay far below); beyond it the file is a compression bomb, not data.
UNPACKED_RATIO = 10
CELL_PARTS = ("xl/worksheets/", "xl/sharedStrings.xml")
# A cell in a sheet (<c>, its value or inline string) or an entry of the shared-string table (<si>).
CELL_ELEMENTS = {"c", "si"}


class _CellTooLong(SAXException):
    def __init__(self):
        super().__init__("cell too long")


class _CellLengths(ContentHandler):
    def __init__(self, max_chars: int):
        super().__init__()
        self.max_chars = max_chars
        self.in_cell = 0
        self.length = 0

    def startElement(self, name, attrs):
        if name.rpartition(":")[2] in CELL_ELEMENTS:
            self.in_cell += 1
            self.length = 0

    def endElement(self, name):
        if name.rpartition(":")[2] in CELL_ELEMENTS:
            self.in_cell -= 1

    def characters(self, content):
        if self.in_cell:
            self.length += len(content)
            if self.length > self.max_chars:
                raise _CellTooLong


def _unreadable() -> ValidationError:
    return ValidationError(_("无法读取文件，请上传用模板填写的 Excel 文件（.xlsx）"), code="unreadable")


def _part_check(archive: zipfile.ZipFile, info: zipfile.ZipInfo, max_cell_chars: int) -> None:
    parser = make_parser()
    parser.setFeature(feature_namespaces, False)
    parser.setFeature(feature_external_ges, False)
    parser.setContentHandler(_CellLengths(max_cell_chars))
    with archive.open(info) as part:
        while chunk := part.read(CHUNK_BYTES):
            parser.feed(chunk)
    parser.close()


def xlsx_check(file, *, max_bytes: int, max_cell_chars: int) -> None:
    """ValidationError in the user's language when `file` (an upload) is larger than `max_bytes`,
    is not an .xlsx, unpacks to more than its size allows, or has a cell longer than
    `max_cell_chars`. Leaves the file at its start."""
    file.seek(0, io.SEEK_END)
    if file.tell() > max_bytes:
        raise ValidationError(
            _("文件不能超过 %(mb)s MB，请分成几个文件导入") % {"mb": max_bytes // (1024 * 1024)}, code="too_large"
        )
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            parts = archive.infolist()
            if sum(info.file_size for info in parts) > UNPACKED_RATIO * max_bytes or any(
                info.file_size > max_bytes for info in parts if not info.filename.startswith(CELL_PARTS)
            ):
                raise ValidationError(_("文件解压后过大，不像是用模板填写的表格"), code="too_large")
            for info in parts:
                if info.filename.startswith(CELL_PARTS) and info.filename.endswith(".xml"):
                    _part_check(archive, info, max_cell_chars)
    except _CellTooLong as too_long:
        raise ValidationError(
            _("有单元格超过 %(chars)s 个字符（Excel 单元格的上限），请检查文件") % {"chars": max_cell_chars},
            code="cell_too_long",
        ) from too_long
    # Damaged, encrypted or oddly compressed zips fail in as many ways as there are layers.
    except (zipfile.BadZipFile, zipfile.LargeZipFile, SAXException, zlib.error, OSError, EOFError) as error:
        raise _unreadable() from error
    except (RuntimeError, NotImplementedError) as error:
        raise _unreadable() from error
    finally:
        file.seek(0)
