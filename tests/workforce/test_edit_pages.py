"""The pages that enter and keep the workforce data: one worker's form, courses, sessions and
attendance, the reserve pool; scoped per role, refused forms keep what was typed."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from shequ.regions.models import Region
from shequ.workforce.models import Attendance, Course, TrainingSession, Worker
from tests.conftest import WENHUALU, XINDI


def _worker_post(unit: str, **values) -> dict:
    return {
        "name": "古丽",
        "employer": "community",
        "organisation": "",
        "unit": Region.objects.get(code=unit).pk,
        "post": "deputy",
        "service_start": "2019-05-01",
    } | values


@pytest.mark.django_db
def test_a_village_worker_registers_a_worker_of_their_unit(users, login):
    client = login(users["worker_wenhualu"])
    assert client.get("/work/workers/new/").status_code == 200
    response = client.post("/work/workers/new/", _worker_post(WENHUALU, party_committee="on"))
    worker = Worker.objects.get(name="古丽")
    assert response.status_code == 302 and response["Location"] == f"/work/workers/{worker.pk}/"
    assert (worker.scope_code, worker.post, worker.party_committee) == (WENHUALU, "deputy", True)
    # Another unit is not among the choices: the form refuses it, nothing is written.
    refused = client.post("/work/workers/new/", _worker_post(XINDI, name="新地的"))
    assert refused.status_code == 200 and not Worker.objects.filter(name="新地的").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"), [("zh-hans", "“一肩挑”应同时是党组织和村（居）委会成员"), ("ug", None)]
)
def test_a_refused_form_keeps_what_was_typed_and_says_why_in_the_users_language(users, language, message):
    client = Client(headers={"accept-language": language})
    client.force_login(users["worker_wenhualu"])
    response = client.post("/work/workers/new/", _worker_post(WENHUALU, name="阿依古丽", one_shoulder="on"))
    assert response.status_code == 200 and not Worker.objects.exists()
    page = response.content.decode()
    assert 'value="阿依古丽"' in page and 'value="2019-05-01"' in page
    error = response.context["form"].errors["one_shoulder"][0]
    if message:
        assert error == message
    else:
        # Uyghur is written in Arabic script: no Chinese characters in the message.
        assert error and not any("\u4e00" <= char <= "\u9fff" for char in error)


@pytest.mark.django_db
def test_township_staff_edit_their_townships_workers_and_county_staff_only_read(users, login, make_worker):
    mine, other = make_worker(WENHUALU, name="文化路的"), make_worker(XINDI, name="新地的")
    township = login(users["township_jms"])
    page = township.get(f"/work/workers/{mine.pk}/")
    assert f"/work/workers/{mine.pk}/edit/" in page.content.decode()
    response = township.post(f"/work/workers/{mine.pk}/edit/", _worker_post(WENHUALU, name="改过的"))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.name == "改过的"
    assert township.get(f"/work/workers/{other.pk}/edit/").status_code == 404
    county = login(users["county_mz"])
    assert county.get(f"/work/workers/{mine.pk}/").status_code == 200
    assert f"/work/workers/{mine.pk}/edit/" not in county.get(f"/work/workers/{mine.pk}/").content.decode()
    assert county.get(f"/work/workers/{mine.pk}/edit/").status_code == 403
    assert county.get("/work/workers/new/").status_code == 403


@pytest.mark.django_db
def test_the_reserve_pool_lists_flagged_workers_of_the_users_scope(users, login, make_worker):
    make_worker(WENHUALU, name="后备甲", secretary_reserve=True)
    make_worker(WENHUALU, name="普通乙")
    make_worker(XINDI, name="后备丙", secretary_reserve=True)
    village = login(users["worker_wenhualu"]).get("/work/workers/reserve/").content.decode()
    assert "后备甲" in village and "普通乙" not in village and "后备丙" not in village
    county = login(users["county_mz"]).get("/work/workers/reserve/").content.decode()
    assert "后备甲" in county and "后备丙" in county and "普通乙" not in county


@pytest.mark.django_db
def test_a_course_a_session_and_its_attendance_are_entered_on_pages(users, login, make_worker):
    township = login(users["township_jms"])
    response = township.post(
        "/work/workers/courses/new/",
        {
            "title": "民族宗教政策法规",
            "mode": "offline",
            "topic": "ethnic_religious",
            "audience": "workers",
            "competencies": ["1", "2"],
        },
    )
    course = Course.objects.get()
    assert response["Location"] == f"/work/workers/courses/{course.pk}/" and course.competencies.count() == 2
    # A session in the township, with people outside the registry counted.
    response = township.post(
        f"/work/workers/courses/{course.pk}/sessions/new/",
        {"region": users["township_jms"].region_id, "held_on": "2025-04-02", "hours": "3.5", "headcount": "12"},
    )
    session = TrainingSession.objects.get()
    assert (session.scope_code, session.hours, session.headcount) == ("652327100", Decimal("3.5"), 12)
    # A session in another township is refused by the form.
    other = township.post(
        f"/work/workers/courses/{course.pk}/sessions/new/",
        {"region": users["township_xd"].region_id, "held_on": "2025-04-02", "hours": "3"},
    )
    assert other.status_code == 200 and TrainingSession.objects.count() == 1
    # The village worker ticks their unit's workers; those of another unit are not offered.
    ours, theirs = make_worker(WENHUALU, name="参训者"), make_worker(XINDI, name="外村的")
    village = login(users["worker_wenhualu"])
    page = village.get(f"/work/workers/sessions/{session.pk}/").content.decode()
    assert "参训者" in page and "外村的" not in page
    assert village.post(f"/work/workers/sessions/{session.pk}/", {"workers": [theirs.pk]}).status_code == 200
    assert not Attendance.objects.exists()
    assert village.post(f"/work/workers/sessions/{session.pk}/", {"workers": [ours.pk]}).status_code == 302
    # Once recorded, the worker is no longer offered, and a repeated post is refused: still one row.
    assert village.post(f"/work/workers/sessions/{session.pk}/", {"workers": [ours.pk]}).status_code == 200
    assert list(Attendance.objects.values_list("worker__name", "hours")) == [("参训者", Decimal("3.5"))]


@pytest.mark.django_db
def test_only_townships_and_the_county_create_courses_and_readers_hold_no_sessions(users, login):
    course = Course.objects.create(title="信息化", mode="online", topic="digital")
    assert login(users["worker_wenhualu"]).get("/work/workers/courses/new/").status_code == 403
    county = login(users["county_mz"])
    assert county.get("/work/workers/courses/").status_code == 200
    assert county.get(f"/work/workers/courses/{course.pk}/sessions/new/").status_code == 403


@pytest.mark.django_db
def test_a_county_session_is_seen_below_and_each_unit_records_its_own(users, login, make_worker, make_session):
    session = make_session(held_on=date(2025, 5, 1))
    wenhualu, xindi = make_worker(WENHUALU, name="甲"), make_worker(XINDI, name="乙")
    login(users["worker_wenhualu"]).post(f"/work/workers/sessions/{session.pk}/", {"workers": [wenhualu.pk]})
    login(users["worker_xindi"]).post(f"/work/workers/sessions/{session.pk}/", {"workers": [xindi.pk]})
    assert set(session.attendances.values_list("worker__name", flat=True)) == {"甲", "乙"}
    # Each unit sees its own attendance, the county both.
    assert "乙" not in login(users["worker_wenhualu"]).get(f"/work/workers/sessions/{session.pk}/").context[
        "attendances"
    ].values_list("worker__name", flat=True)
    county = login(users["county_mz"]).get(f"/work/workers/sessions/{session.pk}/")
    assert set(county.context["attendances"].values_list("worker__name", flat=True)) == {"甲", "乙"}
