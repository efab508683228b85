"""Uploaded files kept and given back safely.

A file is known by its content, never by the name or type the uploader's browser sent: what is
stored is a random name with the extension of the type that was found, and it is served with that
type, `nosniff`, and as an attachment (images, re-encoded here, may show inline). Images are
decoded and encoded again, which drops EXIF/GPS and any other metadata and whatever was appended
or hidden in the file (a PNG that is also a ZIP or an HTML page is just a PNG afterwards). PDFs
cannot be rebuilt that simply, so one that is also something else, or that carries scripts,
launch actions or embedded files, is refused."""

import io
import re
import unicodedata
import uuid
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
# What a file's first bytes must be for each accepted type, and the extension it is stored under.
SIGNATURES = {b"%PDF-": PDF, b"\x89PNG\r\n\x1a\n": PNG, b"\xff\xd8\xff": JPEG}
EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg"}
PILLOW_FORMATS = {PNG: "PNG", JPEG: "JPEG"}
INLINE_TYPES = {PNG, JPEG}
# A scanned page or a phone photo of a document needs no more than about 24 megapixels; beyond this
# a small file is a decompression bomb (decoding holds 3–4 bytes a pixel, and rotating it a copy).
MAX_PIXELS = 24_000_000
# The PDF specification has readers look for %%EOF in the last 1024 bytes.
PDF_TAIL_BYTES = 1024
# Active content in a PDF, and markup that makes it a polyglot a browser might render as a page.
# Object streams are refused too: names inside them are compressed, so nothing here could read them.
PDF_REFUSED = re.compile(
    rb"/(?:JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA|ObjStm)\b|<(?:html|script|body|iframe)\b", re.I
)
# A PDF name may spell any character as #xx (/J#61vaScript is /JavaScript).
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
NAME_UNSAFE = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\\/:*?\"<>|]")


@dataclass(frozen=True)
class CheckedFile:
    """An upload as it will be stored: its content (re-encoded for images), real type, and the
    uploader's file name kept only for display."""

    content: bytes
    content_type: str
    display_name: str

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]

    def stored_file(self) -> ContentFile:
        """The content under a random name with the checked type's extension."""
        return ContentFile(self.content, name=f"{uuid.uuid4().hex}{self.extension}")


def display_name(name: str, content_type: str) -> str:
    """The uploader's file name fit for showing and for a download: no folders, no control or
    direction characters, NFC, at most 100 characters, ending in the checked type's extension."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    cleaned = NAME_UNSAFE.sub("", unicodedata.normalize("NFC", base))
    stem = (cleaned.rpartition(".")[0] if "." in cleaned else cleaned).strip(" .")
    return f"{stem[:96] or 'file'}{EXTENSIONS[content_type]}"


def _sniffed(head: bytes) -> str | None:
    return next((content_type for signature, content_type in SIGNATURES.items() if head.startswith(signature)), None)


def _reencoded_image(data: bytes, content_type: str) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=[PILLOW_FORMATS[content_type]]) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise ValidationError("too many pixels")
                image.load()
                # Orientation lives in the EXIF that is dropped: turn the pixels instead.
                upright = ImageOps.exif_transpose(image)
        except (
            UnidentifiedImageError,
            OSError,
            SyntaxError,
            ValueError,
            Image.DecompressionBombError,
            Image.DecompressionBombWarning,
        ) as error:
            raise ValidationError("unreadable image") from error
    if content_type == JPEG:
        upright = upright.convert("RGB") if upright.mode not in ("RGB", "L") else upright
        options = {"quality": 90, "optimize": True}
    else:
        upright = upright.convert("RGBA") if upright.mode not in ("RGB", "RGBA", "L", "LA") else upright
        options = {"optimize": True}
    out = io.BytesIO()
    # Saved without `exif`, `icc_profile` or text chunks: none of the original's metadata survives.
    upright.save(out, format=PILLOW_FORMATS[content_type], **options)
    return out.getvalue()


def _pdf_checked(data: bytes) -> bytes:
    if b"%%EOF" not in data[-PDF_TAIL_BYTES:]:
        raise ValidationError("no end of file marker")
    unescaped = PDF_NAME_ESCAPE.sub(lambda match: bytes([int(match.group(1), 16)]), data)
    if PDF_REFUSED.search(unescaped) or zipfile.is_zipfile(io.BytesIO(data)):
        raise ValidationError("active content or polyglot")
    return data


def upload_check(upload, *, max_bytes: int) -> CheckedFile:
    """The upload as a PDF, PNG or JPEG checked by its content; ValidationError in the user's
    language naming the file otherwise."""
    shown = NAME_UNSAFE.sub("", upload.name or "")[:100]
    if upload.size > max_bytes:
        raise ValidationError(
            _("文件“%(name)s”超过 %(mb)s MB") % {"name": shown, "mb": max_bytes // (1024 * 1024)}, code="too_large"
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    content_type = _sniffed(data[:8])
    if content_type is None:
        raise ValidationError(_("文件“%(name)s”不是 PDF、JPG 或 PNG 格式") % {"name": shown}, code="type")
    try:
        content = _pdf_checked(data) if content_type == PDF else _reencoded_image(data, content_type)
    except ValidationError as error:
        raise ValidationError(
            _("文件“%(name)s”已损坏或含有不允许的内容，请重新扫描或拍照后上传") % {"name": shown}, code="content"
        ) from error
    return CheckedFile(content=content, content_type=content_type, display_name=display_name(upload.name, content_type))


def uploads_check(files: list, *, max_files: int) -> list[CheckedFile]:
    """Every file of one upload field checked by its content (images re-encoded), at most
    `max_files` of them, each within settings.UPLOAD_MAX_BYTES; or one ValidationError on `files`
    naming every bad file."""
    from django.conf import settings

    if len(files) > max_files:
        raise ValidationError({"files": [_("一次最多上传 %(count)s 个文件") % {"count": max_files}]})
    checked, errors = [], []
    for upload in files:
        try:
            checked.append(upload_check(upload, max_bytes=settings.UPLOAD_MAX_BYTES))
        except ValidationError as invalid:
            errors.extend(invalid.messages)
    if errors:
        raise ValidationError({"files": errors})
    return checked


def stored_file_response(file, *, content_type: str, display_name: str) -> FileResponse:
    """A stored upload given back with its checked type, never sniffed, never run as a page."""
    response = FileResponse(
        file, content_type=content_type, as_attachment=content_type not in INLINE_TYPES, filename=display_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even opened directly, the file is a sandboxed document that loads nothing.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "no-store"
    return response
