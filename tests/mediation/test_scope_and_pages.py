"""Scope (another unit's case is a 404; county departments other than the justice bureau see
nothing; the justice bureau sees all), masked parties on pages, the audited reveal, the export, and
every page in both languages."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from shequ.core.models import DomainEvent
from shequ.mediation.models import MediationCase, PublicityActivity, PublicityKind
from shequ.mediation.selectors import advisers_by_unit
from shequ.mediation.services import legal_adviser_save, publicity_activity_record
from tests.conftest import WENHUALU, XINDI
from tests.factories import IncidentFactory, MediationCaseFactory, png_bytes


@pytest.mark.django_db
def test_scope_hides_other_units_cases_and_other_departments(case, users, regions, justice):
    other = MediationCaseFactory(unit=regions[XINDI], acting_user=users["worker_xindi"])
    visible = lambda user: set(MediationCase.objects.for_user(user).values_list("pk", flat=True))  # noqa: E731
    assert visible(users["worker_wenhualu"]) == {case.pk}
    assert visible(users["township_jms"]) == {case.pk}
    assert visible(justice) == visible(users["county_admin"]) == {case.pk, other.pk}
    assert visible(users["county_mz"]) == visible(users["county_jy"]) == set()
    assert visible(users["grid_wenhualu"]) == visible(users["resident"]) == set()


@pytest.mark.django_db
def test_another_units_case_is_a_404_and_the_justice_bureau_opens_it(case, users, justice, login):
    assert login(users["worker_xindi"]).get(f"/work/mediation/{case.pk}/").status_code == 404
    assert login(users["county_jy"]).get(f"/work/mediation/{case.pk}/").status_code == 404
    assert login(justice).get(f"/work/mediation/{case.pk}/").status_code == 200
    assert login(users["county_jy"]).get("/work/mediation/").status_code == 403


@pytest.mark.django_db
def test_lists_and_the_case_page_show_parties_masked(case, users, login):
    client = login(users["worker_wenhualu"])
    for path in ("/work/mediation/", f"/work/mediation/{case.pk}/"):
        page = client.get(path).content.decode()
        assert "张**" in page and "张建国" not in page and "13812345678" not in page
    assert "138****5678" in client.get(f"/work/mediation/{case.pk}/").content.decode()


@pytest.mark.django_db
def test_the_full_name_and_phone_only_through_the_audited_reveal(case, users, login):
    party = case.parties.get(role="applicant")
    client = login(users["worker_wenhualu"])
    refused = client.post(f"/work/mediation/parties/{party.pk}/reveal/", {"reason": ""})
    assert refused.status_code == 400 and "13812345678" not in refused.content.decode()
    shown = client.post(f"/work/mediation/parties/{party.pk}/reveal/", {"reason": "通知参加调解"})
    assert "13812345678" in shown.content.decode() and "张建国" in shown.content.decode()
    event = DomainEvent.objects.get(verb="mediation_party.revealed")
    assert (event.actor, event.reason, event.target_id) == (users["worker_wenhualu"], "通知参加调解", str(party.pk))
    assert "13812345678" not in str(event.data) and "张建国" not in str(event.data)
    assert (
        login(users["worker_xindi"])
        .post(f"/work/mediation/parties/{party.pk}/reveal/", {"reason": "x看看"})
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_the_export_is_scoped_masked_and_audited(case, users, regions, login):
    MediationCaseFactory(unit=regions[XINDI], acting_user=users["worker_xindi"])
    answer = login(users["worker_wenhualu"]).get("/work/mediation/export/")
    sheet = load_workbook(BytesIO(b"".join(answer.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == case.pk
    text = str(rows)
    assert "张**" in text and "张建国" not in text and "13812345678" not in text
    assert DomainEvent.objects.filter(verb="mediation_cases.exported", data__rows=1).exists()


@pytest.mark.django_db
def test_a_case_accepted_from_the_page_and_a_rejected_form_keeps_what_was_typed(users, regions, catalogues, login):
    client = login(users["worker_wenhualu"])
    from shequ.mediation.models import DisputeType

    neighbour = DisputeType.objects.get(code="neighbour")
    rejected = client.post("/work/mediation/new/", {"unit": regions[WENHUALU].pk, "summary": "噪音扰民"})
    assert rejected.status_code == 200 and "噪音扰民" in rejected.content.decode()
    data = {
        "unit": regions[WENHUALU].pk,
        "dispute_type": neighbour.pk,
        "summary": "噪音扰民",
        "mediator_name": "王调解员",
        "party1_role": "applicant",
        "party1_name": "赵大",
        "party1_phone": "13900001111",
        "party2_role": "respondent",
        "party2_name": "钱二",
    }
    answer = client.post("/work/mediation/new/", data)
    case = MediationCase.objects.get()
    assert answer.status_code == 302 and case.parties.count() == 2
    client.post(f"/work/mediation/{case.pk}/", {"to": "mediating"})
    client.post(f"/work/mediation/{case.pk}/sessions/", {"held_on": case.accepted_on.isoformat(), "place": "调解室"})
    forbidden = client.post(f"/work/mediation/{case.pk}/", {"to": "fulfilled", "note": "x"}, follow=True)
    case.refresh_from_db()
    assert case.status == "mediating" and case.sessions.count() == 1 and "不能变为" in forbidden.content.decode()


@pytest.mark.django_db
def test_to_mediation_from_the_incident_page(categories, users, residents, catalogues, login):
    incident = IncidentFactory(acting_user=users["resident"], category="0101")
    client = login(users["worker_wenhualu"])
    assert (
        f"/work/mediation/from-incident/{incident.pk}/"
        in client.get(f"/work/incidents/{incident.pk}/").content.decode()
    )
    from shequ.mediation.models import DisputeType

    answer = client.post(
        f"/work/mediation/from-incident/{incident.pk}/",
        {"dispute_type": DisputeType.objects.get(code="neighbour").pk, "mediator_name": "王调解员"},
    )
    case = MediationCase.objects.get(incident=incident)
    assert answer.status_code == 302 and answer.url == f"/work/mediation/{case.pk}/"
    assert client.get(f"/work/mediation/from-incident/{incident.pk}/").url == f"/work/mediation/{case.pk}/"
    assert login(users["worker_xindi"]).get(f"/work/mediation/from-incident/{incident.pk}/").status_code == 404


@pytest.mark.django_db
def test_units_without_an_adviser_are_flagged(users, regions, login):
    from datetime import date

    legal_adviser_save(
        unit=regions[WENHUALU],
        name="马律师",
        law_firm="天山律师事务所",
        phone="0994-6000000",
        term_start=date(2020, 1, 1),
        term_end=date(2099, 12, 31),
        acting_user=users["township_jms"],
    )
    rows = advisers_by_unit(user=users["township_jms"], on=date.today())
    flags = {row.unit.code: row.adviser is None for row in rows}
    assert flags[WENHUALU] is False and flags["652327100002"] is True and XINDI not in flags
    page = login(users["township_jms"]).get("/work/legal-advisers/").content.decode()
    assert "马律师" in page and "未配备法律顾问" in page


@pytest.mark.django_db
def test_a_consultation_needs_an_adviser_serving_that_day(users, regions, login):
    client = login(users["worker_wenhualu"])
    data = {"unit": regions[WENHUALU].pk, "asked_on": "2025-03-01", "question": "租房押金", "advice": "先协商"}
    refused = client.post("/work/legal-consultations/", data)
    assert refused.status_code == 400 and "租房押金" in refused.content.decode()
    from datetime import date

    legal_adviser_save(
        unit=regions[WENHUALU],
        name="马律师",
        law_firm="天山律师事务所",
        phone="0994-6000000",
        term_start=date(2025, 1, 1),
        term_end=date(2025, 12, 31),
        acting_user=users["worker_wenhualu"],
    )
    assert client.post("/work/legal-consultations/", data).status_code == 302
    assert "租房押金" in client.get("/work/legal-consultations/").content.decode()


@pytest.mark.django_db
def test_publicity_totals_per_township_and_unit(users, regions, catalogues, login):
    from datetime import date

    law = PublicityKind.objects.get(code="law")
    for unit, attendance, user in (
        (WENHUALU, 40, "worker_wenhualu"),
        (WENHUALU, 60, "worker_wenhualu"),
        (XINDI, 25, "worker_xindi"),
    ):
        publicity_activity_record(
            unit=regions[unit],
            kind=law,
            title="宪法宣传",
            held_on=date(2025, 12, 4),
            place="广场",
            audience="居民",
            attendance=attendance,
            acting_user=users[user],
            photos=[SimpleUploadedFile("p.png", png_bytes(), "image/png")],
        )
    from shequ.mediation.selectors import publicity_totals

    totals = {
        row.region.code: (row.activities, row.attendance)
        for row in publicity_totals(user=users["county_admin"], year=2025)
    }
    assert totals == {"652327100": (2, 100), "652327205": (1, 25)}
    assert publicity_totals(user=users["county_admin"], year=2024) == []
    page = login(users["township_jms"]).get("/work/publicity/?year=2025").content.decode()
    assert "100" in page and "新地" not in page
    assert PublicityActivity.objects.for_user(users["worker_xindi"]).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "ug"])
def test_the_pages_render_in_both_languages(case, users, justice, login, language):
    client = login(justice)
    client.cookies["django_language"] = language
    for path in (
        "/work/mediation/",
        f"/work/mediation/{case.pk}/",
        "/work/mediation/new/",
        "/work/legal-advisers/",
        "/work/legal-consultations/",
        "/work/publicity/",
    ):
        answer = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
        assert answer.status_code == 200, path
        assert f'lang="{language}"' in answer.content.decode(), path
    assert "/work/mediation/" in client.get("/work/").content.decode()
