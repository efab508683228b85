"""On a phone, a resident reports a broken streetlight with a photo; the community's worker
registers, dispatches and handles it; the grid worker verifies it; the worker closes it; the
resident rates it. And the incident pages, in Chinese and in Uyghur, at phone and desktop size,
have no serious axe violation."""

from decimal import Decimal

import pytest
from django.utils import timezone

from shequ.feedback.models import Rating
from shequ.incidents.catalogue import categories_load
from shequ.incidents.models import Incident, PatrolFinding
from shequ.incidents.services import incident_transition, patrol_record
from tests.conftest import WENHUALU
from tests.e2e.conftest import BROWSER_TESTS
from tests.e2e.test_accessibility import DESKTOP, PHONE, RUN_AXE, Sessions
from tests.e2e.test_service_hall_browser import signed_in
from tests.factories import IncidentFactory, png_bytes

pytestmark = BROWSER_TESTS


def _photo(tmp_path, name: str):
    path = tmp_path / name
    path.write_bytes(png_bytes((40, 30), "orange"))
    return str(path)


def _step(page, button: str, note: str = "", photo: str = "") -> None:
    if note:
        page.fill("textarea[name=note]", note)
    if photo:
        page.set_input_files("input[name=photos]", photo)
    page.get_by_role("button", name=button, exact=True).click()
    page.get_by_role("status").filter(has_text="已办理").wait_for()


@pytest.mark.django_db(transaction=True)
def test_streetlight_reported_dispatched_verified_closed_and_rated_on_a_phone(
    browser, live_server, users, residents, tmp_path
):
    categories_load()  # the data migration's rows do not survive a transactional test's flush
    csp_violations = []
    resident = signed_in(browser, live_server, "resident", csp_violations)
    resident.goto(f"{live_server.url}/incidents/report/")
    resident.select_option("#id_category", label="设施损坏 · 路灯损坏")
    resident.fill("#id_description", "3号楼前的路灯坏了，晚上很黑")
    resident.fill("#id_location", "文化路3号楼")
    resident.set_input_files("#id_photos", _photo(tmp_path, "路灯.png"))
    resident.get_by_role("button", name="提交").click()
    resident.get_by_role("status").filter(has_text="已收到您上报的事件").wait_for()
    incident = Incident.objects.get()
    assert incident.files.count() == 1 and incident.grid.code == WENHUALU + "001"
    assert resident.locator(".status").inner_text() == "已上报"

    worker = signed_in(browser, live_server, "worker_wenhualu", csp_violations)
    worker.goto(f"{live_server.url}/work/incidents/")
    worker.locator("#queue-reported").get_by_role("link", name="路灯损坏").click()
    _step(worker, "立案")
    _step(worker, "派遣")
    incident.refresh_from_db()
    assert incident.status == "dispatched" and incident.assigned_unit.code == WENHUALU
    _step(worker, "接收处置")
    _step(worker, "处置反馈", note="已更换灯泡，恢复照明", photo=_photo(tmp_path, "修好.png"))
    assert worker.locator(".status").inner_text() == "已处置待核查"

    grid = signed_in(browser, live_server, "grid_wenhualu", csp_violations)
    grid.goto(f"{live_server.url}/work/incidents/")
    grid.locator("#queue-to_verify").get_by_role("link", name="路灯损坏").click()
    _step(grid, "核查通过", note="现场查看，路灯已亮")

    worker.reload()
    _step(worker, "结案")
    incident.refresh_from_db()
    assert incident.status == "closed" and incident.files.filter(stage="handled").count() == 1

    resident.goto(f"{live_server.url}/incidents/mine/")
    resident.get_by_role("link", name="路灯损坏").click()
    assert resident.locator(".status").inner_text() == "已结案"
    resident.get_by_role("link", name="评价处理结果").click()
    resident.locator("label", has_text="非常满意").click()
    resident.get_by_role("button", name="提交评价").click()
    resident.get_by_text("感谢您的评价").wait_for()
    rating = Rating.objects.get(target_type="incident", target_id=incident.pk)
    assert rating.level == 5 and not rating.is_default
    assert csp_violations == []


@pytest.fixture
def incident_pages(users, residents, regions):
    """A case of every page: the resident's own (closed), one just reported, a patrol with a finding
    not yet reported as a case; both cases with a position, for the map."""
    categories_load()
    worker = users["worker_wenhualu"]
    closed = IncidentFactory(
        acting_user=users["resident"], latitude=Decimal("44.001"), longitude=Decimal("89.181"), location="3号楼"
    )
    for step in ("registered", "dispatched", "handling"):
        closed = incident_transition(incident=closed, acting_user=worker, to=step)
    closed = incident_transition(incident=closed, acting_user=worker, to="handled", note="已修好")
    waiting = IncidentFactory(
        acting_user=worker, region=regions[WENHUALU + "001"], latitude=Decimal("44.002"), longitude=Decimal("89.182")
    )
    incident_transition(incident=closed, acting_user=users["grid_wenhualu"], to="verified")
    incident_transition(incident=closed, acting_user=worker, to="closed")
    patrol_record(
        acting_user=users["grid_wenhualu"],
        started_at=timezone.now(),
        places="文化路1-8号楼",
        findings=[("3号楼消防通道堆放杂物", "3号楼")],
    )
    assert PatrolFinding.objects.filter(incident__isnull=True).exists()
    return {"closed": closed, "waiting": waiting}


@pytest.mark.django_db(transaction=True)
def test_incident_pages_have_no_serious_axe_violation_in_both_languages(browser, live_server, incident_pages):
    pages = {
        "resident": [
            "/incidents/report/",
            "/incidents/mine/",
            f"/incidents/mine/{incident_pages['closed'].pk}/",
            f"/feedback/rate/incident/{incident_pages['closed'].pk}/",
        ],
        "worker_wenhualu": [
            "/work/incidents/",
            "/work/incidents/queue/reported/",
            "/work/incidents/map/",
            f"/work/incidents/{incident_pages['waiting'].pk}/",
        ],
        "grid_wenhualu": ["/work/patrols/", f"/work/incidents/{incident_pages['closed'].pk}/"],
    }
    sessions, found = Sessions(browser, live_server), []
    for username, paths in pages.items():
        for language in ("zh-hans", "ug"):
            context, page = sessions.context(username, language, False)
            for path in paths:
                sessions.visit(page, path)
                if path.endswith("/map/"):
                    page.wait_for_selector("#incident-map .leaflet-interactive")
                for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
                    page.set_viewport_size(viewport)
                    for violation in page.evaluate(RUN_AXE, []):
                        targets = ", ".join(violation["targets"][:5])
                        found.append(f"{violation['id']} on {path} ({language} {size} {username}): {targets}")
                page.set_viewport_size(PHONE)
            context.close()
    assert not found, "\n".join(found)
