"""The pages: a resident reports with a photo and follows the case; staff dispatch from the case
page; the board shows the queues; another unit's case is a 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shequ.incidents.models import Incident
from tests.conftest import XINDI
from tests.factories import IncidentFactory, png_bytes


@pytest.mark.django_db
def test_a_resident_reports_from_the_page_and_follows_it(categories, users, residents, login):
    client = login(users["resident"])
    photo = SimpleUploadedFile("灯.png", png_bytes(), "image/png")
    category = Incident._meta.get_field("category").related_model.objects.get(code="0401")
    answer = client.post("/incidents/report/", {"category": category.pk, "description": "路灯不亮", "photos": [photo]})
    incident = Incident.objects.get()
    assert answer.status_code == 302 and incident.files.count() == 1
    assert "路灯损坏" in client.get(f"/incidents/mine/{incident.pk}/").content.decode()


@pytest.mark.django_db
def test_a_rejected_report_keeps_what_was_typed(categories, users, residents, login):
    answer = login(users["resident"]).post("/incidents/report/", {"description": "路灯不亮"})
    assert answer.status_code == 200 and "路灯不亮" in answer.content.decode()


@pytest.mark.django_db
def test_staff_work_the_board_and_take_steps_on_the_case_page(categories, users, residents, login):
    incident = IncidentFactory(acting_user=users["resident"])
    client = login(users["worker_wenhualu"])
    assert f"#{incident.pk}" in client.get("/work/incidents/").content.decode()
    client.post(f"/work/incidents/{incident.pk}/", {"to": "registered"})
    client.post(f"/work/incidents/{incident.pk}/", {"to": "dispatched"})
    incident.refresh_from_db()
    assert incident.status == "dispatched"
    assert login(users["worker_xindi"]).get(f"/work/incidents/{incident.pk}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "ug"])
def test_the_pages_render_in_both_languages(categories, users, residents, login, language, regions):
    IncidentFactory(acting_user=users["worker_xindi"], region=regions[XINDI])
    for user, path in (
        (users["resident"], "/incidents/report/"),
        (users["township_xd"], "/work/incidents/"),
        (users["grid_wenhualu"], "/work/patrols/"),
    ):
        client = login(user)
        client.cookies["django_language"] = language
        assert client.get(path, HTTP_ACCEPT_LANGUAGE=language).status_code == 200
