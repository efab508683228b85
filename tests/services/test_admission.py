"""Issue 8, items 3-5: materials, 容缺受理, eligibility from the registry and no duplicates."""

import threading
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from shequ.core.models import DomainEvent
from shequ.notifications.models import Notification
from shequ.residents.derived import latest_birth_date_for_age
from shequ.services.catalogue import catalogue_load
from shequ.services.eligibility import NotEligible
from shequ.services.materials import MaterialsMissing, applications_deferred_materials_check
from shequ.services.models import Application, ServiceItem
from shequ.services.services import application_submit, application_transition
from shequ.services.workflow import Status
from tests.factories import PersonFactory, application_approve, id_number_for, material_uploads, png_bytes

BANK_CARD = "material_2"  # 高龄津贴: 居民身份证, 户口簿 (both the registry's), bank card


@pytest.fixture
def allowance(db):
    catalogue_load()
    return ServiceItem.objects.get(code="MZ-GLJT")


def elder(residents, *, age: int, **extra):
    """A member of 张三's household who is `age` today (born on the last day that makes it so)."""
    born = latest_birth_date_for_age(age)
    return PersonFactory(
        household=residents["home"], relation="parent", born=born, id_number=id_number_for(born, 7, "M"), **extra
    )


def scan(name="card.png"):
    return [SimpleUploadedFile(name, png_bytes(), content_type="image/png")]


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_79_year_old_is_refused_and_an_80_year_old_accepted(users, residents, allowance):
    young, old = elder(residents, age=79), elder(residents, age=80)
    response = api(users["resident"]).post(
        "/api/v1/applications/",
        {"service": "MZ-GLJT", "applicant": young.pk, BANK_CARD: scan()},
        format="multipart",
    )
    assert (response.status_code, response.json()["code"]) == (400, "services.not_eligible")
    assert any("80" in reason for reason in response.json()["reasons"])
    created = api(users["resident"]).post(
        "/api/v1/applications/", {"service": "MZ-GLJT", "applicant": old.pk, BANK_CARD: scan()}, format="multipart"
    )
    assert created.status_code == 201
    body = created.json()
    assert all(result["passed"] for result in body["eligibility"])
    assert Application.objects.get().files.get().material == "本人社会保障卡或银行卡"


def test_a_household_registered_outside_the_county_is_refused_in_the_users_language(users, residents, allowance):
    outsider = elder(residents, age=85, county_hukou=False)
    users["resident"].language = "ug"
    users["resident"].save()
    response = api(users["resident"]).post(
        "/api/v1/applications/", {"service": "MZ-GLJT", "applicant": outsider.pk, BANK_CARD: scan()}, format="multipart"
    )
    assert response.json()["code"] == "services.not_eligible"
    assert "户籍" not in response.json()["detail"]  # Uyghur words, not the Chinese source


def test_a_worker_overrides_a_failed_condition_with_a_written_reason(users, residents, allowance, login):
    young = elder(residents, age=78)
    with pytest.raises(NotEligible):
        application_submit(
            service=allowance, applicant=young, acting_user=users["worker_wenhualu"], materials={BANK_CARD: scan()}
        )
    application = application_submit(
        service=allowance,
        applicant=young,
        acting_user=users["worker_wenhualu"],
        materials={BANK_CARD: scan()},
        eligibility_override="县民政局特批：户籍登记出生日期有误，正在更正",
    )
    assert application.eligibility_override.startswith("县民政局特批")
    event = DomainEvent.objects.get(verb="application.eligibility_overridden")
    assert (event.actor, event.reason, event.data) == (
        users["worker_wenhualu"],
        application.eligibility_override,
        {"failed": ["min_age"]},
    )
    page = login(users["worker_wenhualu"]).get(f"/work/applications/{application.pk}/").content.decode()
    assert "县民政局特批" in page and "不符合" in page


def test_a_resident_cannot_override(users, residents, allowance):
    with pytest.raises(NotEligible):
        application_submit(
            service=allowance,
            applicant=elder(residents, age=70),
            acting_user=users["resident"],
            materials={BANK_CARD: scan()},
            eligibility_override="我想申请",
        )


def test_missing_materials_are_refused_with_the_list_and_registry_ones_are_not_asked(users, residents, allowance):
    old = elder(residents, age=90)
    response = api(users["resident"]).post(
        "/api/v1/applications/", {"service": "MZ-GLJT", "applicant": old.pk}, format="json"
    )
    assert (response.status_code, response.json()["code"]) == (400, "services.materials_missing")
    # The ID card and the 户口簿 are the registry's: only the bank card is missing.
    assert response.json()["missing"] == ["本人社会保障卡或银行卡"]


def test_a_registry_material_is_asked_for_when_the_registry_lacks_it(users, residents, allowance):
    old = elder(residents, age=90)
    old.id_number = ""
    old.save()
    with pytest.raises(MaterialsMissing) as refused:
        application_submit(
            service=allowance, applicant=old, acting_user=users["resident"], materials={BANK_CARD: scan()}
        )
    assert [requirement.name for requirement in refused.value.missing] == ["居民身份证"]


