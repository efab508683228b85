"""The grid pages in a real browser: axe-core finds no serious or critical violation at phone and
desktop size, in Chinese and in Uyghur (right to left)."""

from datetime import date

import pytest

from shequ.grids.catalogue import checklist_load
from shequ.grids.services import crowded_place_register, grid_member_add, safety_body_member_add
from shequ.incidents.catalogue import categories_load
from tests.conftest import WENHUALU
from tests.e2e.conftest import BROWSER_TESTS
from tests.e2e.test_accessibility import DESKTOP, PHONE, RUN_AXE, Sessions

pytestmark = BROWSER_TESTS


@pytest.mark.django_db(transaction=True)
def test_the_grid_pages_have_no_serious_axe_violation(browser, live_server, users, regions, residents):
    categories_load()
    checklist_load()
    worker = users["worker_wenhualu"]
    market = crowded_place_register(
        grid=regions[WENHUALU + "001"],
        name="文化路农贸市场",
        kind="market",
        first_due_on=date(2026, 3, 1),
        acting_user=worker,
    )
    grid_member_add(
        grid=regions[WENHUALU + "001"], role="leader", name="李明", starts_on=date(2026, 1, 1), acting_user=worker
    )
    safety_body_member_add(
        unit=regions[WENHUALU], kind="police_room", name="马警官", starts_on=date(2026, 1, 1), acting_user=worker
    )
    pages = {
        "grid_wenhualu": ["/work/my-grid/", f"/work/crowded-places/{market.pk}/"],
        "worker_wenhualu": [
            "/work/grids/",
            f"/work/grids/{WENHUALU}001/",
            "/work/grids/over-size/",
            "/work/safety-bodies/",
            "/work/crowded-places/",
        ],
    }
    sessions, found = Sessions(browser, live_server), []
    for username, paths in pages.items():
        for language in ("zh-hans", "ug"):
            context, page = sessions.context(username, language, False)
            for path in paths:
                sessions.visit(page, path)
                for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
                    page.set_viewport_size(viewport)
                    for violation in page.evaluate(RUN_AXE, []):
                        found.append(f"{violation['id']} on {path} ({language} {size}): {violation['targets'][:5]}")
            context.close()
    assert not found, "\n".join(found)
