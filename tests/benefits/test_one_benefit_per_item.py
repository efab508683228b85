"""Issue 8, item 5 for benefits: while a person holds a benefit of an item (paid or suspended), a
second application for it is refused with 409 and a link to the application that granted it; and the
condition 不在享受同一待遇 asks the benefits, not the applications."""

from datetime import date

from rest_framework.test import APIClient

from shequ.residents.services import person_record_move_out
from shequ.services.duplicates import DuplicateApplication
from shequ.services.eligibility import already_receiving
from shequ.services.services import application_submit, application_transition
from tests.benefits.conftest import APPROVED_ON
from tests.factories import BenefitRateFactory, PersonFactory, ServiceItemFactory


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_second_application_while_the_benefit_is_paid_is_a_409_linking_to_its_application(
    allowance, elders, approve, users
):
    granted = approve(elders["zhao"], allowance)
    assert granted.benefit.status == "active"

    response = _api(users["worker_wenhualu"]).post(
        "/api/v1/applications/", {"service": "MZ-GLJT", "applicant": elders["zhao"].pk}, format="multipart"
    )

    assert (response.status_code, response.json()["code"]) == (409, "services.duplicate")
    assert response.json()["existing"] == {
        "id": granted.pk,
        "number": granted.number,
        "url": f"/work/applications/{granted.pk}/",
    }
    assert "已在享受该项待遇" in response.json()["detail"]


def test_a_suspended_benefit_still_blocks_a_second_application(allowance, elders, approve, users):
    # A suspension may be resumed by a worker: the benefit is not over, so a new one is not granted.
    worker = users["worker_wenhualu"]
    granted = approve(elders["qian"], allowance)
    person_record_move_out(person=elders["qian"], moved_out_on=date(2026, 6, 30), acting_user=worker)
    assert granted.benefit.suspensions.exists()

    try:
        application_submit(service=allowance, applicant=elders["qian"], acting_user=worker)
    except DuplicateApplication as refusal:
        assert refusal.existing == granted
    else:
        raise AssertionError("a second application was accepted while the benefit is suspended")


def test_the_residents_page_links_to_the_application_of_the_benefit(allowance, residents, users, login):
    # 张三's father, in the household the resident may apply for.
    father = PersonFactory(household=residents["home"], relation="parent", born=date(1940, 1, 1))
    worker = users["worker_wenhualu"]
    granted = application_submit(service=allowance, applicant=father, acting_user=worker, today=APPROVED_ON)
    for to in ("accepted", "in_progress", "completed"):
        granted = application_transition(application=granted, to=to, acting_user=worker, today=APPROVED_ON)

    response = login(users["resident"]).post(f"/services/items/{allowance.code}/apply/", {"applicant": father.pk})

    html = response.content.decode()
    assert "已在享受该项待遇" in html
    assert f'<a href="/services/applications/{granted.pk}/">查看享受待遇的申请</a>' in html


def test_receiving_is_what_the_benefits_say_for_a_benefit_item(elders, approve):
    # Completed while the item had no amount table: no benefit was granted, so nothing is received
    # once the item becomes a benefit item, although a completed application exists.
    item = ServiceItemFactory(code="MZ-TEST", name="测试补贴")
    approve(elders["zhao"], item)
    assert already_receiving(person=elders["zhao"], service=item)  # not a benefit item: the application
    BenefitRateFactory(service=item, min_age=0, monthly_amount=50)
    assert not already_receiving(person=elders["zhao"], service=item)
    approve(elders["qian"], item)
    assert already_receiving(person=elders["qian"], service=item)
