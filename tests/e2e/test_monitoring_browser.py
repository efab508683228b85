"""county_mz opens the monitoring dashboard (charts drawn by the vendored ECharts), drills into a
township and a unit, asks for the monitoring report and downloads it once the worker has built it;
axe-core finds no serious violation on these pages, in Chinese and in Uyghur."""

from pathlib import Path

import pypdfium2
import pytest

from shequ.facilities.catalogue import catalogue_load
from shequ.facilities.demo import facilities_seed
from shequ.monitoring.catalogue import plan_14_load
from shequ.monitoring.models import Report, ReportStatus
from shequ.monitoring.tasks import monitoring_report_build
from tests.conftest import WENHUALU
from tests.e2e.conftest import BROWSER_TESTS
from tests.e2e.test_accessibility import DESKTOP, PHONE, RUN_AXE, Sessions

pytestmark = BROWSER_TESTS


def _axe(page, where: str) -> list[str]:
    found = []
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        found += [f"{v['id']} on {where} {size}: {', '.join(v['targets'][:5])}" for v in page.evaluate(RUN_AXE, [])]
    return found


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["zh-hans", "ug"])
def test_county_mz_drills_down_and_downloads_the_report(browser, live_server, users, language, tmp_path: Path):
    catalogue_load()  # the data migrations' rows do not survive a transactional test's flush
    plan_14_load()
    facilities_seed(county="652327", seed=1)
    sessions = Sessions(browser, live_server)
    context, page = sessions.context("county_mz", language, False, viewport=DESKTOP)
    csp_violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and csp_violations.append(m.text))
    found = []

    page.goto(f"{live_server.url}/work/monitoring/")
    assert page.url.endswith("/work/monitoring/652327/")
    page.locator("[data-chart=ranked] canvas").first.wait_for()  # ECharts drew the townships ranked
    found += _axe(page, "county")

    page.locator("main table").last.get_by_role("link").first.click()  # the first township
    page.wait_for_url(lambda url: url.rstrip("/").endswith("652327100"))
    found += _axe(page, "township")
    page.locator(f"a[href='/work/monitoring/{WENHUALU}/']").first.click()
    page.wait_for_url(lambda url: WENHUALU in url)
    assert page.locator("h1").inner_text().startswith("文化路社区")
    found += _axe(page, "unit")

    page.goto(f"{live_server.url}/work/monitoring/652327/reports/")
    page.select_option("#id_kind", value="monitoring")
    page.locator("main form button[type=submit]").click()
    page.locator("#report-rows progress").wait_for()
    found += _axe(page, "reports")
    report = Report.objects.get()
    monitoring_report_build.call(report_id=report.pk)  # what the task worker does
    assert Report.objects.get().status == ReportStatus.DONE
    link = page.locator(f"a[href='/work/monitoring/reports/{report.pk}/download/']")
    link.wait_for(timeout=10_000)  # the rows poll every 2 s (htmx) until the report is done
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / "report.pdf"
    download.value.save_as(saved)
    document = pypdfium2.PdfDocument(saved.read_bytes())
    assert "城乡社区综合服务设施覆盖率" in document[0].get_textpage().get_text_range() or language == "ug"

    page.goto(f"{live_server.url}/work/monitoring/652327/screen/")
    page.locator("[data-chart=trend], [data-chart=ranked]").first.wait_for()
    found += _axe(page, "screen")
    context.close()
    assert not found, "\n".join(found)
    assert csp_violations == []
