"""亲属代办: whom a resident may apply for (the household, or whoever authorised them, in their own
account or through a worker with a signed form), and who hears of each step."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from shequ.accounts.models import Role
from shequ.core.models import DomainEvent
from shequ.notifications.models import Notification
from shequ.residents.choices import Relation
from shequ.services.authorisations import authorisation_revoke
from shequ.services.family import guardians_of
from shequ.services.models import Application, Authorisation
from tests.conftest import make_user
from tests.factories import ApplicationFactory, AuthorisationFactory, HouseholdFactory, PersonFactory

PDF = b"%PDF-1.4 signed form\n%%EOF\n"


@pytest.fixture
def wangwu_account(residents, regions):
    """王五 (another household of 文化路) signs up, so that she can authorise and be told."""
    account = make_user("wangwu", Role.RESIDENT, regions["wenhualu"])
    residents["wangwu"].account = account
    residents["wangwu"].save()
    return account


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _titles(user) -> list[str]:
    return [notification.title for notification in Notification.objects.filter(recipient=user)]


def test_the_chooser_names_relation_birth_year_and_id_tail_but_not_the_birth_date(
    users, residents, elderly_allowance, login
):
    html = login(users["resident"]).get(f"/services/items/{elderly_allowance.code}/apply/").content.decode()
    assert "张三（本人，1990年生，身份证尾号 0017）" in html
    assert "刘芳（配偶，1992年生，身份证尾号 002X）" in html
    assert "65232719920304002X" not in html and "1992-03-04" not in html and "19920304" not in html
    assert "王五" not in html  # another household, no authorisation


def test_an_authorised_person_joins_the_chooser_until_the_authorisation_is_revoked(
    users, residents, wangwu_account, elderly_allowance, login
):
    authorisation = AuthorisationFactory(grantor=residents["wangwu"], agent=residents["zhangsan"])
    page = f"/services/items/{elderly_allowance.code}/apply/"
    assert "王五（授权代办，1949年生，身份证尾号 002X）" in login(users["resident"]).get(page).content.decode()
    authorisation_revoke(authorisation=authorisation, acting_user=wangwu_account)
    assert "王五" not in login(users["resident"]).get(page).content.decode()


def test_a_resident_applies_for_a_household_member(users, residents, elderly_allowance, login):
    response = login(users["resident"]).post(
        f"/services/items/{elderly_allowance.code}/apply/", {"applicant": residents["wife"].pk}
    )
    assert response.status_code == 302
    assert Application.objects.get().applicant == residents["wife"]


def test_a_stranger_is_refused_without_authorisation_on_the_page_and_in_the_api(
    users, residents, elderly_allowance, login
):
    page = login(users["resident"]).post(
        f"/services/items/{elderly_allowance.code}/apply/", {"applicant": residents["wangwu"].pk}
    )
    assert page.status_code == 200 and "field-error" in page.content.decode()
    api = _api(users["resident"])
    for applicant in (residents["wangwu"].pk, residents["lisi"].pk, 987654):  # nobody has that id
        answer = api.post("/api/v1/applications/", {"service": elderly_allowance.code, "applicant": applicant})
        assert (answer.status_code, answer.json()["code"]) == (403, "services.not_authorised")
    assert not Application.objects.exists()


def test_an_authorisation_given_in_ones_own_account_lets_the_agent_apply(
    users, residents, wangwu_account, elderly_allowance, login, django_capture_on_commit_callbacks
):
    wangwu = login(wangwu_account)
    mismatch = wangwu.post("/services/authorisations/", {"agent_name": "张三", "agent_id_number": "652327199001010025"})
    assert "没有找到姓名和身份证号都相符的居民" in mismatch.content.decode()
    assert "652327199001010025" in mismatch.content.decode()  # what was typed stays
    with django_capture_on_commit_callbacks(execute=True):
        granted = wangwu.post(
            "/services/authorisations/", {"agent_name": "张三", "agent_id_number": "652327199001010017"}
        )
    assert granted.status_code == 302 and _titles(users["resident"]) == ["您已获得代办授权"]
    authorisation = Authorisation.objects.get()
    assert (authorisation.grantor, authorisation.agent, authorisation.method) == (
        residents["wangwu"],
        residents["zhangsan"],
        "account",
    )
    assert DomainEvent.objects.filter(verb="authorisation.granted", target_id=str(authorisation.pk)).exists()
    assert "张三" in wangwu.get("/services/authorisations/").content.decode()

    answer = _api(users["resident"]).post(
        "/api/v1/applications/", {"service": elderly_allowance.code, "applicant": residents["wangwu"].pk}
    )
    assert answer.status_code == 201
    application = Application.objects.get()
    # The agent follows what they submitted, though 王五 lives in another household.
    assert login(users["resident"]).get(f"/services/applications/{application.pk}/").status_code == 200
    assert (
        f"/services/applications/{application.pk}/"
        in login(users["resident"]).get("/services/applications/").content.decode()
    )


def test_a_worker_records_an_authorisation_from_a_signed_form(
    users, residents, wangwu_account, elderly_allowance, login, django_capture_on_commit_callbacks
):
    form = {
        "grantor_name": "王五",
        "grantor_id_number": "11010519491231002X",
        "agent_name": "张三",
        "agent_id_number": "652327199001010017",
    }
    worker = login(users["worker_wenhualu"])
    without_scan = worker.post("/work/authorisations/", form)
    assert "请上传本人签字的授权委托书扫描件" in without_scan.content.decode()
    # 王五 lives in 文化路: the worker of 新地村 cannot record her consent.
    elsewhere = login(users["worker_xindi"]).post(
        "/work/authorisations/", form | {"form": SimpleUploadedFile("form.pdf", PDF, "application/pdf")}
    )
    assert "本辖区没有姓名和身份证号都相符的居民" in elsewhere.content.decode()
    assert not Authorisation.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        recorded = worker.post(
            "/work/authorisations/", form | {"form": SimpleUploadedFile("form.pdf", PDF, "application/pdf")}
        )
    assert recorded.status_code == 302
    authorisation = Authorisation.objects.get()
    assert (authorisation.method, authorisation.recorded_by, authorisation.form_content_type) == (
        "form",
        users["worker_wenhualu"],
        "application/pdf",
    )
    assert worker.get(f"/work/authorisations/{authorisation.pk}/form/").status_code == 200
    assert DomainEvent.objects.filter(verb="authorisation.form_downloaded").count() == 1
    assert "工作人员已登记您的代办授权" in _titles(wangwu_account)

    applied = login(users["resident"]).post(
        f"/services/items/{elderly_allowance.code}/apply/", {"applicant": residents["wangwu"].pk}
    )
    assert applied.status_code == 302 and Application.objects.get().submitted_by == users["resident"]


def test_only_the_grantor_or_a_worker_of_their_area_revokes(users, residents, wangwu_account, login):
    authorisation = AuthorisationFactory(grantor=residents["wangwu"], agent=residents["zhangsan"])
    url = f"/services/authorisations/{authorisation.pk}/revoke/"
    assert login(users["worker_xindi"]).post(url).status_code == 404
    assert login(users["resident"]).post(url).status_code == 404  # the agent cannot
    assert login(wangwu_account).post(url).status_code == 302
    authorisation.refresh_from_db()
    assert authorisation.revoked_by == wangwu_account
    assert DomainEvent.objects.filter(verb="authorisation.revoked").count() == 1


def test_every_step_tells_the_submitter_and_the_person_applied_for(
    users, residents, elderly_allowance, regions, django_capture_on_commit_callbacks
):
    wife_account = make_user("liufang", Role.RESIDENT, regions["wenhualu"])
    residents["wife"].account = wife_account
    residents["wife"].save()
    with django_capture_on_commit_callbacks(execute=True):
        ApplicationFactory(
            service=elderly_allowance,
            applicant=residents["wife"],
            acting_user=users["resident"],
            worker=users["worker_wenhualu"],
            steps=["accepted"],
        )
    for account in (users["resident"], wife_account):
        assert sorted(_titles(account)) == ["您的申请已提交", "您的申请状态更新为：已受理"]
    assert _titles(users["worker_wenhualu"]) == []


def test_an_authorised_agent_and_the_grantor_are_both_told(
    users, residents, wangwu_account, elderly_allowance, django_capture_on_commit_callbacks
):
    AuthorisationFactory(grantor=residents["wangwu"], agent=residents["zhangsan"])
    with django_capture_on_commit_callbacks(execute=True):
        ApplicationFactory(service=elderly_allowance, applicant=residents["wangwu"], acting_user=users["resident"])
    assert _titles(users["resident"]) == ["您的申请已提交"] and _titles(wangwu_account) == ["您的申请已提交"]


@pytest.fixture
def family_with_a_minor(regions):
    """赵六 (head) and his wife, both with accounts; their son born 2015 and a grandson born 2020."""
    home = HouseholdFactory(region=regions["wenhualu"], grid=regions["652327100003001"])
    father = PersonFactory(household=home, name="赵六", account=make_user("zhaoliu", Role.RESIDENT, None))
    mother = PersonFactory(
        household=home, name="钱七", relation=Relation.SPOUSE, account=make_user("qianqi", Role.RESIDENT, None)
    )
    son = PersonFactory(household=home, name="赵小", relation=Relation.CHILD, born=date(2015, 6, 1))
    grandson = PersonFactory(household=home, name="赵孙", relation=Relation.GRANDCHILD, born=date(2020, 6, 1))
    return {"father": father, "mother": mother, "son": son, "grandson": grandson}


def test_a_minors_guardians_are_the_head_and_for_the_heads_child_the_spouse(family_with_a_minor):
    family = family_with_a_minor
    assert set(guardians_of(family["son"])) == {family["father"], family["mother"]}
    assert guardians_of(family["grandson"]) == [family["father"]]
    assert guardians_of(family["mother"]) == []  # an adult has none


def test_an_application_for_a_minor_at_the_window_tells_the_guardians(
    users, family_with_a_minor, elderly_allowance, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ApplicationFactory(
            service=elderly_allowance, applicant=family_with_a_minor["son"], acting_user=users["worker_wenhualu"]
        )
    for guardian in ("father", "mother"):
        assert _titles(family_with_a_minor[guardian].account) == ["您的申请已提交"]
    assert _titles(users["worker_wenhualu"]) == []
