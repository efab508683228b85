import re

import pytest
from django.test import Client
from django.urls import reverse

from shequ.accounts.models import User
from shequ.core.models import DomainEvent
from shequ.residents.models import Person
from tests.factories import PASSWORD

STAFF_PAGES = [
    "/work/",
    "/work/residents/",
    "/work/residents/?q=zs",
    "/work/households/",
    "/work/households/new/",
    "/work/units/",
    "/work/units/652327100003/figures/",
    "/work/residents/import/",
]


def _in_language(client: Client, language: str) -> Client:
    client.cookies["django_language"] = language
    return client


@pytest.mark.parametrize(("language", "direction"), [("zh-hans", "ltr"), ("ug", "rtl")])
def test_pages_render_in_both_languages_with_lang_and_dir(users, residents, login, language, direction):
    client = _in_language(login(users["worker_wenhualu"]), language)
    person = residents["zhangsan"]
    for path in [*STAFF_PAGES, f"/work/residents/{person.pk}/", f"/work/households/{person.household_id}/", "/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert f'<html lang="{language}" dir="{direction}">' in html, path
        assert ("bootstrap.rtl.min.css" in html) == (direction == "rtl")


def test_uyghur_pages_show_uyghur_interface(users, residents, login):
    html = _in_language(login(users["worker_wenhualu"]), "ug").get("/work/").content.decode()
    assert "长辈模式" not in html and "工作台" not in html
    assert re.search("[\u0600-\u06ff]{3,}", html)


def test_no_page_links_a_cdn(users, residents, login):
    client = login(users["admin"])
    for path in ["/", "/work/", "/api/docs/", "/admin/"]:
        html = client.get(path).content.decode()
        assert not re.search(r'(src|href)="(https?:)?//', html), path


def test_elder_mode_is_remembered_for_the_user(users, residents, login):
    client = login(users["resident"])
    client.post(reverse("web:elder-mode"), {"next": "/"})
    assert User.objects.get(username="resident").elder_mode
    assert 'class="elder' in Client().get("/", HTTP_COOKIE="shequ_elder=1").content.decode()
    other_device = login(User.objects.get(username="resident"))
    assert 'class="elder' in other_device.get("/").content.decode()


def test_language_choice_is_remembered_and_restored_at_login(users, db):
    client = Client()
    client.post("/accounts/login/", {"username": "resident", "password": PASSWORD})
    client.post(reverse("web:language"), {"language": "ug", "next": "/"})
    assert User.objects.get(username="resident").language == "ug"
    fresh = Client()
    response = fresh.post("/accounts/login/", {"username": "resident", "password": PASSWORD})
    assert response.cookies["django_language"].value == "ug"


def test_unknown_language_is_ignored(users, login):
    client = login(users["resident"])
    client.post(reverse("web:language"), {"language": "xx", "next": "https://evil.example/"})
    assert User.objects.get(username="resident").language == ""


def test_login_locks_out_after_repeated_failures(users, db):
    client = Client()
    for _ in range(5):
        client.post("/accounts/login/", {"username": "worker_xindi", "password": "wrong-password"})
    response = client.post("/accounts/login/", {"username": "worker_xindi", "password": PASSWORD})
    assert response.status_code == 429
    assert "锁定" in response.content.decode()


def test_login_sends_staff_to_workbench_and_residents_to_portal(users, db):
    client = Client()
    response = client.post("/accounts/login/", {"username": "worker_xindi", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/work/"
    client = Client()
    response = client.post("/accounts/login/", {"username": "resident", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/"


def test_rejected_form_keeps_what_was_typed(users, residents, login):
    client = login(users["worker_wenhualu"])
    response = client.post(
        f"/work/households/{residents['home'].pk}/add-person/",
        {
            "name": "马小花",
            "gender": "F",
            "id_number": "652327201001010017",  # a male's number
            "ethnicity": "03",
            "relation": "child",
            "phone": "13900001111",
            "tags": ["left_behind_child"],
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "身份证号第 17 位与性别不符" in html
    assert 'value="马小花"' in html and 'value="652327201001010017"' in html and 'value="13900001111"' in html
    assert re.search(r'value="left_behind_child"[^>]*checked', html)
    assert not Person.objects.filter(name="马小花").exists()


def test_person_pages_show_masked_values_only(users, residents, login):
    client = login(users["worker_wenhualu"])
    zhangsan = residents["zhangsan"]
    for path in [f"/work/residents/{zhangsan.pk}/", "/work/residents/", f"/work/residents/{zhangsan.pk}/edit/", "/"]:
        html = client.get(path).content.decode()
        assert "652327199001010017" not in html and "13812345678" not in html, path
    assert "652327********0017" in client.get(f"/work/residents/{zhangsan.pk}/").content.decode()
    resident_home = login(users["resident"]).get("/").content.decode()
    assert "652327********0017" in resident_home and "652327199001010017" not in resident_home


def test_edit_with_empty_sensitive_fields_keeps_them(users, residents, login):
    client = login(users["worker_wenhualu"])
    zhangsan = residents["zhangsan"]
    response = client.post(
        f"/work/residents/{zhangsan.pk}/edit/",
        {"name": "张三", "gender": "M", "id_number": "", "phone": "", "ethnicity": "01", "relation": "head"},
    )
    assert response.status_code == 302
    zhangsan.refresh_from_db()
    assert (zhangsan.id_number, zhangsan.phone) == ("652327199001010017", "13812345678")


def test_reveal_page_shows_value_once_and_audits(users, residents, login):
    client = login(users["worker_wenhualu"])
    zhangsan = residents["zhangsan"]
    refused = client.post(f"/work/residents/{zhangsan.pk}/reveal/", {"field": "id_number", "reason": ""})
    assert "652327199001010017" not in refused.content.decode()
    response = client.post(f"/work/residents/{zhangsan.pk}/reveal/", {"field": "id_number", "reason": "办理高龄津贴"})
    assert "652327199001010017" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    event = DomainEvent.objects.get(verb="person.revealed")
    assert event.reason == "办理高龄津贴" and event.actor == users["worker_wenhualu"]
    history = client.get(f"/work/residents/{zhangsan.pk}/history/").content.decode()
    assert "办理高龄津贴" in history


def test_grid_worker_cannot_reveal_another_grids_resident(users, residents, login):
    wangwu = residents["wangwu"]  # 文化路 grid 2
    response = login(users["grid_wenhualu"]).post(
        f"/work/residents/{wangwu.pk}/reveal/", {"field": "phone", "reason": "测试理由"}
    )
    assert response.status_code == 404


def test_figures_form_saves_and_keeps_input_on_error(users, login):
    client = login(users["worker_wenhualu"])
    bad = client.post("/work/units/652327100003/figures/", {"households": "-5", "recorded_on": "2026-06-30"})
    assert bad.status_code == 200 and 'value="-5"' in bad.content.decode()
    good = client.post(
        "/work/units/652327100003/figures/",
        {"households": "1800", "resident_population": "4600", "recorded_on": "2026-06-30"},
    )
    assert good.status_code == 302
    assert login(users["worker_xindi"]).get("/work/units/652327100003/figures/").status_code == 404


def test_healthz_reports_database(client, db):
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["database"] == "ok"


def test_audit_entries_from_a_page_keep_actor_and_address(users, residents, login):
    from auditlog.models import LogEntry

    client = login(users["worker_wenhualu"])
    zhangsan = residents["zhangsan"]
    client.post(
        f"/work/residents/{zhangsan.pk}/edit/",
        {"name": "张三丰", "gender": "M", "ethnicity": "01", "relation": "head"},
        REMOTE_ADDR="10.1.2.3",
    )
    entry = LogEntry.objects.get_for_object(zhangsan).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == users["worker_wenhualu"] and entry.remote_addr == "10.1.2.3"


def test_only_an_empty_household_can_be_deleted(users, residents, login):
    from shequ.residents.models import Household

    client = login(users["worker_wenhualu"])
    home = residents["home"]
    response = client.post(f"/work/households/{home.pk}/delete/", follow=True)
    assert "请先删除或迁出该户的全部成员" in response.content.decode()
    empty = Household.objects.create(region=home.region, grid=home.grid, number="00099", address="错登")
    assert client.post(f"/work/households/{empty.pk}/delete/").status_code == 302
    assert not Household.objects.filter(pk=empty.pk).exists()
    assert DomainEvent.objects.filter(verb="household.deleted").count() == 1
    assert login(users["worker_xindi"]).post(f"/work/households/{home.pk}/delete/").status_code == 404


def test_other_units_are_shown_but_not_counted_unless_configured(users, login, settings):
    html = login(users["county_admin"]).get("/work/units/").content.decode()
    assert "红旗农场" in html or "准东" in html
    assert "不计入指标" in html
    settings.COUNT_OTHER_UNITS = True
    assert "不计入指标" not in login(users["county_admin"]).get("/work/units/").content.decode()


def test_staff_pages_never_show_the_birth_date_that_completes_a_masked_id(users, residents, login):
    client = login(users["worker_wenhualu"])
    zhangsan = residents["zhangsan"]  # 652327199001010017, born 1990-01-01
    for path in [
        "/work/residents/",
        f"/work/residents/{zhangsan.pk}/",
        f"/work/households/{zhangsan.household_id}/",
        f"/work/residents/{zhangsan.pk}/edit/",
    ]:
        html = client.get(path).content.decode()
        assert "1990-01-01" not in html and "19900101" not in html and "1990年1月1日" not in html, path
    administrator = login(users["county_admin"])
    for path in ["/admin/residents/person/", f"/admin/residents/person/{zhangsan.pk}/change/"]:
        response = administrator.get(path)
        html = response.content.decode()
        assert response.status_code == 200 and "652327********0017" in html, path
        assert "1990-01-01" not in html and "19900101" not in html and "1990年1月1日" not in html, path
