"""The pages and the API: my grid for the grid worker, the staff pages in both languages, moving
households from a grid's page, an inspection from the place page, and another unit's worker
getting 404s."""

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from shequ.core.models import DomainEvent
from shequ.grids.models import HouseholdMove, Inspection
from shequ.grids.services import grid_member_add, safety_body_member_add
from tests.conftest import WENHUALU

pytestmark = pytest.mark.django_db
GRID1, GRID2 = WENHUALU + "001", WENHUALU + "002"


@pytest.mark.parametrize("language", ["zh-hans", "ug"])
def test_the_pages_render_in_both_languages(market, users, regions, residents, login, language):
    grid_member_add(
        grid=regions[GRID1],
        role="building_head",
        name="阿依古丽",
        phone="13911112222",
        building="3号楼",
        starts_on=date(2026, 1, 1),
        acting_user=users["worker_wenhualu"],
    )
    safety_body_member_add(
        unit=regions[WENHUALU],
        kind="police_room",
        name="马警官",
        starts_on=date(2026, 1, 1),
        acting_user=users["worker_wenhualu"],
    )
    pages = [
        (users["grid_wenhualu"], "/work/my-grid/"),
        (users["grid_wenhualu"], f"/work/crowded-places/{market.pk}/"),
        (users["worker_wenhualu"], "/work/grids/"),
        (users["worker_wenhualu"], f"/work/grids/{GRID1}/"),
        (users["township_jms"], "/work/grids/over-size/"),
        (users["worker_wenhualu"], "/work/safety-bodies/"),
        (users["county_mz"], "/work/crowded-places/"),
        (users["worker_wenhualu"], "/work/"),
    ]
    for user, path in pages:
        client = login(user)
        client.cookies["django_language"] = language
        answer = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
        assert answer.status_code == 200, path
        assert "13911112222" not in answer.content.decode()


def test_my_grid_shows_the_grid_workers_households_and_places(market, users, residents, login):
    page = login(users["grid_wenhualu"]).get("/work/my-grid/").content.decode()
    assert "文化路1号" in page and "文化路农贸市场" in page
    assert "文化路2号" not in page and "张三" not in page  # another grid's household; no names


def test_households_are_moved_from_the_grids_page_and_a_bad_move_keeps_the_choice(users, residents, login):
    client = login(users["worker_wenhualu"])
    home = residents["home"]
    kept = client.post(f"/work/grids/{GRID1}/", {"action": "move", "to_grid": "999"})
    assert kept.status_code == 200 and not HouseholdMove.objects.exists()
    moved = client.post(f"/work/grids/{GRID1}/", {"action": "move", "to_grid": GRID2, "households": [home.pk]})
    assert moved.status_code == 302
    home.refresh_from_db()
    assert home.grid.code == GRID2
    assert login(users["grid_wenhualu"]).post(f"/work/grids/{GRID1}/", {"action": "move"}).status_code == 403


def test_an_inspection_from_the_place_page_reports_the_failed_item(market, users, login):
    client = login(users["grid_wenhualu"])
    answers = {f"item_0{number}": "1" for number in range(1, 7)} | {f"note_0{number}": "" for number in range(1, 7)}
    rejected = client.post(
        f"/work/crowded-places/{market.pk}/", answers | {"inspected_on": "2026-03-02", "item_04": "0"}
    )
    assert rejected.status_code == 200 and not Inspection.objects.exists()
    done = client.post(
        f"/work/crowded-places/{market.pk}/",
        answers | {"inspected_on": "2026-03-02", "item_04": "0", "note_04": "插线板串接"},
    )
    assert done.status_code == 302
    assert Inspection.objects.get().results.get(passed=False).incident.category.code == "0203"


