"""The emergency pages in a real browser: no serious axe violation and no overflowing cell at
phone and desktop size, in Chinese and in Uyghur (right to left); and a grid worker acknowledges a
warning from the workbench on a phone, without JavaScript doing anything for it."""

from decimal import Decimal

import pytest

from shequ.emergency.models import Acknowledgement
from shequ.emergency.services import record_create, supply_create, warning_create, warning_transition
from shequ.emergency.workflow import WarningStatus
from tests.conftest import WENHUALU
from tests.e2e.conftest import BROWSER_TESTS
from tests.e2e.test_accessibility import DESKTOP, OVERFLOWING, PHONE, RUN_AXE, Sessions

pytestmark = BROWSER_TESTS


@pytest.fixture
def emergency(users, regions, residents):
    worker = users["worker_wenhualu"]
    unit = regions[WENHUALU]
    supply = supply_create(
        acting_user=worker,
        region=unit,
        name="折叠床",
        measure="张",
        quantity=Decimal(3),
        minimum=Decimal(10),
        location="社区应急物资库",
    )
    record_create(
        kind="shelter",
        acting_user=worker,
        region=unit,
        values={"name": "文化路小学操场", "address": "文化路8号", "capacity": 800, "facilities": "供水、照明"},
    )
    record_create(
        kind="force",
        acting_user=users["county_mz"],
        region=regions["652327"],
        values={"name": "蓝天救援队", "skills": "搜救", "leader": "队长", "phone": "13999990000", "members": 30},
    )
    warning = warning_create(
        acting_user=users["county_mz"],
        level="red",
        kind="weather",
        regions=[regions["652327100"]],
        title="暴雪红色预警",
        body="今夜有暴雪，请减少外出。",
        title_ug="قار ئاپىتى قىزىل ئاگاھلاندۇرۇش",
        body_ug="بۈگۈن كەچتە قاتتىق قار ياغىدۇ، سىرتقا ئاز چىقىڭ.",
    )
    warning = warning_transition(warning=warning, acting_user=users["county_mz"], to=WarningStatus.ISSUED)
    return {"warning": warning, "supply": supply}


def emergency_pages(emergency) -> dict[str, list[str]]:
    warning = emergency["warning"].pk
    return {
        "worker_wenhualu": [
            "/work/emergency/",
            f"/work/emergency/warnings/{warning}/",
            f"/work/emergency/warnings/{warning}/broadcast/",
            "/work/emergency/supplies/",
            f"/work/emergency/supplies/{emergency['supply'].pk}/",
            "/work/emergency/plans/",
            "/work/emergency/shelter/",
            "/work/emergency/station/",
            "/work/emergency/drill/",
            "/work/emergency/force/",
        ],
        "county_mz": ["/work/emergency/warnings/new/", f"/work/emergency/warnings/{warning}/"],
        "grid_wenhualu": ["/work/"],
        "resident": ["/warnings/"],
    }


@pytest.mark.django_db(transaction=True)
def test_no_serious_axe_violation_on_the_emergency_pages(browser, live_server, users, emergency):
    sessions, found = Sessions(browser, live_server), []
    for username, paths in emergency_pages(emergency).items():
        for language in ("zh-hans", "ug"):
            context, page = sessions.context(username, language, False)
            for path in paths:
                sessions.visit(page, path)
                for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
                    page.set_viewport_size(viewport)
                    mode = f"{language} {size} {username}"
                    for violation in page.evaluate(RUN_AXE, []):
                        found.append(f"{violation['id']} on {path} ({mode}): {', '.join(violation['targets'][:5])}")
                    found += [f"overflow on {path} ({mode}): {cell}" for cell in page.evaluate(OVERFLOWING)]
                page.set_viewport_size(PHONE)
            context.close()
    assert not found, "\n".join(found)


@pytest.mark.django_db(transaction=True)
def test_a_grid_worker_acknowledges_from_the_workbench_on_a_phone(browser, live_server, users, emergency):
    sessions = Sessions(browser, live_server)
    context, page = sessions.context("grid_wenhualu", "ug", False)
    sessions.visit(page, "/work/")
    page.locator("#emergency-panel button[type=submit]").click()
    page.wait_for_url(lambda url: url.endswith("/work/"))
    row = Acknowledgement.objects.get(warning=emergency["warning"], worker=users["grid_wenhualu"])
    assert row.acknowledged_at is not None
    assert page.locator("#emergency-panel button[type=submit]").count() == 0
    context.close()
