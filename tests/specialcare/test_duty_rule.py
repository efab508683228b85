"""The duty rule: records are seen only through a grant covering their group and region. Without
any duty the list is a 403 (page and API); a record not covered is a 404, like one that does not
exist — for county staff, the county administrator, a superuser, a worker of the same unit."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from shequ.core.models import DomainEvent
from shequ.core.pagination import KeysetPagination
from shequ.specialcare.groups import Group
from shequ.specialcare.models import CareRecord
from shequ.specialcare.services import duty_grant_create, duty_grant_revoke
from tests.conftest import WENHUALU, XINDI
from tests.factories import duty_grant

pytestmark = pytest.mark.django_db

WITHOUT_DUTY = ["county_mz", "county_admin", "admin", "worker_wenhualu", "grid_wenhualu", "township_jms"]


@pytest.mark.parametrize("username", WITHOUT_DUTY)
def test_without_a_duty_the_list_is_403_and_a_record_404(username, users, records, login):
    client = login(users[username])
    record = records["correction"]
    assert client.get(reverse("specialcare:list")).status_code == 403
    assert client.get(reverse("specialcare:export")).status_code == 403
    assert client.get(reverse("specialcare:detail", args=[record.pk])).status_code == 404
    assert client.get("/api/v1/special-care/").status_code == 403
    answer = client.get(f"/api/v1/special-care/{record.pk}/")
    assert answer.status_code == 404 and answer.json()["code"] == "core.not_found"
    visit = client.post(f"/api/v1/special-care/{record.pk}/visits/", {"visited_on": "2026-01-01", "kind": "home"})
    assert visit.status_code == 404
    page_visit = client.post(reverse("specialcare:visit-add", args=[record.pk]), {"visited_on": "2026-01-01"})
    assert page_visit.status_code == 404
    assert not CareRecord.objects.for_user(users[username]).exists()
    assert not record.visits.exists()


def test_a_grant_in_another_region_covers_only_that_region(carers, records, login):
    client = login(carers["xindi"])
    assert client.get(f"/api/v1/special-care/{records['correction'].pk}/").status_code == 404
    assert client.get(reverse("specialcare:detail", args=[records["correction"].pk])).status_code == 404
    listed = client.get("/api/v1/special-care/").json()["results"]
    assert [row["id"] for row in listed] == [records["released"].pk]


def test_a_grant_for_one_group_shows_that_group_only(users, regions, records, login):
    duty_grant(users["worker_wenhualu"], regions[WENHUALU], groups=[Group.MENTAL])
    client = login(users["worker_wenhualu"])
    listed = client.get("/api/v1/special-care/").json()["results"]
    assert [row["id"] for row in listed] == [records["mental"].pk]
    assert client.get(f"/api/v1/special-care/{records['correction'].pk}/").status_code == 404


def test_the_duty_holder_sees_the_records_of_their_region(carers, records, login):
    client = login(carers["wenhualu"])
    listed = client.get("/api/v1/special-care/").json()
    assert {row["id"] for row in listed["results"]} == {records["correction"].pk, records["mental"].pk}
    row = next(row for row in listed["results"] if row["id"] == records["correction"].pk)
    # A masked ID number with an age, never the birth date it would complete.
    assert row["person"]["id_number"] == "652327********0017" and "birth_date" not in row["person"]
    detail = client.get(f"/api/v1/special-care/{records['mental'].pk}/").json()
    assert detail["guardian_name"] == "监护人甲" and detail["visits"] == []


def test_api_pages_are_keyset_pages_each_audited(carers, records, login, monkeypatch):
    monkeypatch.setattr(KeysetPagination, "page_size", 1)
    client = login(carers["wenhualu"])
    first = client.get("/api/v1/special-care/").json()
    second = client.get(first["next"]).json()
    assert [first["results"][0]["id"], second["results"][0]["id"]] == [records["correction"].pk, records["mental"].pk]
    assert second["next"] is None
    shown = [event.data["records"] for event in DomainEvent.objects.filter(verb="specialcare.list_viewed")]
    assert sorted(shown) == [[records["correction"].pk], [records["mental"].pk]]
    assert client.get("/api/v1/special-care/?group=correction").json()["next"] is None
    assert client.get("/api/v1/special-care/?group=nonsense").status_code == 400
    assert client.get("/api/v1/special-care/?due=later").status_code == 400


def test_revoked_and_expired_grants_show_nothing(users, carers, records, login):
    grant = carers["wenhualu"].care_duties.get()
    duty_grant_revoke(grant=grant, reason="调岗", acting_user=users["admin"])
    assert login(carers["wenhualu"]).get("/api/v1/special-care/").status_code == 403
    yesterday = timezone.localdate() - timedelta(days=1)
    duty_grant(
        carers["wenhualu"], carers["wenhualu"].region, starts_on=yesterday - timedelta(days=30), ends_on=yesterday
    )
    assert login(carers["wenhualu"]).get("/api/v1/special-care/").status_code == 403


def test_a_grant_follows_the_workers_own_region(users, regions):
    with pytest.raises(ValidationError) as refused:
        duty_grant(users["worker_wenhualu"], regions[XINDI])
    assert "region" in refused.value.message_dict
    with pytest.raises(ValidationError):
        duty_grant(users["resident"], regions[WENHUALU])


def test_only_county_administrators_grant(users, regions):
    with pytest.raises(PermissionDenied):
        duty_grant_create(
            user=users["grid_wenhualu"],
            region=regions[WENHUALU + "001"],
            groups=[Group.MENTAL],
            starts_on=timezone.localdate(),
            ends_on=None,
            acting_user=users["worker_wenhualu"],
        )
    grant = duty_grant_create(
        user=users["grid_wenhualu"],
        region=regions[WENHUALU + "001"],
        groups=[Group.MENTAL],
        starts_on=timezone.localdate(),
        ends_on=None,
        acting_user=users["county_admin"],
    )
    assert grant.scope_code == WENHUALU + "001"


def test_the_county_administrator_manages_grants_on_a_page_without_reading_records(users, carers, records, login):
    client = login(users["county_admin"])
    page = client.get(reverse("specialcare:grants"))
    assert page.status_code == 200 and "care_wenhualu" in page.content.decode()
    assert records["correction"].person.name not in page.content.decode()
    answer = client.post(
        reverse("specialcare:grants"),
        {"user": users["grid_wenhualu"].pk, "region": XINDI, "groups": ["mental"], "starts_on": "2026-01-01"},
    )
    # A region outside the worker's own: refused, and the form keeps what was typed.
    assert answer.status_code == 400 and f'value="{XINDI}"' in answer.content.decode()
    grant = carers["wenhualu"].care_duties.get()
    assert client.post(reverse("specialcare:grant-revoke", args=[grant.pk]), {"reason": "调岗"}).status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert login(users["worker_wenhualu"]).get(reverse("specialcare:grants")).status_code == 403


def test_the_admin_grants_through_the_service_and_shows_no_record(users, regions, carers, records, login):
    client = login(users["county_admin"])
    add = "/admin/specialcare/dutygrant/add/"
    values = {"user": users["grid_wenhualu"].pk, "groups": ["mental"], "starts_on": "2026-01-01"}
    refused = client.post(add, values | {"region": regions[XINDI].pk})
    assert refused.status_code == 200 and "职责区域须在该工作人员所属区划之内" in refused.content.decode()
    assert client.post(add, values | {"region": regions[WENHUALU + "001"].pk}).status_code == 302
    grant = users["grid_wenhualu"].care_duties.get()
    assert grant.granted_by == users["county_admin"] and grant.scope_code == WENHUALU + "001"
    assert DomainEvent.objects.filter(verb="specialcare.grant_created", target_id=str(grant.pk)).exists()
    assert client.get("/admin/specialcare/").status_code == 200
    assert client.get("/admin/specialcare/carerecord/").status_code == 404
