from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from shequ.benefits.models import BenefitStatus
from shequ.benefits.selectors import payment_list
from shequ.benefits.services import benefit_resume
from shequ.core.models import DomainEvent
from shequ.residents.services import person_record_death, person_record_move_out
from tests.benefits.conftest import JULY, JUNE


def _paid(user, month):
    return sorted(row.person.name for row in payment_list(user=user, month=month))


def test_a_recorded_death_suspends_the_benefit_from_the_next_month(allowance, elders, approve, users):
    benefit = approve(elders["zhao"], allowance).benefit

    person_record_death(person=elders["zhao"], died_on=date(2026, 6, 10), acting_user=users["worker_wenhualu"])

    benefit.refresh_from_db()
    assert benefit.status == BenefitStatus.SUSPENDED
    suspension = benefit.suspensions.get()
    assert (suspension.reason, suspension.from_month, suspension.event_on) == ("death", JULY, date(2026, 6, 10))
    assert _paid(users["county_mz"], JUNE) == ["赵老"]
    assert _paid(users["county_mz"], JULY) == []
    assert DomainEvent.objects.filter(verb="person.death_recorded", target_id=str(elders["zhao"].pk)).exists()
    assert DomainEvent.objects.get(verb="benefit.suspended").data["from_month"] == "2026-07"


def test_a_move_out_of_the_county_suspends_the_benefit_from_the_next_month(allowance, elders, approve, users):
    benefit = approve(elders["qian"], allowance).benefit

    person_record_move_out(
        person=elders["qian"], moved_out_on=date(2026, 6, 30), acting_user=users["worker_wenhualu"], note="迁移证"
    )

    assert benefit.suspensions.get().reason == "moved_out"
    assert _paid(users["township_jms"], JUNE) == ["钱老"]
    assert _paid(users["township_jms"], JULY) == []
    assert DomainEvent.objects.get(verb="person.moved_out_recorded").reason == "迁移证"


def test_a_death_after_a_move_out_adds_no_second_suspension(allowance, elders, approve, users):
    benefit = approve(elders["zhao"], allowance).benefit
    worker = users["worker_wenhualu"]
    person_record_move_out(person=elders["zhao"], moved_out_on=date(2026, 6, 1), acting_user=worker)

    person_record_death(person=elders["zhao"], died_on=date(2026, 8, 1), acting_user=worker)

    assert benefit.suspensions.count() == 1


def test_a_death_cannot_be_recorded_twice_nor_in_the_future_nor_by_another_unit(elders, users):
    worker = users["worker_wenhualu"]
    with pytest.raises(ValidationError) as future:
        person_record_death(person=elders["zhao"], died_on=date(2099, 1, 1), acting_user=worker)
    assert "on" in future.value.message_dict
    with pytest.raises(PermissionDenied):
        person_record_death(person=elders["zhao"], died_on=date(2026, 6, 1), acting_user=users["worker_xindi"])
    person_record_death(person=elders["zhao"], died_on=date(2026, 6, 1), acting_user=worker)
    with pytest.raises(ValidationError):
        person_record_death(person=elders["zhao"], died_on=date(2026, 6, 2), acting_user=worker)


def test_a_benefit_approved_after_a_recorded_death_starts_suspended(allowance, elders, approve, users):
    person_record_death(person=elders["zhao"], died_on=date(2026, 3, 2), acting_user=users["worker_wenhualu"])

    benefit = approve(elders["zhao"], allowance).benefit

    assert benefit.status == BenefitStatus.SUSPENDED
    assert _paid(users["county_mz"], JUNE) == []


def test_a_worker_resumes_a_suspended_benefit_with_a_reason(allowance, elders, approve, users):
    benefit = approve(elders["zhao"], allowance).benefit
    worker = users["worker_wenhualu"]
    person_record_death(person=elders["zhao"], died_on=date(2026, 6, 10), acting_user=worker)

    with pytest.raises(ValidationError):
        benefit_resume(benefit=benefit, reason=" ", acting_user=worker, today=date(2026, 9, 3))
    benefit_resume(benefit=benefit, reason="死亡登记有误，已更正", acting_user=worker, today=date(2026, 9, 3))

    benefit.refresh_from_db()
    assert benefit.status == BenefitStatus.ACTIVE
    # Paid again from the month of resumption; the suspended months stay unpaid.
    assert _paid(users["county_mz"], date(2026, 8, 1)) == []
    assert _paid(users["county_mz"], date(2026, 9, 1)) == ["赵老"]
    event = DomainEvent.objects.get(verb="benefit.resumed")
    assert (event.actor, event.reason, event.data) == (worker, "死亡登记有误，已更正", {"from_month": "2026-09"})


def test_another_units_worker_cannot_resume(allowance, elders, approve, users):
    benefit = approve(elders["zhao"], allowance).benefit
    person_record_death(person=elders["zhao"], died_on=date(2026, 6, 10), acting_user=users["worker_wenhualu"])

    with pytest.raises(PermissionDenied):
        benefit_resume(benefit=benefit, reason="理由", acting_user=users["worker_xindi"])


def test_the_case_page_says_why_the_benefit_is_suspended(allowance, elders, approve, users, login):
    application = approve(elders["zhao"], allowance)
    person_record_death(person=elders["zhao"], died_on=date(2026, 6, 10), acting_user=users["worker_wenhualu"])

    page = login(users["worker_wenhualu"]).get(reverse("services:work-application", args=[application.pk]))

    text = page.content.decode()
    assert "已暂停发放：死亡（2026-06-10），自 2026-07 起不再列入发放名册。" in text
    assert reverse("benefits:benefit", args=[application.benefit.pk]) in text


def test_death_is_recorded_on_the_person_page_and_the_benefit_resumed_on_its_page(
    allowance, elders, approve, users, login
):
    benefit = approve(elders["zhao"], allowance).benefit
    client = login(users["worker_wenhualu"])
    person_url = reverse("residents:resident-detail", args=[elders["zhao"].pk])
    assert "登记死亡或迁出本县" in client.get(person_url).content.decode()

    refused = client.post(
        reverse("residents:resident-departure", args=[elders["zhao"].pk]),
        {"event": "death", "on": "2099-01-01", "note": "证明 123"},
    )
    assert refused.status_code == 400
    assert "日期不能晚于今天" in refused.content.decode()
    assert 'value="证明 123"' in refused.content.decode()  # what was typed is kept

    recorded = client.post(
        reverse("residents:resident-departure", args=[elders["zhao"].pk]),
        {"event": "death", "on": "2026-06-10", "note": "证明 123"},
    )
    assert recorded.status_code == 302
    assert "已暂停发放" in client.get(person_url).content.decode()

    resumed = client.post(reverse("benefits:benefit-resume", args=[benefit.pk]), {"reason": "登记有误"})
    assert resumed.status_code == 302
    benefit.refresh_from_db()
    assert benefit.status == BenefitStatus.ACTIVE
    assert "登记有误" in client.get(reverse("benefits:benefit", args=[benefit.pk])).content.decode()
