import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from shequ.services.catalogue import catalogue_load
from shequ.services.models import Application
from shequ.services.services import application_transition
from shequ.services.workflow import Status
from tests.factories import png_bytes

PDF = b"%PDF-1.4 test\n%%EOF\n"


@pytest.fixture
def catalogue(db):
    catalogue_load()


def test_catalogue_and_guide_are_public_and_translated(catalogue):
    client = Client()
    html = client.get("/services/?q=高龄").content.decode()
    assert "高龄津贴" in html and "家政服务" not in html
    guide = client.get("/services/items/MZ-GLJT/").content.decode()
    assert "居民身份证" in guide and "10 个工作日" in guide
    client.cookies["django_language"] = "ug"
    assert "ياشانغانلار تولۇقلىمىسى" in client.get("/services/items/MZ-GLJT/").content.decode()


def test_services_api_contract(catalogue):
    items = APIClient().get("/api/v1/services/").json()["results"]
    item = next(row for row in items if row["code"] == "MZ-GLJT")
    assert {"code", "name", "department", "promised_days", "channel", "materials"} <= set(item)
    assert (item["department"], item["promised_days"], item["channel"]) == ("mzj", 10, "both")
    assert item["materials"][0] == "居民身份证"


def test_resident_applies_online_with_materials_and_follows_it(users, residents, catalogue, login):
    client = login(users["resident"])
    response = client.post(
        "/services/items/MZ-GLJT/apply/",
        {
            "applicant": residents["wife"].pk,
            "note": "母亲今年满80岁",
            "files": [SimpleUploadedFile("id.pdf", PDF, "application/pdf")],
        },
    )
    application = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/services/applications/{application.pk}/"
    assert (application.applicant, application.channel, application.files.count()) == (residents["wife"], "online", 1)
    page = client.get(response["Location"]).content.decode()
    assert application.number in page and "已提交" in page and application.due_date.strftime("%Y-%m-%d") in page
    assert client.get(f"/services/materials/{application.files.get().pk}/").status_code == 200
    assert login(users["worker_xindi"]).get(f"/services/materials/{application.files.get().pk}/").status_code == 404


