"""Uploads are known by their content: images re-encoded without metadata, polyglots refused or
neutralised, names kept for display only."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from shequ.core.uploads import display_name, upload_check

GPS_IFD = 0x8825
ORIENTATION = 0x0112
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def jpeg_with_gps(size=(6, 4), orientation=None) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (44.0, 0.0, 12.0), 3: "E", 4: (89.0, 10.0, 5.0)})
    if orientation:
        exif[ORIENTATION] = orientation
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, format="JPEG", exif=exif)
    return out.getvalue()


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "GPS 44.0N 89.1E, 张三家")
    out = io.BytesIO()
    Image.new("RGBA", (3, 3), (0, 0, 255, 128)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("index.html", "<script>alert(1)</script>")
    return out.getvalue()


def check(name: str, content: bytes, max_bytes: int = 10 * 1024 * 1024):
    return upload_check(SimpleUploadedFile(name, content), max_bytes=max_bytes)


def test_a_jpeg_loses_its_exif_and_gps_and_stays_upright():
    original = jpeg_with_gps(orientation=6)  # "rotate 90°": the pixels are turned instead
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)
    checked = check("photo.jpeg", original)
    stored = Image.open(io.BytesIO(checked.content))
    assert (checked.content_type, checked.extension, stored.format) == ("image/jpeg", ".jpg", "JPEG")
    assert not stored.getexif() and b"Exif" not in checked.content and b"PhoneMaker" not in checked.content
    assert stored.size == (4, 6)


def test_a_png_loses_its_text_chunks():
    checked = check("hukou.png", png_with_text())
    stored = Image.open(io.BytesIO(checked.content))
    assert stored.format == "PNG" and not stored.info.get("Comment") and b"GPS" not in checked.content
    assert stored.mode == "RGBA"


@pytest.mark.parametrize(
    "trailer", [b"<html><script>alert(1)</script></html>", zip_bytes()], ids=["HTML after the image", "a ZIP"]
)
def test_an_image_polyglot_is_neutralised_by_re_encoding(trailer):
    out = io.BytesIO()
    Image.new("RGB", (2, 2)).save(out, format="PNG")
    checked = check("cat.png", out.getvalue() + trailer)
    assert b"<script" not in checked.content and not zipfile.is_zipfile(io.BytesIO(checked.content))
    assert Image.open(io.BytesIO(checked.content)).size == (2, 2)


def test_a_plain_pdf_is_kept_as_sent():
    checked = check("证明.PDF", PDF)
    assert (checked.content, checked.content_type, checked.display_name) == (PDF, "application/pdf", "证明.pdf")


@pytest.mark.parametrize(
    "content",
    [
        PDF.replace(b"%%EOF", b""),
        PDF.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
        PDF.replace(b"/Type /Catalog", b"/Type /Catalog /AA << /O << /S /Launch /F (cmd.exe) >> >>"),
        PDF + b"<html><body><script>alert(1)</script></body></html>\n%%EOF",
        PDF + zip_bytes(),
    ],
    ids=["no %%EOF", "JavaScript", "launch action", "also an HTML page", "also a ZIP"],
)
def test_a_pdf_that_is_something_else_too_is_refused(content):
    with pytest.raises(ValidationError, match="已损坏或含有不允许的内容"):
        check("form.pdf", content)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.png", b"<html><script>alert(1)</script>", "不是 PDF、JPG 或 PNG"),
        ("virus.pdf", b"MZ\x90\x00", "不是 PDF、JPG 或 PNG"),
        ("broken.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 100, "已损坏"),
        ("big.pdf", PDF + b"0" * 2048, "超过 0 MB"),
    ],
)
def test_what_is_not_a_real_pdf_png_or_jpeg_is_refused(name, content, message):
    with pytest.raises(ValidationError, match=message):
        check(name, content, max_bytes=1024 if name == "big.pdf" else 10 * 1024 * 1024)


def test_a_decompression_bomb_is_refused():
    out = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(out, format="PNG")  # 144 megapixels in a few KB
    assert len(out.getvalue()) < 100_000
    with pytest.raises(ValidationError, match="已损坏"):
        check("bomb.png", out.getvalue())


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("../../etc/passwd.png", "passwd.png"),
        ("C:\\Users\\张三\\户口本.jpeg", "户口本.png"),
        ("invoice\u202egnp.php", "invoicegnp.png"),
        ("shell.php", "shell.png"),
        ("", "file.png"),
        (".png", "file.png"),
    ],
)
def test_the_original_name_is_kept_for_display_only_and_cleaned(sent, shown):
    assert display_name(sent, "image/png") == shown
