"""The plan-task pages in a real browser: axe-core finds no serious or critical violation at phone
and desktop size, in Chinese and in Uyghur (right to left)."""

from decimal import Decimal

import pytest

from shequ.plantasks.models import ScoringCriterion
from shequ.plantasks.services import ReportData, progress_report_save
from tests.e2e.conftest import BROWSER_TESTS, browser  # noqa: F401  (the fixture)
from tests.e2e.test_accessibility import DESKTOP, PHONE, RUN_AXE, Sessions

pytestmark = BROWSER_TESTS


@pytest.mark.django_db(transaction=True)
def test_no_serious_axe_violation_on_the_plan_task_pages(browser, live_server, make_item, plan_users):  # noqa: F811
    item = make_item(department="zzb")
    progress_report_save(
        item=item,
        period_index=1,
        data=ReportData("召开联席会议", 30),
        acting_user=plan_users["county_zzb"],
        submit=True,
    )
    ScoringCriterion.objects.create(code="reports", name="按时报送", source="reports", weight=Decimal(30))
    paths = [
        "/work/plan-tasks/",
        "/work/plan-tasks/tasks/task-11/",
        f"/work/plan-tasks/items/{item.pk}/",
        "/work/plan-tasks/review/",
        "/work/plan-tasks/matters/",
        "/work/plan-tasks/lists/",
        "/work/plan-tasks/scores/?year=2026",
    ]
    sessions, found = Sessions(browser, live_server), []
    for language in ("zh-hans", "ug"):
        context, page = sessions.context("county_mz", language, False)
        for path in paths:
            sessions.visit(page, path)
            for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
                page.set_viewport_size(viewport)
                for violation in page.evaluate(RUN_AXE, []):
                    found.append(f"{violation['id']} on {path} ({language} {size}): {violation['targets'][:5]}")
            page.set_viewport_size(PHONE)
        context.close()
    assert not found, "\n".join(found)
