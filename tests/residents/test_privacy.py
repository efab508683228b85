"""Personal data that cannot be rebuilt: the birth date (the middle of the masked ID number), the full
ID number and the phone never leave through the API, pages or audit rows, except by the audited
reveal; a search by a whole ID number is limited and audited and finds nobody outside scope."""

import json
from datetime import UTC, date, datetime

from auditlog.models import LogEntry
from django.test import Client
from django.utils.html import strip_tags
from rest_framework.test import APIClient

from shequ.core.models import DomainEvent
from shequ.residents import derived
from shequ.residents.choices import CareTag, Ethnicity, Gender, Relation
from shequ.residents.services import PersonData, person_create, person_delete, person_reveal, person_update

ZHANGSAN_ID = "652327199001010017"  # 张三 of 文化路社区, born 1990-01-01, phone 13812345678
LISI_ID = "652327198505050034"  # 李四 of 新地村


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def keys_of(value) -> set[str]:
    """Every key of a JSON document, at any depth."""
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in keys_of(item)}
    if isinstance(value, list):
        return {key for item in value for key in keys_of(item)}
    return set()


def test_residents_api_has_no_birth_date_anywhere(users, residents):
    client = api(users["county_admin"])
    documents = [
        client.get("/api/v1/residents/").json(),
        client.get(f"/api/v1/residents/{residents['zhangsan'].pk}/").json(),
        client.get("/api/v1/households/").json(),
        client.get(f"/api/v1/households/{residents['home'].pk}/").json(),
    ]
    for document in documents:
        assert "birth_date" not in keys_of(document)
        assert "1990-01-01" not in json.dumps(document) and ZHANGSAN_ID not in json.dumps(document)
    zhangsan = documents[1]
    assert (zhangsan["birth_year"], zhangsan["id_number"]) == (1990, "652327********0017")
    assert zhangsan["age"] == derived.age_of(date(1990, 1, 1))


def test_resident_portal_shows_age_not_birth_date(users, residents, login):
    html = login(users["resident"]).get("/").content.decode()
    text = strip_tags(html)
    assert "652327********0017" in text and "1990 年生" in text
    assert "1990-01-01" not in html


def test_reveal_returns_the_birth_date_and_audits_it(users, residents):
    zhangsan = residents["zhangsan"]
    worker = users["worker_wenhualu"]
    value = person_reveal(person=zhangsan, field_name="birth_date", reason="核对年龄", acting_user=worker)
    assert value == "1990-01-01"
    event = DomainEvent.objects.get(verb="person.revealed")
    assert event.data["field"] == "birth_date" and "1990-01-01" not in json.dumps(event.data)
    response = api(users["worker_wenhualu"]).post(
        f"/api/v1/residents/{zhangsan.pk}/reveal/", {"field": "birth_date", "reason": "核对年龄"}
    )
    assert response.json() == {"field": "birth_date", "value": "1990-01-01"}
    page = Client()
    page.force_login(worker)
    assert "查看出生日期" in page.get(f"/work/residents/{zhangsan.pk}/").content.decode()
    html = page.post(f"/work/residents/{zhangsan.pk}/reveal/", {"field": "birth_date", "reason": "核对年龄"})
    assert "出生日期" in html.content.decode() and "1990-01-01" in html.content.decode()
    assert DomainEvent.objects.filter(verb="person.revealed", data__field="birth_date").count() == 3


def _audit_rows() -> list[str]:
    changes = [json.dumps(entry.changes, ensure_ascii=False) for entry in LogEntry.objects.all()]
    changes += [entry.changes_text for entry in LogEntry.objects.all()]
    events = [json.dumps(event.data, ensure_ascii=False) for event in DomainEvent.objects.all()]
    return changes + events


def test_audit_rows_never_store_birth_date_full_id_or_phone(users, residents):
    worker = users["worker_wenhualu"]
    new = PersonData(
        name="赵六",
        gender=Gender.MALE,
        relation=Relation.CHILD,
        ethnicity=Ethnicity.UYGHUR,
        phone="13900001111",
        id_number="652327201001010017",
        tags=[CareTag.LEFT_BEHIND_CHILD],
    )
    person = person_create(household=residents["home"], data=new, acting_user=worker)
    changed = PersonData(**(vars(new) | {"phone": "13900002222", "id_number": "652327201102030017"}))
    changed.birth_date = None
    person_update(person=person, data=changed, acting_user=worker)
    person_reveal(person=person, field_name="id_number", reason="核对身份", acting_user=worker)
    person_pk = str(person.pk)
    person_delete(person=person, acting_user=worker, reason="重复登记")

    assert LogEntry.objects.filter(content_type__model="person", object_pk=person_pk).count() == 3
    for entry in LogEntry.objects.all():
        assert "birth_date" not in entry.changes_dict
    assert DomainEvent.objects.filter(target_id=person_pk, verb__startswith="person.").count() == 4
    for event in DomainEvent.objects.all():
        assert "birth_date" not in keys_of(event.data)
    secrets = ["652327201001010017", "652327201102030017", "13900001111", "13900002222"]
    secrets += ["2010-01-01", "20100101", "2011-02-03", "20110203"]
    for row in _audit_rows():
        assert not any(secret in row for secret in secrets), row
    after = DomainEvent.objects.get(verb="person.changed").data["after"]
    assert (after["birth_year"], after["id_number"]) == (2011, "652327********0017")


