"""The staff's incident export (within scope, no reporter data, numbers in the text masked, audited),
the map of open cases with a position and its table without JavaScript, and the admin of the
categories and routing rules (the county administrator's alone)."""

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from shequ.core.models import DomainEvent
from shequ.incidents.models import Category, RoutingRule
from tests.conftest import WENHUALU, XINDI
from tests.factories import IncidentFactory


def _sheet(response) -> list[tuple]:
    assert response.status_code == 200, response.status_code
    content = b"".join(response.streaming_content)
    return list(load_workbook(BytesIO(content), read_only=True).active.iter_rows(values_only=True))


@pytest.fixture
def cases(categories, users, residents, regions):
    """A resident's case in 文化路 whose text carries a phone number, and a 新地村 case."""
    ours = IncidentFactory(
        acting_user=users["resident"],
        description="3号楼路灯不亮，联系13812345678",
        latitude=Decimal("44.001234"),
        longitude=Decimal("89.181234"),
    )
    theirs = IncidentFactory(
        acting_user=users["worker_xindi"],
        region=regions[XINDI],
        description="井盖缺失",
        latitude=Decimal("44.101234"),
        longitude=Decimal("89.281234"),
    )
    return {"ours": ours, "theirs": theirs}


@pytest.mark.django_db
def test_the_export_holds_the_scope_and_nothing_of_the_reporter(cases, users, login):
    rows = _sheet(login(users["worker_wenhualu"]).get("/work/incidents/export.xlsx"))
    assert [row[0] for row in rows[1:]] == [cases["ours"].pk]
    text = " ".join(str(value) for value in rows[1])
    assert "138****5678" in text and "13812345678" not in text
    assert "张三" not in text and "652327199001010017" not in text
    event = DomainEvent.objects.get(verb="incidents.exported")
    assert event.data == {"queue": "", "rows": 1}
    county_rows = _sheet(login(users["county_mz"]).get("/work/incidents/export.xlsx"))
    assert sorted(row[0] for row in county_rows[1:]) == sorted(case.pk for case in cases.values())


@pytest.mark.django_db
def test_the_export_of_one_queue_and_of_a_wrong_one(cases, users, login):
    client = login(users["worker_wenhualu"])
    assert len(_sheet(client.get("/work/incidents/export.xlsx?queue=reported"))) == 2
    assert len(_sheet(client.get("/work/incidents/export.xlsx?queue=to_close"))) == 1
    assert client.get("/work/incidents/export.xlsx?queue=everything").status_code == 404


@pytest.mark.django_db
def test_an_export_beyond_the_limit_is_refused_with_a_message(cases, users, login, settings):
    settings.EXPORT_MAX_ROWS = 1
    client = login(users["county_mz"])
    answer = client.get("/work/incidents/export.xlsx", follow=True)
    assert answer.redirect_chain[-1][0] == "/work/incidents/"
    assert "超过 1 行" in answer.content.decode()
    assert login(users["resident"]).get("/work/incidents/export.xlsx").status_code in (302, 403)


@pytest.mark.django_db
def test_the_map_shows_the_open_cases_with_a_position_within_scope(cases, users, login, regions):
    without_position = IncidentFactory(acting_user=users["worker_wenhualu"], region=regions[WENHUALU])
    answer = login(users["worker_wenhualu"]).get("/work/incidents/map/")
    html = answer.content.decode()
    data = answer.context["map_data"]
    assert [point["id"] for point in data["points"]] == [cases["ours"].pk]
    assert data["points"][0]["lat"] == pytest.approx(44.001234) and not data["points"][0]["overdue"]
    assert data["units"] == [{"name": regions[WENHUALU].short_name, "lat": 44.001234, "lng": 89.181234}]
    # Without JavaScript the table is the page: the case, its coordinates, a link to it.
    assert f"/work/incidents/{cases['ours'].pk}/" in html and "44.001234" in html
    assert f"/work/incidents/{cases['theirs'].pk}/" not in html
    assert f"/work/incidents/{without_position.pk}/" not in html
    assert "vendor/leaflet/leaflet.js" in html and "tile" not in html.lower()
    county = login(users["county_mz"]).get("/work/incidents/map/").context["map_data"]
    assert len(county["points"]) == 2 and len(county["units"]) == 2


@pytest.mark.django_db
def test_residents_do_not_get_the_map(cases, users, login):
    assert login(users["resident"]).get("/work/incidents/map/").status_code in (302, 403)


@pytest.mark.django_db
def test_the_county_administrator_keeps_categories_and_routing_rules_in_the_admin(categories, users, login):
    client = login(users["county_admin"])
    streetlight = Category.objects.get(code="0401")
    assert client.get("/admin/incidents/category/").status_code == 200
    assert client.get(f"/admin/incidents/category/{streetlight.pk}/change/").status_code == 200
    bad = client.post(
        "/admin/incidents/routingrule/add/",
        {"category": streetlight.pk, "region_code": "999999", "handled_at": "township", "department": ""},
    )
    assert bad.status_code == 200 and "没有这个区划代码" in bad.content.decode()
    assert not RoutingRule.objects.exists()
    good = client.post(
        "/admin/incidents/routingrule/add/",
        {"category": streetlight.pk, "region_code": XINDI, "handled_at": "township", "department": ""},
    )
    assert good.status_code == 302 and RoutingRule.objects.get().region_code == XINDI
    for username in ("worker_wenhualu", "county_mz"):
        worker = login(users[username])
        assert worker.get("/admin/incidents/category/").status_code == 302
        assert worker.get("/admin/incidents/routingrule/").status_code == 302
