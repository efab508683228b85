"""The audit trail of the service hall: token-API writes name their actor, client address and user
agent; a material file leaving the system is audited like an export."""

from ipaddress import ip_network

from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from shequ.core.models import DomainEvent
from shequ.services.models import Application
from tests.factories import PASSWORD
from tests.services.test_pages_and_api import PDF


def test_a_material_download_is_audited_without_the_file_name(users, residents, elderly_allowance, login):
    login(users["resident"]).post(
        "/services/items/MZ-GLJT/apply/",
        {"applicant": residents["wife"].pk, "files": [SimpleUploadedFile("刘芳身份证.pdf", PDF, "application/pdf")]},
    )
    application = Application.objects.get()
    material = application.files.get()
    worker = login(users["worker_wenhualu"])
    assert (
        worker.get(f"/services/materials/{material.pk}/", HTTP_USER_AGENT="Edge", REMOTE_ADDR="10.1.1.1").status_code
        == 200
    )
    event = DomainEvent.objects.get(verb="application.material_downloaded")
    assert (event.actor, event.target_id, event.client_address, event.user_agent) == (
        users["worker_wenhualu"],
        str(application.pk),
        "10.1.1.1",
        "Edge",
    )
    assert event.data == {"file": material.pk, "content_type": "application/pdf", "size": len(PDF)}
    assert "刘芳" not in str(event.data)


def test_token_api_writes_name_the_actor_address_and_client(users, residents, elderly_allowance, settings):
    settings.TRUSTED_PROXIES = (ip_network("10.0.0.5"),)
    phone = {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "203.0.113.8", "HTTP_USER_AGENT": "ShequApp/1.0"}
    client = APIClient(**phone)
    token = client.post("/api/v1/auth/token/", {"username": "resident", "password": PASSWORD}).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.post("/api/v1/applications/", {"service": "MZ-GLJT"}, format="json").status_code == 201
    application = Application.objects.get()
    entry = LogEntry.objects.get_for_object(application).get(action=LogEntry.Action.CREATE)
    assert (entry.actor, entry.remote_addr) == (users["resident"], "203.0.113.8")
    event = DomainEvent.objects.get(verb="application.submitted")
    assert (event.actor, event.client_address, event.user_agent) == (users["resident"], "203.0.113.8", "ShequApp/1.0")
