"""Every view of special-care records (list page, record page, API list, API record, export) and
every change leaves exactly one domain event, naming the record by id only."""

import pytest
from django.urls import reverse
from django.utils import timezone

from shequ.core.models import DomainEvent
from shequ.specialcare.groups import Group
from tests.factories import care_record

pytestmark = pytest.mark.django_db


def _events(verb: str):
    return DomainEvent.objects.filter(verb=verb)


@pytest.mark.parametrize(
    ("path", "verb"),
    [
        ("list", "specialcare.list_viewed"),
        ("overdue", "specialcare.list_viewed"),
        ("detail", "specialcare.record_viewed"),
        ("api-list", "specialcare.list_viewed"),
        ("api-detail", "specialcare.record_viewed"),
        ("export", "specialcare.exported"),
    ],
)
def test_each_permitted_view_leaves_one_audit_row(path, verb, carers, records, login):
    record = records["correction"]
    urls = {
        "list": reverse("specialcare:list"),
        "overdue": reverse("specialcare:overdue"),
        "detail": reverse("specialcare:detail", args=[record.pk]),
        "api-list": "/api/v1/special-care/",
        "api-detail": f"/api/v1/special-care/{record.pk}/",
        "export": reverse("specialcare:export"),
    }
    before = _events(verb).count()
    answer = login(carers["wenhualu"]).get(urls[path])
    assert answer.status_code == 200
    assert _events(verb).count() == before + 1
    event = _events(verb).first()
    assert event.actor == carers["wenhualu"]
    if verb == "specialcare.record_viewed":
        assert event.target_id == str(record.pk) and event.target_type == "specialcare.carerecord"
    else:
        assert record.pk in event.data["records"]
    # The event names the record, never the person.
    assert "张三" not in str(event.data) and str(record.person.id_number) not in str(event.data)


def test_a_refused_view_leaves_no_record_view(users, records, login):
    login(users["county_mz"]).get(reverse("specialcare:detail", args=[records["correction"].pk]))
    assert not _events("specialcare.record_viewed").exists()


def test_every_change_is_audited(carers, residents, records, login):
    client = login(carers["wenhualu"])
    record, today = records["correction"], timezone.localdate().isoformat()
    client.post(reverse("specialcare:visit-add", args=[record.pk]), {"visited_on": today, "kind": "home"})
    assert _events("specialcare.visit_recorded").filter(target_id=str(record.pk)).count() == 1
    client.post(reverse("specialcare:end", args=[record.pk]), {"ended_on": today, "reason": "矫正期满"})
    assert _events("specialcare.record_ended").filter(target_id=str(record.pk)).count() == 1
    created = care_record(residents["wife"], Group.DRUG_REHAB, carers["wenhualu"])
    assert _events("specialcare.record_created").filter(target_id=str(created.pk)).count() == 1
    assert _events("specialcare.grant_created").count() == 2
