"""Material files live on the configured storage (STORAGES["default"]: a local folder, or an
S3-compatible store on many nodes): they are saved and streamed back through the storage API,
never through a path on this machine's disk."""

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from shequ.services.models import Application

CONTENT = b"%PDF-1.4\n" + b"x" * 200_000 + b"\n%%EOF\n"


def test_a_material_is_stored_and_streamed_through_the_configured_storage(
    users, residents, elderly_allowance, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path  # nothing may land here
    settings.STORAGES = settings.STORAGES | {"default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    client = login(users["resident"])
    client.post(
        f"/services/items/{elderly_allowance.code}/apply/",
        {"applicant": residents["zhangsan"].pk, "files": [SimpleUploadedFile("证明.pdf", CONTENT, "application/pdf")]},
    )
    material = Application.objects.get().files.get()
    assert default_storage.exists(material.file.name) and not any(tmp_path.iterdir())

    response = client.get(f"/services/materials/{material.pk}/")
    assert response.status_code == 200 and response.streaming
    assert b"".join(response.streaming_content) == CONTENT
