"""Application materials: stored under a random name with the checked type's extension, served with
that type, nosniff and as an attachment (images inline), metadata gone."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from shequ.services.catalogue import catalogue_load
from shequ.services.models import Application, ApplicationFile
from tests.core.test_uploads import PDF, jpeg_with_gps


@pytest.fixture
def catalogue(db):
    catalogue_load()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def apply_with(client, residents, *files):
    return client.post(
        "/services/items/YB-CBDJ/apply/", {"applicant": residents["zhangsan"].pk, "note": "材料", "files": list(files)}
    )


def test_materials_are_stored_under_random_names_with_the_checked_extension(users, residents, catalogue, login):
    client = login(users["resident"])
    response = apply_with(
        client,
        residents,
        # A JPEG that claims to be a PHP script, and a PDF with a misleading extension and type.
        SimpleUploadedFile("../../shell.php", jpeg_with_gps(), "application/x-php"),
        SimpleUploadedFile("证明\u202efdp.exe", PDF, "application/octet-stream"),
    )
    assert response.status_code == 302
    photo, pdf = ApplicationFile.objects.order_by("id")
    assert re.fullmatch(r"applications/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", photo.file.name)
    assert re.fullmatch(r"applications/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", pdf.file.name)
    assert (photo.content_type, photo.original_name) == ("image/jpeg", "shell.jpg")
    assert (pdf.content_type, pdf.original_name) == ("application/pdf", "证明fdp.pdf")
    stored = photo.file.read()
    assert photo.size == len(stored) and b"Exif" not in stored and b"PhoneMaker" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()


def test_materials_are_served_with_the_checked_type_and_nosniff(users, residents, catalogue, login):
    client = login(users["resident"])
    apply_with(
        client,
        residents,
        SimpleUploadedFile("photo.png", jpeg_with_gps(), "image/png"),
        SimpleUploadedFile("form.html", PDF, "text/html"),
    )
    photo, pdf = ApplicationFile.objects.order_by("id")
    image = client.get(f"/services/materials/{photo.pk}/")
    assert image["Content-Type"] == "image/jpeg" and image["X-Content-Type-Options"] == "nosniff"
    assert image["Content-Disposition"].startswith("inline") and "photo.jpg" in image["Content-Disposition"]
    document = client.get(f"/services/materials/{pdf.pk}/")
    assert document["Content-Type"] == "application/pdf" and document["X-Content-Type-Options"] == "nosniff"
    assert document["Content-Disposition"].startswith("attachment") and "form.pdf" in document["Content-Disposition"]
    assert "sandbox" in document["Content-Security-Policy"]
    assert b"".join(document.streaming_content) == PDF


def test_a_polyglot_pdf_is_refused_and_nothing_saved(users, residents, catalogue, login):
    response = apply_with(
        login(users["resident"]),
        residents,
        SimpleUploadedFile("scan.pdf", PDF + b"<html><script>alert(1)</script></html>\n%%EOF", "application/pdf"),
    )
    assert response.status_code == 200 and "已损坏或含有不允许的内容" in response.content.decode()
    assert not Application.objects.exists() and not ApplicationFile.objects.exists()


def test_an_upload_over_the_limit_is_refused(users, residents, catalogue, login, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    response = apply_with(login(users["resident"]), residents, SimpleUploadedFile("a.pdf", PDF + b"0" * 2048))
    assert response.status_code == 200 and "超过 0 MB" in response.content.decode()
    assert not Application.objects.exists()


def test_the_default_upload_limit_is_10_mb():
    from django.conf import settings

    assert settings.UPLOAD_MAX_BYTES == 10 * 1024 * 1024
