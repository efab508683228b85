from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from shequ.core.models import DomainEvent
from shequ.core.pagination import KeysetPagination

EXPORT = reverse("benefits:payments-export")
PAGE = reverse("benefits:payments")
API = "/api/v1/disbursements/"


@pytest.fixture
def paid(allowance, elders, approve):
    return {name: approve(person, allowance).benefit for name, person in elders.items()}


def test_the_township_exports_its_payment_list_for_the_bank_with_full_id_numbers(paid, elders, users, login):
    response = login(users["township_jms"]).get(EXPORT, {"month": "2026-05"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="payments-202605.xlsx"'
    workbook = load_workbook(BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows[0][:5] == ("序号", "姓名", "身份证号", "银行账号", "金额（元）")
    assert sorted((row[1], row[2], row[4]) for row in rows[1:]) == [
        ("赵老", elders["zhao"].id_number, 100),
        ("钱老", elders["qian"].id_number, 200),
    ]
    summary = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert summary[-1] == ("合计", None, 2, 300)


def test_an_export_is_audited_with_month_area_and_rows(paid, users, login, regions):
    login(users["county_mz"]).get(EXPORT, {"month": "2026-05", "region": "652327205"})

    event = DomainEvent.objects.get(verb="benefits.payment_list_exported")
    assert event.actor == users["county_mz"]
    assert event.data == {"month": "2026-05", "region": "652327205", "rows": 1}


@pytest.mark.parametrize("username", ["worker_wenhualu", "grid_wenhualu"])
def test_village_and_grid_workers_may_not_see_or_export_payment_lists(paid, users, login, username):
    client = login(users[username])

    assert client.get(EXPORT, {"month": "2026-05"}).status_code == 403
    assert client.get(PAGE, {"month": "2026-05"}).status_code == 403
    assert client.get(API, {"month": "2026-05"}).status_code == 403
    assert not DomainEvent.objects.filter(verb="benefits.payment_list_exported").exists()


def test_the_payment_list_page_shows_masked_ids_and_totals(paid, elders, users, login):
    page = login(users["township_jms"]).get(PAGE, {"month": "2026-05"})

    text = page.content.decode()
    assert elders["zhao"].id_number_masked in text
    assert elders["zhao"].id_number not in text
    assert "孙老" not in text  # another township's
    assert "300.00" in text


def test_a_bad_month_on_the_page_is_a_400_with_the_reason(users, login, regions):
    page = login(users["township_jms"]).get(PAGE, {"month": "2026-13"})

    assert page.status_code == 400
    assert "月份格式应为 YYYY-MM" in page.content.decode()


def test_the_api_lists_a_months_disbursements_in_scope(paid, elders, users, login):
    response = login(users["township_jms"]).get(API, {"month": "2026-05"})

    assert response.status_code == 200
    rows = response.json()["results"]
    assert {row["person"]["name"] for row in rows} == {"赵老", "钱老"}
    zhao = next(row for row in rows if row["person"]["name"] == "赵老")
    assert zhao == {
        "id": paid["zhao"].pk,
        "application": paid["zhao"].application_id,
        "person": {"id": elders["zhao"].pk, "name": "赵老", "id_number": elders["zhao"].id_number_masked},
        "service": "MZ-GLJT",
        "amount": "100.00",
        "month": "2026-05",
        "unit": "652327100003",
    }


def test_the_api_pages_by_keyset(paid, users, login, monkeypatch):
    monkeypatch.setattr(KeysetPagination, "page_size", 2)
    client = login(users["county_mz"])

    first = client.get(API, {"month": "2026-05"}).json()
    second = client.get(first["next"]).json()

    names = [row["person"]["name"] for row in first["results"] + second["results"]]
    assert len(first["results"]) == 2
    assert sorted(names) == ["孙老", "赵老", "钱老"]
    assert second["next"] is None


@pytest.mark.parametrize(
    ("params", "field"),
    [({}, "month"), ({"month": "2026-5"}, "month"), ({"month": "2026-05", "region": "652327205"}, "region")],
)
def test_the_api_refuses_a_bad_month_or_a_region_out_of_scope_with_a_400(users, login, regions, params, field):
    response = login(users["township_jms"]).get(API, params)

    assert response.status_code == 400
    assert response.json()["code"] == "core.validation"
    assert field in response.json()
