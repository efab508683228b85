"""Supplies: the running balance (also under concurrent issues), refusals that write nothing, the
low-stock and expiry alerts sent once, the export within scope, and the registries' scope."""

import threading
from datetime import timedelta
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from shequ.emergency.models import MovementKind, Shelter, Supply, SupplyMovement
from shequ.emergency.services import record_create, supply_alerts_notify, supply_create, supply_move
from shequ.notifications.models import Notification
from tests.conftest import WENHUALU, XINDI


def tents(worker, unit, **fields) -> Supply:
    values = {"name": "帐篷", "measure": "顶", "quantity": Decimal(20), "minimum": Decimal(5), "location": "社区库房"}
    return supply_create(acting_user=worker, region=unit, **(values | fields))


@pytest.mark.django_db
def test_movements_keep_a_running_balance_and_an_issue_beyond_stock_writes_nothing(users, regions):
    worker = users["worker_wenhualu"]
    supply = tents(worker, regions[WENHUALU])
    supply_move(supply=supply, kind=MovementKind.ISSUE, quantity=Decimal(8), acting_user=worker)
    supply_move(supply=supply, kind=MovementKind.RESTOCK, quantity=Decimal(3), acting_user=worker)
    with pytest.raises(ValidationError) as refused:
        supply_move(supply=supply, kind=MovementKind.ISSUE, quantity=Decimal(16), acting_user=worker)
    assert "库存不足" in refused.value.message_dict["quantity"][0]
    supply.refresh_from_db()
    assert supply.quantity == Decimal(15)
    balances = list(SupplyMovement.objects.filter(supply=supply).order_by("id").values_list("kind", "balance"))
    assert balances == [("restock", Decimal(20)), ("issue", Decimal(12)), ("restock", Decimal(15))]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_never_drive_the_balance_wrong(users, regions):
    """Twelve workers issue 2 each from 20 at once: ten succeed, two are refused, the stock is 0
    and the last movement's balance agrees. Real threads and connections (PostgreSQL with
    SHEQU_DATABASE_URL; SQLite serialises its writers)."""
    worker = users["worker_wenhualu"]
    supply = tents(worker, regions[WENHUALU], minimum=Decimal(0))
    racers = 12
    barrier = threading.Barrier(racers)
    outcomes, errors, lock = [], [], threading.Lock()

    def issue() -> None:
        try:
            barrier.wait(timeout=30)
            try:
                supply_move(supply=supply, kind=MovementKind.ISSUE, quantity=Decimal(2), acting_user=worker)
                outcome = "issued"
            except ValidationError:
                outcome = "refused"
            with lock:
                outcomes.append(outcome)
        except BaseException as error:
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert (outcomes.count("issued"), outcomes.count("refused")) == (10, 2)
    supply.refresh_from_db()
    assert supply.quantity == 0
    balances = list(
        SupplyMovement.objects.filter(supply=supply, kind="issue").order_by("id").values_list("balance", flat=True)
    )
    assert balances == [Decimal(18 - 2 * step) for step in range(10)]


@pytest.mark.django_db
def test_low_stock_and_expiry_alerts_go_once_to_the_units_workers(users, regions, django_capture_on_commit_callbacks):
    worker = users["worker_wenhualu"]
    today = timezone.localdate()
    low = tents(worker, regions[WENHUALU], quantity=Decimal(2))
    expiring = tents(worker, regions[WENHUALU], name="矿泉水", measure="箱", expires_on=today + timedelta(days=10))
    tents(worker, regions[WENHUALU], name="棉被", expires_on=today + timedelta(days=200))
    first, second = StringIO(), StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("supply_alerts", stdout=first)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("supply_alerts", stdout=second)
    assert first.getvalue().strip() == "low-stock alerts: 1, expiry alerts: 1"
    assert second.getvalue().strip() == "low-stock alerts: 0, expiry alerts: 0"
    sent = sorted(Notification.objects.filter(recipient=worker).values_list("key", "params__name"))
    assert sent == [("emergency.supply_expiring", "矿泉水"), ("emergency.supply_low", "帐篷")]
    expiry = Notification.objects.get(recipient=worker, key="emergency.supply_expiring")
    assert f"{today + timedelta(days=10):%Y-%m-%d}" in expiry.title
    assert not Notification.objects.filter(recipient=users["worker_xindi"]).exists()
    # A restock above the minimum re-arms the low alert; a new expiry date re-arms the expiry alert.
    supply_move(supply=low, kind=MovementKind.RESTOCK, quantity=Decimal(10), acting_user=worker)
    supply_move(supply=low, kind=MovementKind.ISSUE, quantity=Decimal(9), acting_user=worker)
    Supply.objects.filter(pk=expiring.pk).update(expires_on=today + timedelta(days=20))
    with django_capture_on_commit_callbacks(execute=True):
        assert supply_alerts_notify(today=today) == {"low": 1, "expiring": 1}