def test_the_form_names_the_missing_materials_and_keeps_what_was_typed(users, residents, allowance, login):
    old = elder(residents, age=90)
    page = login(users["resident"]).get("/services/items/MZ-GLJT/apply/").content.decode()
    assert "已由户籍信息提供" in page and 'name="material_2"' in page and 'name="material_0"' not in page
    response = login(users["resident"]).post(
        "/services/items/MZ-GLJT/apply/", {"applicant": old.pk, "note": "父亲今年九十岁"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "缺少申请材料" in html and "父亲今年九十岁" in html
    assert not Application.objects.exists()


def test_the_guide_says_which_materials_the_registry_provides(client, allowance):
    assert "已由户籍信息提供" in client.get("/services/items/MZ-GLJT/").content.decode()


def test_deferred_materials_remind_and_return_to_supplement_after_the_date(users, residents, allowance):
    old = elder(residents, age=82)
    today = timezone.localdate()
    worker = users["worker_wenhualu"]
    application = application_submit(
        service=allowance, applicant=old, acting_user=worker, materials_due_on=today + timedelta(days=5)
    )
    assert application.materials_deferred == ["本人社会保障卡或银行卡"]
    application = application_transition(application=application, to=Status.ACCEPTED, acting_user=worker)
    assert applications_deferred_materials_check(today=today) == {"reminded": 0, "returned": 0}
    assert applications_deferred_materials_check(today=today + timedelta(days=4)) == {"reminded": 1, "returned": 0}
    assert applications_deferred_materials_check(today=today + timedelta(days=4))["reminded"] == 0  # once
    assert applications_deferred_materials_check(today=today + timedelta(days=6)) == {"reminded": 0, "returned": 1}
    application.refresh_from_db()
    assert (application.status, application.supplement_materials) == (
        Status.SUPPLEMENT_REQUESTED,
        ["本人社会保障卡或银行卡"],
    )
    assert application.paused_since == today + timedelta(days=6)
    assert DomainEvent.objects.filter(verb="application.deferred_materials_overdue", actor=None).count() == 1


def test_the_applicant_is_told_of_deferred_materials_at_the_window_and_before_the_date(
    users, residents, allowance, django_capture_on_commit_callbacks
):
    old = elder(residents, age=82)
    old.account = users["volunteer"]
    old.save()
    with django_capture_on_commit_callbacks(execute=True):
        application_submit(
            service=allowance,
            applicant=old,
            acting_user=users["worker_wenhualu"],
            materials_due_on=timezone.localdate() + timedelta(days=1),
        )
        applications_deferred_materials_check()
    assert Notification.objects.filter(recipient=users["volunteer"], key="services.materials_deferred").count() == 2


def test_deferral_needs_an_item_that_allows_it_and_a_worker(users, residents, allowance):
    old = elder(residents, age=82)
    due = timezone.localdate() + timedelta(days=3)
    with pytest.raises(MaterialsMissing):  # a resident online cannot defer
        application_submit(service=allowance, applicant=old, acting_user=users["resident"], materials_due_on=due)
    ServiceItem.objects.filter(pk=allowance.pk).update(deferral_allowed=False)
    allowance.refresh_from_db()
    with pytest.raises(MaterialsMissing, match="不能容缺受理"):
        application_submit(service=allowance, applicant=old, acting_user=users["worker_wenhualu"], materials_due_on=due)


def test_a_second_open_application_is_a_409_with_a_link(users, residents, allowance):
    old = elder(residents, age=88)
    first = application_submit(
        service=allowance, applicant=old, acting_user=users["resident"], materials=material_uploads(allowance, old)
    )
    response = api(users["worker_wenhualu"]).post(
        "/api/v1/applications/", {"service": "MZ-GLJT", "applicant": old.pk, BANK_CARD: scan()}, format="multipart"
    )
    assert (response.status_code, response.json()["code"]) == (409, "services.duplicate")
    assert response.json()["existing"] == {
        "id": first.pk,
        "number": first.number,
        "url": f"/work/applications/{first.pk}/",
    }


def test_a_completed_benefit_is_not_applied_for_again(users, residents, allowance, approvers):
    old = elder(residents, age=88)
    worker = users["worker_wenhualu"]
    application = application_submit(
        service=allowance, applicant=old, acting_user=worker, materials={BANK_CARD: scan()}
    )
    application_approve(application, approvers=approvers)
    with pytest.raises(NotEligible, match="未在享受同一待遇"):
        application_submit(service=allowance, applicant=old, acting_user=worker, materials={BANK_CARD: scan()})


def test_the_page_links_to_the_open_application(users, residents, allowance, login):
    old = elder(residents, age=88)
    first = application_submit(
        service=allowance, applicant=old, acting_user=users["resident"], materials={BANK_CARD: scan()}
    )
    html = (
        login(users["resident"])
        .post("/services/items/MZ-GLJT/apply/", {"applicant": old.pk, BANK_CARD: scan()})
        .content.decode()
    )
    assert f'href="/services/applications/{first.pk}/"' in html


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submissions_leave_exactly_one(users, residents, allowance):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need a server database")
    old = elder(residents, age=88)
    barrier, outcomes = threading.Barrier(2), []

    def submit(user):
        try:
            barrier.wait()
            application_submit(service=allowance, applicant=old, acting_user=user, materials={BANK_CARD: scan()})
            outcomes.append("created")
        except Exception as error:
            outcomes.append(getattr(error, "api_code", repr(error)))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(users[name],)) for name in ("resident", "worker_wenhualu")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["created", "services.duplicate"]
    assert Application.objects.filter(applicant=old).count() == 1