def test_a_bad_file_keeps_the_typed_note(users, residents, catalogue, login):
    response = login(users["resident"]).post(
        "/services/items/MZ-GLJT/apply/",
        {
            "applicant": residents["zhangsan"].pk,
            "note": "请尽快办理",
            "files": [SimpleUploadedFile("a.exe", b"MZ", "application/pdf")],
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "不是 PDF" in html and "请尽快办理" in html
    assert not Application.objects.exists()


def test_worker_handles_from_the_queue_and_a_missing_reason_keeps_input(users, residents, catalogue, login):
    # 就业失业登记 is handled at the village alone (高龄津贴 goes up the chain: test_approval_chain).
    login(users["resident"]).post("/services/items/RS-JYSY/apply/", {"applicant": residents["zhangsan"].pk})
    application = Application.objects.get()
    worker = login(users["worker_wenhualu"])
    assert application.number in worker.get("/work/applications/?queue=to_accept").content.decode()
    assert "待受理" in worker.get("/work/").content.decode()
    refused = worker.post(f"/work/applications/{application.pk}/", {"to": "not_accepted", "note": "已电话联系"})
    assert refused.status_code == 200 and "请写明理由" in refused.content.decode()
    assert "已电话联系" in refused.content.decode()
    worker.post(f"/work/applications/{application.pk}/", {"to": "accepted"})
    worker.post(f"/work/applications/{application.pk}/", {"to": "in_progress"})
    worker.post(f"/work/applications/{application.pk}/", {"to": "completed", "note": "已发放"})
    application.refresh_from_db()
    assert application.status == Status.COMPLETED
    assert login(users["worker_xindi"]).get(f"/work/applications/{application.pk}/").status_code == 404


def test_window_registration_finds_the_resident_and_files_for_them(users, residents, catalogue, login):
    worker = login(users["worker_wenhualu"])
    found = worker.get("/work/applications/window/?q=ww").content.decode()
    assert "王五" in found and "110105********002X" in found
    response = worker.post(
        "/work/applications/window/", {"service": "", "applicant": residents["wangwu"].pk, "note": "窗口代办"}
    )
    assert response.status_code == 200 and "窗口代办" in response.content.decode()  # no service chosen
    from shequ.services.models import ServiceItem

    service = ServiceItem.objects.get(code="GA-HJZM")
    response = worker.post("/work/applications/window/", {"service": service.pk, "applicant": residents["wangwu"].pk})
    application = Application.objects.get()
    assert (application.channel, application.submitted_by) == ("window", users["worker_wenhualu"])
    cannot = worker.post("/work/applications/window/", {"service": service.pk, "applicant": residents["lisi"].pk})
    assert cannot.status_code == 200 and Application.objects.count() == 1


def test_applications_api_contract_and_409(users, residents, catalogue):
    resident = APIClient()
    resident.force_authenticate(users["resident"])
    created = resident.post("/api/v1/applications/", {"service": "MZ-GLJT", "data": {"note": "x"}}, format="json")
    assert created.status_code == 201
    body = created.json()
    assert {"id", "service", "status", "submitted_at", "due_date", "history"} <= set(body)
    assert (body["service"], body["status"], body["history"][0]["to_status"]) == ("MZ-GLJT", "submitted", "submitted")
    assert len(body["due_date"]) == 10
    worker = APIClient()
    worker.force_authenticate(users["worker_wenhualu"])
    url = f"/api/v1/applications/{body['id']}/transition/"
    forbidden = worker.post(url, {"to": "completed"}, format="json")
    assert forbidden.status_code == 409 and "不能变为" in forbidden.json()["detail"]
    assert worker.post(url, {"to": "not_accepted"}, format="json").status_code == 400
    assert worker.post(url, {"to": "accepted", "note": "材料齐全"}, format="json").json()["status"] == "accepted"
    on_behalf = worker.post(
        "/api/v1/applications/", {"service": "MZ-GLJT", "applicant": residents["wangwu"].pk}, format="json"
    )
    assert on_behalf.status_code == 201 and on_behalf.json()["channel"] == "window"
    other = APIClient()
    other.force_authenticate(users["worker_xindi"])
    assert other.get(f"/api/v1/applications/{body['id']}/").status_code == 404
    assert (
        other.post(
            "/api/v1/applications/", {"service": "MZ-GLJT", "applicant": residents["zhangsan"].pk}, format="json"
        ).status_code
        == 404
    )


def test_supplement_through_the_resident_page(users, residents, catalogue, login):
    resident = login(users["resident"])
    resident.post("/services/items/MZ-GLJT/apply/", {"applicant": residents["zhangsan"].pk})
    application = Application.objects.get()
    application_transition(
        application=application,
        to=Status.SUPPLEMENT_REQUESTED,
        acting_user=users["worker_wenhualu"],
        materials=["户口簿首页"],
    )
    page = resident.get(f"/services/applications/{application.pk}/").content.decode()
    assert "户口簿首页" in page and "暂停计时" in page
    resident.post(
        f"/services/applications/{application.pk}/",
        {"to": "submitted", "files": [SimpleUploadedFile("hukou.png", png_bytes(), "image/png")]},
    )
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED and application.files.count() == 1


def test_inbox_shows_status_changes(users, residents, catalogue, login, django_capture_on_commit_callbacks):
    resident = login(users["resident"])
    with django_capture_on_commit_callbacks(execute=True):
        resident.post("/services/items/MZ-GLJT/apply/", {"applicant": residents["zhangsan"].pk})
        application_transition(
            application=Application.objects.get(), to=Status.ACCEPTED, acting_user=users["worker_wenhualu"]
        )
    assert '<span class="badge text-bg-danger">2</span>' in resident.get("/").content.decode()
    html = resident.get("/inbox/").content.decode()
    assert "已受理" in html and "您的申请已提交" in html


def test_a_county_department_sees_only_its_own_items_everywhere(users, residents, catalogue, login):
    resident = login(users["resident"])
    resident.post(
        "/services/items/MZ-GLJT/apply/",
        {"applicant": residents["zhangsan"].pk, "files": [SimpleUploadedFile("id.pdf", PDF, "application/pdf")]},
    )
    application = Application.objects.get()
    material = application.files.get()
    education, civil_affairs = login(users["county_jy"]), login(users["county_mz"])
    for path in (f"/services/applications/{application.pk}/", f"/services/materials/{material.pk}/"):
        assert education.get(path).status_code == 404, path
        assert civil_affairs.get(path).status_code == 200, path
    assert not users["county_jy"].has_perm("services.view_application", application)


def test_non_numeric_ids_are_not_found(users, residents, catalogue, login):
    assert login(users["worker_wenhualu"]).post("/work/applications/window/", {"applicant": "abc"}).status_code == 200
    assert login(users["resident"]).post("/services/book/BM-ZY/", {"slot": "abc"}).status_code == 404


def test_admin_catalogue_for_county_administrators_and_scoped_applications(users, residents, catalogue, login):
    login(users["resident"]).post("/services/items/MZ-GLJT/apply/", {"applicant": residents["zhangsan"].pk})
    application = Application.objects.get()
    item_page = f"/admin/services/serviceitem/{application.service_id}/change/"
    county_admin = login(users["county_admin"])
    assert county_admin.get(item_page).status_code == 200
    assert application.number in county_admin.get("/admin/services/application/").content.decode()
    # Workers and county departments work in the workbench; the admin is not theirs.
    for username in ["worker_wenhualu", "county_jy"]:
        assert login(users[username]).get(item_page).status_code == 302
        assert login(users[username]).get(f"/admin/services/application/{application.pk}/change/").status_code == 302