def test_another_units_worker_gets_404s(market, users, login):
    client = login(users["worker_xindi"])
    for path in (
        f"/work/grids/{GRID1}/",
        f"/work/crowded-places/{market.pk}/",
        f"/api/v1/grids/{GRID1}/",
        f"/api/v1/crowded-places/{market.pk}/",
    ):
        assert client.get(path).status_code == 404, path
    answer = client.post("/api/v1/inspections/", {"place": market.pk, "results": []}, content_type="application/json")
    assert answer.status_code == 404


def test_the_api_lists_grids_rosters_and_records_an_inspection(market, users, regions, residents, login):
    client = login(users["grid_wenhualu"])
    grids = client.get("/api/v1/grids/").json()["results"]
    assert [(grid["code"], grid["households"], grid["over_size"]) for grid in grids] == [(GRID1, 1, False)]
    results = [
        {"item": f"0{number}", "passed": number != 2, "note": "过期" if number == 2 else ""} for number in range(1, 7)
    ]
    answer = client.post(
        "/api/v1/inspections/",
        {"place": market.pk, "inspected_on": "2026-03-02", "results": results},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    failed = [row for row in answer.json()["results"] if not row["passed"]]
    assert failed[0]["item"] == "02" and failed[0]["incident"]
    bad = client.post(
        "/api/v1/inspections/", {"place": market.pk, "results": results[:2]}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert login(users["resident"]).get("/api/v1/grids/").status_code == 403
    members = login(users["worker_wenhualu"]).get("/api/v1/safety-body-members/").json()
    assert members["results"] == []


def test_rejected_forms_keep_what_was_typed(checklist, users, login):
    client = login(users["worker_wenhualu"])
    place = client.post(
        "/work/crowded-places/", {"grid": GRID1, "name": "文化路夜市", "kind": "", "interval_days": "30"}
    )
    assert place.status_code == 200 and "文化路夜市" in place.content.decode()
    profile = client.post(
        f"/work/grids/{GRID1}/", {"action": "profile", "kind": "dedicated", "subject_name": "第一中学"}
    )
    assert profile.status_code == 200 and "第一中学" in profile.content.decode()
    member = client.post(
        f"/work/grids/{GRID1}/",
        {"action": "member", "role": "leader", "name": "李明", "username": "nobody", "starts_on": "2026-01-01"},
    )
    assert member.status_code == 200 and "李明" in member.content.decode() and "没有这个账号" in member.content.decode()


def test_a_grid_becomes_dedicated_from_its_page(users, regions, login):
    client = login(users["worker_wenhualu"])
    answer = client.post(
        f"/work/grids/{GRID1}/",
        {"action": "profile", "kind": "dedicated", "subject": "school", "subject_name": "第一中学"},
    )
    assert answer.status_code == 302
    profile = regions[GRID1].grid_profile
    assert (profile.kind, profile.subject, profile.scope_code) == ("dedicated", "school", GRID1)


def test_the_export_holds_my_areas_rosters_and_places_with_phones_masked(market, users, regions, login):
    grid_member_add(
        grid=regions[GRID1],
        role="building_head",
        name="阿依古丽",
        phone="13911112222",
        building="3号楼",
        starts_on=date(2026, 1, 1),
        acting_user=users["worker_wenhualu"],
    )
    response = login(users["worker_wenhualu"]).get("/work/grids/export.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(b"".join(response.streaming_content)), read_only=True)
    members, _safety, places = (list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets)
    assert [row[2] for row in members[1:]] == ["阿依古丽"]
    assert "13911112222" not in str(members) and "2222" in str(members)
    assert [row[1] for row in places[1:]] == [market.name]
    assert DomainEvent.objects.filter(verb="grids.exported", actor=users["worker_wenhualu"]).exists()
    other = login(users["worker_xindi"]).get("/work/grids/export.xlsx")
    other_workbook = load_workbook(BytesIO(b"".join(other.streaming_content)), read_only=True)
    assert all(len(list(sheet.iter_rows())) == 1 for sheet in other_workbook.worksheets)