def test_search_by_whole_id_number_finds_the_masked_record_and_is_audited(users, residents):
    rows = api(users["worker_wenhualu"]).get("/api/v1/residents/", {"q": ZHANGSAN_ID}).json()["results"]
    assert [(row["name"], row["id_number"]) for row in rows] == [("张三", "652327********0017")]
    event = DomainEvent.objects.get(verb="person.searched_by_id_number")
    assert event.actor == users["worker_wenhualu"]
    assert (event.target_type, event.target_id) == ("residents.person", str(residents["zhangsan"].pk))
    assert event.data == {"id_number": "652327********0017", "found": True}


def test_search_by_whole_id_number_outside_scope_answers_like_not_found(users, residents):
    client = api(users["worker_wenhualu"])
    outside = client.get("/api/v1/residents/", {"q": LISI_ID})  # 李四 lives in 新地村
    unknown = client.get("/api/v1/residents/", {"q": "652327200001010012"})
    assert outside.status_code == unknown.status_code == 200
    assert outside.json() == unknown.json() == {"next": None, "previous": None, "results": []}
    page = Client()
    page.force_login(users["worker_wenhualu"])
    outside_html = page.get("/work/residents/", {"q": LISI_ID}, HTTP_HX_REQUEST="true").content.decode()
    unknown_html = page.get("/work/residents/", {"q": "652327200001010012"}, HTTP_HX_REQUEST="true").content.decode()
    assert outside_html == unknown_html and "李四" not in outside_html
    events = DomainEvent.objects.filter(verb="person.searched_by_id_number")
    assert {event.target_type for event in events} == {"accounts.user"}
    assert all(event.data["found"] is False and "*" in event.data["id_number"] for event in events)


def test_search_by_whole_id_number_is_limited_per_user_and_hour(users, residents, settings):
    settings.ID_SEARCH_PER_HOUR = 2
    client = api(users["worker_wenhualu"])
    assert [client.get("/api/v1/residents/", {"q": ZHANGSAN_ID}).status_code for _ in range(2)] == [200, 200]
    refused = client.get("/api/v1/residents/", {"q": ZHANGSAN_ID})
    assert refused.status_code == 429 and "上限" in refused.json()["detail"]
    assert DomainEvent.objects.filter(verb="person.searched_by_id_number").count() == 2
    # Other searches go on, and another worker has a count of their own.
    assert client.get("/api/v1/residents/", {"q": "张"}).status_code == 200
    assert api(users["county_admin"]).get("/api/v1/residents/", {"q": ZHANGSAN_ID}).status_code == 200
    page = Client()
    page.force_login(users["worker_wenhualu"])
    response = page.get("/work/residents/", {"q": ZHANGSAN_ID})
    assert response.status_code == 429 and "上限" in response.content.decode()
    live = page.get("/work/residents/", {"q": ZHANGSAN_ID}, HTTP_HX_REQUEST="true")
    assert live.status_code == 200 and "上限" in live.content.decode() and "张三" not in live.content.decode()


def test_age_counts_on_the_county_calendar(monkeypatch):
    class LateEvening(datetime):
        @classmethod
        def now(cls, tz=None):
            # 2026-01-01 17:30 UTC is already 2 January in Jimsar (UTC+8).
            return datetime(2026, 1, 1, 17, 30, tzinfo=UTC).astimezone(tz)

    monkeypatch.setattr(derived, "datetime", LateEvening)
    assert derived.local_today() == date(2026, 1, 2)
    assert derived.age_of(date(2000, 1, 2)) == 26
    assert derived.age_of(date(2000, 1, 3)) == 25
    assert derived.age_of(date(2000, 2, 29), today=date(2026, 2, 28)) == 25
    # Database filters by age draw the same line.
    for today in [date(2026, 2, 28), date(2026, 3, 1), date(2028, 2, 29)]:
        limit = derived.latest_birth_date_for_age(18, today=today)
        for born in [date(2008, 2, 28), date(2008, 2, 29), date(2008, 3, 1), date(2010, 2, 28), date(2010, 3, 1)]:
            assert (born <= limit) == (derived.age_of(born, today=today) >= 18), (today, born)