@pytest.mark.django_db
def test_supplies_api_is_scoped_and_an_overdraw_is_a_400(users, regions):
    supply = tents(users["worker_wenhualu"], regions[WENHUALU])
    client = APIClient()
    client.force_authenticate(users["worker_xindi"])
    assert client.get(f"/api/v1/emergency-supplies/{supply.pk}/").status_code == 404
    assert client.get("/api/v1/emergency-supplies/").json()["results"] == []
    client.force_authenticate(users["worker_wenhualu"])
    answer = client.post(f"/api/v1/emergency-supplies/{supply.pk}/movements/", {"kind": "issue", "quantity": "25"})
    assert answer.status_code == 400 and answer.json()["code"] == "core.validation"
    answer = client.post(f"/api/v1/emergency-supplies/{supply.pk}/movements/", {"kind": "issue", "quantity": "5"})
    assert answer.status_code == 201 and answer.json()["balance"] == "15.00"
    answer = client.post(
        "/api/v1/emergency-supplies/",
        {"region": XINDI, "name": "沙袋", "measure": "个", "quantity": "100", "minimum": "50", "location": "村委会"},
    )
    assert answer.status_code == 400  # another township's village


@pytest.mark.django_db
def test_the_supplies_export_holds_the_scope_only(users, regions, login):
    tents(users["worker_wenhualu"], regions[WENHUALU])
    tents(users["worker_xindi"], regions[XINDI], name="沙袋")
    answer = login(users["worker_wenhualu"]).get("/work/emergency/supplies/export/")
    assert answer.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(answer.streaming_content))).active
    names = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["帐篷"]


@pytest.mark.django_db
def test_a_rejected_supply_form_keeps_what_was_typed(users, login):
    page = login(users["worker_wenhualu"]).post("/work/emergency/supplies/", {"name": "救生衣", "quantity": "-1"})
    assert page.status_code == 200 and "救生衣" in page.content.decode()
    assert not Supply.objects.exists()


@pytest.mark.django_db
def test_registries_are_scoped_pages_404_elsewhere_and_add_through_the_form(users, regions, login):
    shelter = record_create(
        kind="shelter",
        acting_user=users["worker_wenhualu"],
        region=regions[WENHUALU],
        values={"name": "文化路小学操场", "address": "文化路8号", "capacity": 800, "facilities": "水、电、厕所"},
    )
    assert list(Shelter.objects.for_user(users["worker_xindi"])) == []
    assert "文化路小学操场" not in login(users["worker_xindi"]).get("/work/emergency/shelter/").content.decode()
    assert login(users["worker_wenhualu"]).get("/work/emergency/nothing/").status_code == 404
    client = APIClient()
    client.force_authenticate(users["worker_xindi"])
    assert client.get(f"/api/v1/shelters/{shelter.pk}/").status_code == 404
    answer = login(users["worker_xindi"]).post(
        "/work/emergency/drill/",
        {"region": regions[XINDI].pk, "held_on": "2026-05-12", "scenario": "地震疏散演练", "participants": "60"},
    )
    assert answer.status_code == 302
    with pytest.raises(ValidationError):
        record_create(
            kind="station",
            acting_user=users["worker_xindi"],
            region=regions[WENHUALU],
            values={"name": "x", "address": "y", "equipment": "z", "staff": "w"},
        )


@pytest.mark.django_db
def test_a_plan_version_is_uploaded_checked_and_served_within_scope_only(users, regions, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from shequ.emergency.models import Plan
    from tests.factories import png_bytes

    client = login(users["worker_wenhualu"])
    scan = SimpleUploadedFile("预案.png", png_bytes(), "image/png")
    answer = client.post(
        "/work/emergency/plans/",
        {
            "region": regions[WENHUALU].pk,
            "title": "文化路社区防汛应急预案",
            "version": "2026版",
            "effective_on": "2026-04-01",
            "file": scan,
        },
    )
    assert answer.status_code == 302
    plan = Plan.objects.get()
    assert (plan.scope_code, plan.content_type) == (WENHUALU, "image/png")
    assert client.get(f"/work/emergency/plans/{plan.pk}/file/").status_code == 200
    assert login(users["worker_xindi"]).get(f"/work/emergency/plans/{plan.pk}/file/").status_code == 404
    fake = SimpleUploadedFile("预案.pdf", b"not a pdf at all", "application/pdf")
    page = client.post(
        "/work/emergency/plans/",
        {
            "region": regions[WENHUALU].pk,
            "title": "第二版",
            "version": "v2",
            "effective_on": "2026-05-01",
            "file": fake,
        },
    )
    assert page.status_code == 200 and "第二版" in page.content.decode() and Plan.objects.count() == 1
