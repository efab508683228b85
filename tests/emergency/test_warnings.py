"""Warnings: who must acknowledge, the delivery (inbox rows, SMS, broadcast scripts in both
languages), the counts by unit and grid, idempotent acknowledgement, the workflow's 409s and scope."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult
from rest_framework.test import APIClient

from shequ.emergency.broadcast import broadcast_scripts
from shequ.emergency.models import Acknowledgement, Force, ForceCall, Shelter
from shequ.emergency.selectors import warning_ack_counts, warnings_current
from shequ.emergency.services import warning_acknowledge, warning_forces_call, warning_transition
from shequ.emergency.tasks import warning_deliver
from shequ.emergency.workflow import WarningStatus
from shequ.notifications.models import Notification
from tests.conftest import MANCHENGLU, WENHUALU, XINDI, make_user
from tests.emergency.conftest import draft


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_issuing_asks_every_grid_and_village_worker_of_the_targets_and_no_one_else(issued, emergency_users):
    asked = set(Acknowledgement.objects.filter(warning=issued).values_list("worker__username", flat=True))
    assert asked == {"worker_wenhualu", "grid_wenhualu", "grid_wenhualu_2"}
    grid_row = Acknowledgement.objects.get(warning=issued, worker=emergency_users["grid_wenhualu"])
    assert (grid_row.unit_code, grid_row.grid_code) == (WENHUALU, WENHUALU + "001")


@pytest.mark.django_db
def test_a_grid_target_asks_its_grid_worker_and_its_units_village_workers(emergency_users, regions):
    warning = draft(emergency_users["county_yj"], regions, WENHUALU + "002")
    warning_transition(warning=warning, acting_user=emergency_users["county_yj"], to=WarningStatus.ISSUED)
    asked = set(Acknowledgement.objects.filter(warning=warning).values_list("worker__username", flat=True))
    assert asked == {"grid_wenhualu_2", "worker_wenhualu"}


@pytest.mark.django_db
def test_issuing_queues_the_delivery_after_commit_only(emergency_users, regions, django_capture_on_commit_callbacks):
    warning = draft(emergency_users["county_yj"], regions, "652327100")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        warning_transition(warning=warning, acting_user=emergency_users["county_yj"], to=WarningStatus.ISSUED)
        assert not DBTaskResult.objects.exists()
    assert len(callbacks) == 1
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "shequ.emergency.tasks.warning_deliver"
    assert queued.args_kwargs["kwargs"] == {"warning_id": warning.pk}


@pytest.mark.django_db
def test_delivery_fills_inboxes_and_sends_sms_in_each_readers_language(issued, emergency_users, users, sms_outbox):
    resident = users["resident"]
    resident.phone, resident.language = "13812345678", "ug"
    resident.save()
    result = warning_deliver.call(warning_id=issued.pk)
    inbox = Notification.objects.filter(key__startswith="emergency.")
    assert set(inbox.values_list("recipient__username", "key")) == {
        ("resident", "emergency.warning"),
        ("worker_wenhualu", "emergency.ack_requested"),
        ("grid_wenhualu", "emergency.ack_requested"),
        ("grid_wenhualu_2", "emergency.ack_requested"),
    }
    assert result == {"inbox": 4, "sms": 2}
    by_phone = {message.phone: message for message in sms_outbox}
    assert set(by_phone) == {"13812345678", "13900000002"}
    assert "قاتتىق شامال" in by_phone["13812345678"].text  # the resident reads Uyghur
    assert "大风橙色预警" in by_phone["13900000002"].text and "橙色气象预警" in by_phone["13900000002"].text
    resident_message = inbox.get(recipient=resident)
    assert "ئاگاھلاندۇرۇش" in resident_message.title
    # No personal data in the stored message: the warning's public words and codes only.
    assert set(resident_message.params) == {"id", "level", "kind", "title"}


@pytest.mark.django_db
def test_a_workers_only_warning_reaches_no_resident(emergency_users, regions, residents):
    warning = draft(emergency_users["county_yj"], regions, WENHUALU, audience="workers")
    warning_transition(warning=warning, acting_user=emergency_users["county_yj"], to=WarningStatus.ISSUED)
    warning_deliver.call(warning_id=warning.pk)
    assert not Notification.objects.filter(key="emergency.warning").exists()
    assert Notification.objects.filter(key="emergency.ack_requested").count() == 3


@pytest.mark.django_db
def test_broadcast_scripts_per_unit_in_chinese_and_uyghur_name_the_shelter(issued, emergency_users, regions):
    Shelter.objects.create(
        region=regions[WENHUALU], scope_code=WENHUALU, name="文化路小学操场", address="文化路8号", capacity=800
    )
    scripts = {unit.unit.code: unit for unit in broadcast_scripts(warning=issued, user=emergency_users["county_yj"])}
    assert WENHUALU in scripts and MANCHENGLU in scripts and XINDI not in scripts
    chinese, uyghur = scripts[WENHUALU].scripts
    assert (chinese.language, uyghur.language, uyghur.direction) == ("zh-hans", "ug", "rtl")
    assert "大风橙色预警" in chinese.paragraphs and "文化路小学操场（文化路8号）" in " ".join(chinese.paragraphs)
    assert issued.title_ug in uyghur.paragraphs and "文化路小学操场" in " ".join(uyghur.paragraphs)
    assert "各位居民" not in " ".join(uyghur.paragraphs)  # the frame is translated, not Chinese
    assert "文化路小学操场" not in " ".join(scripts[MANCHENGLU].scripts[0].paragraphs)


@pytest.mark.django_db
def test_the_broadcast_page_is_plain_and_bilingual(issued, emergency_users, login):
    page = login(emergency_users["worker_wenhualu"]).get(f"/work/emergency/warnings/{issued.pk}/broadcast/")
    text = page.content.decode()
    assert page.status_code == 200 and 'dir="rtl"' in text and issued.body_ug in text and issued.body in text
    assert f"unit-{WENHUALU}" in text and f"unit-{MANCHENGLU}" not in text  # the worker's own unit only


@pytest.mark.django_db
def test_counts_by_unit_and_grid_in_constant_queries(issued, emergency_users):
    warning_acknowledge(warning=issued, acting_user=emergency_users["grid_wenhualu"])
    with CaptureQueriesContext(connection) as queries:
        counts = warning_ack_counts(warning=issued, user=emergency_users["county_yj"])
    assert len(queries) == 2
    assert (counts.acknowledged, counts.pending) == (1, 2)
    (unit,) = counts.by_unit
    assert (unit.code, unit.acknowledged, unit.pending) == (WENHUALU, 1, 2)
    assert [(grid.code, grid.acknowledged, grid.pending) for grid in unit.grids] == [
        (WENHUALU + "001", 1, 0),
        (WENHUALU + "002", 0, 1),
    ]
    # More units and workers do not add queries.
    for number in range(5):
        make_user(f"extra{number}", "grid_worker", emergency_users["grid_wenhualu"].region)
    with CaptureQueriesContext(connection) as again:
        warning_ack_counts(warning=issued, user=emergency_users["county_yj"])
    assert len(again) == 2


@pytest.mark.django_db
def test_acknowledge_is_idempotent_and_only_for_those_asked(issued, emergency_users):
    grid_worker = emergency_users["grid_wenhualu"]
    assert warning_acknowledge(warning=issued, acting_user=grid_worker) is True
    first = Acknowledgement.objects.get(warning=issued, worker=grid_worker).acknowledged_at
    assert warning_acknowledge(warning=issued, acting_user=grid_worker) is False
    assert Acknowledgement.objects.get(warning=issued, worker=grid_worker).acknowledged_at == first
    answer = api(emergency_users["grid_xindi"]).post(f"/api/v1/warnings/{issued.pk}/acknowledge/")
    assert answer.status_code == 404


@pytest.mark.django_db
def test_the_api_contract_level_regions_counts_and_by_unit(issued, emergency_users):
    client = api(emergency_users["grid_wenhualu"])
    answer = client.post(f"/api/v1/warnings/{issued.pk}/acknowledge/")
    assert answer.status_code == 200 and answer.json() == {"acknowledged": True, "first_time": True}
    again = client.post(f"/api/v1/warnings/{issued.pk}/acknowledge/")
    assert again.json()["first_time"] is False
    body = api(emergency_users["township_jms"]).get(f"/api/v1/warnings/{issued.pk}/").json()
    assert body["level"] == "orange" and body["regions"] == ["652327100"]
    assert (body["acknowledged"], body["pending"]) == (1, 2)
    assert body["by_unit"][0]["code"] == WENHUALU and body["by_unit"][0]["pending"] == 2
    assert {grid["code"] for grid in body["by_unit"][0]["grids"]} == {WENHUALU + "001", WENHUALU + "002"}


@pytest.mark.django_db
def test_forbidden_steps_are_409(issued, emergency_users):
    client = api(emergency_users["county_yj"])
    answer = client.post(f"/api/v1/warnings/{issued.pk}/transition/", {"to": "issued"}, format="json")
    assert answer.status_code == 409 and answer.json()["code"] == "emergency.transition_forbidden"
    assert client.post(f"/api/v1/warnings/{issued.pk}/transition/", {"to": "lifted"}, format="json").status_code == 200
    answer = client.post(f"/api/v1/warnings/{issued.pk}/transition/", {"to": "issued"}, format="json")
    assert answer.status_code == 409
    # A lifted warning is no longer acknowledged.
    answer = api(emergency_users["grid_wenhualu"]).post(f"/api/v1/warnings/{issued.pk}/acknowledge/")
    assert answer.status_code == 409 and answer.json()["code"] == "emergency.not_issued"


@pytest.mark.django_db
def test_scope_another_townships_staff_get_404_and_cannot_target_outside(issued, emergency_users, regions):
    assert api(emergency_users["township_xd"]).get(f"/api/v1/warnings/{issued.pk}/").status_code == 404
    assert login_get(emergency_users["township_xd"], f"/work/emergency/warnings/{issued.pk}/") == 404
    with pytest.raises(ValidationError):
        draft(emergency_users["township_xd"], regions, "652327100")
    with pytest.raises(PermissionDenied):
        draft(emergency_users["county_jy"], regions, "652327")  # education is not an issuing department
    answer = api(emergency_users["township_xd"]).post(
        "/api/v1/warnings/",
        {
            "level": "red",
            "kind": "fire",
            "regions": [XINDI],
            "title": "火险",
            "body": "禁止野外用火",
            "title_ug": "ئوت خەۋپى",
            "body_ug": "دالادا ئوت ياقماڭ",
        },
        format="json",
    )
    assert answer.status_code == 201 and answer.json()["status"] == "draft" and answer.json()["regions"] == [XINDI]


def login_get(user, path: str) -> int:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.get(path).status_code


@pytest.mark.django_db
def test_a_bad_draft_keeps_what_was_typed_and_says_why(emergency_users, login):
    client = login(emergency_users["county_yj"])
    page = client.post("/work/emergency/warnings/new/", {"level": "red", "kind": "fire", "title": "火险预警"})
    assert page.status_code == 200 and "火险预警" in page.content.decode()
    assert page.context["form"].errors["regions"]


@pytest.mark.django_db
def test_residents_see_current_warnings_of_their_region_only(issued, users, residents, login):
    assert list(warnings_current(user=users["resident"])) == [issued]
    lisi = make_user("lisi", "resident", None)
    residents["lisi"].account = lisi
    residents["lisi"].save()
    assert list(warnings_current(user=lisi)) == []
    page = login(users["resident"]).get("/warnings/")
    assert page.status_code == 200 and issued.title in page.content.decode()
    assert login(lisi).get(f"/warnings/{issued.pk}/").status_code == 404
    warning_transition(warning=issued, acting_user=users["admin"], to=WarningStatus.LIFTED)
    assert list(warnings_current(user=users["resident"])) == []


@pytest.mark.django_db
def test_the_workbench_shows_the_acknowledge_button_and_it_works_without_javascript(issued, emergency_users, login):
    client = login(emergency_users["grid_wenhualu"])
    page = client.get("/work/").content.decode()
    assert f"/work/emergency/warnings/{issued.pk}/acknowledge/" in page
    answer = client.post(f"/work/emergency/warnings/{issued.pk}/acknowledge/", {"next": "/work/"})
    assert answer.status_code == 302 and answer["Location"] == "/work/"
    assert Acknowledgement.objects.get(warning=issued, worker=emergency_users["grid_wenhualu"]).acknowledged_at
    assert f"/work/emergency/warnings/{issued.pk}/acknowledge/" not in client.get("/work/").content.decode()


@pytest.mark.django_db
def test_the_issuer_sees_who_has_not_confirmed(issued, emergency_users, login):
    warning_acknowledge(warning=issued, acting_user=emergency_users["grid_wenhualu"])
    page = login(emergency_users["county_yj"]).get(f"/work/emergency/warnings/{issued.pk}/").content.decode()
    pending = page.split("尚未确认的人员")[1]
    assert "grid_wenhualu_2" in pending and "worker_wenhualu" in pending and "grid_wenhualu<" not in pending


@pytest.mark.django_db
def test_teams_are_called_once_with_an_sms(
    issued, emergency_users, regions, sms_outbox, django_capture_on_commit_callbacks
):
    team = Force.objects.create(
        name="蓝天救援队",
        skills="搜救",
        leader="马队长",
        phone="13700000000",
        members=20,
        region=regions["652327"],
        scope_code="652327",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert warning_forces_call(warning=issued, forces=[team], acting_user=emergency_users["county_yj"]) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert warning_forces_call(warning=issued, forces=[team], acting_user=emergency_users["county_yj"]) == 0
    assert ForceCall.objects.filter(warning=issued).count() == 1
    assert [message.phone for message in sms_outbox] == ["13700000000"]
    with pytest.raises(PermissionDenied):
        warning_forces_call(warning=issued, forces=[team], acting_user=emergency_users["grid_wenhualu"])
