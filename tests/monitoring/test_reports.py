"""Reports: asked for on the page, built by the task, kept and downloaded. The Excel's county rows
are the API's figures; the PDF renders (its first page drawn as an image) with its title and the
indicator names; the 期末评估报告 only from frozen figures; a township never sees the county's."""

import io
from datetime import date

import openpyxl
import pypdfium2
import pytest

from shequ.core.events import DomainEvent
from shequ.facilities.demo import facilities_seed
from shequ.monitoring.catalogue import plan_14_load
from shequ.monitoring.indicators import INDICATORS
from shequ.monitoring.models import PlanVersion, Report, ReportKind, ReportStatus, SnapshotKind
from shequ.monitoring.services import snapshot_freeze, snapshot_take
from shequ.monitoring.tasks import monitoring_report_build

PAGE = "/work/monitoring/652327/reports/"


@pytest.fixture
def plan14(regions):
    facilities_seed(county="652327", seed=1)
    plan_14_load()
    return PlanVersion.objects.get(code="jimsar-14")


def _request_and_build(client, **form) -> Report:
    response = client.post(PAGE, {"plan": PlanVersion.objects.get(code="jimsar-14").pk, **form})
    assert response.status_code == 302, response.content.decode()
    report = Report.objects.latest("pk")
    assert report.status == ReportStatus.QUEUED
    monitoring_report_build.call(report_id=report.pk)
    report.refresh_from_db()
    assert (report.status, report.progress) == (ReportStatus.DONE, 100), report.error
    return report


def _download(client, report: Report) -> bytes:
    response = client.get(f"/work/monitoring/reports/{report.pk}/download/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.django_db
def test_the_excel_has_a_sheet_per_indicator_whose_county_row_is_the_api_figure(plan14, users, login):
    client = login(users["county_mz"])
    report = _request_and_build(client, kind=ReportKind.WORKBOOK)
    workbook = openpyxl.load_workbook(io.BytesIO(_download(client, report)), read_only=True)
    api = {row["code"]: row for row in client.get("/api/v1/indicators/?region=652327&plan=jimsar-14").json()}
    assert len(workbook.sheetnames) == 1 + len(api)
    for name, code in zip(workbook.sheetnames[1:], [indicator.code for indicator in INDICATORS], strict=True):
        assert code.startswith(name.split(" ", 1)[1])
        rows = list(workbook[name].iter_rows(min_row=2, values_only=True))
        county = rows[0]
        assert county[0] == "652327"
        assert (county[3], county[4], county[5]) == (
            api[code]["value"],
            api[code]["numerator"],
            api[code]["denominator"],
        )
        assert {row[0] for row in rows} >= {"652327100", "652327100003"} or code == "social_work_professionals"
    # The units add up to the county: every unit counts once in the coverage.
    coverage = list(workbook["1 facility_coverage"].iter_rows(min_row=2, values_only=True))
    units = [row for row in coverage if len(row[0]) == 12]
    assert sum(row[4] for row in units) == api["facility_coverage"]["numerator"]
    assert len(units) == api["facility_coverage"]["denominator"]
    assert DomainEvent.objects.filter(verb="monitoring_report.downloaded").count() == 1


def _pdf_first_page(content: bytes) -> tuple[str, object]:
    document = pypdfium2.PdfDocument(content)
    text = "".join(document[index].get_textpage().get_text_range() for index in range(len(document)))
    image = document[0].render(scale=1).to_pil()
    return text, image


@pytest.mark.django_db
def test_the_monitoring_pdf_renders_with_its_title_indicators_and_charts(plan14, users, login):
    snapshot_take(plan=plan14, on=date(2024, 12, 31), kind=SnapshotKind.YEAR_END)
    snapshot_take(plan=plan14, on=date(2025, 12, 31), kind=SnapshotKind.YEAR_END)
    client = login(users["county_mz"])
    report = _request_and_build(client, kind=ReportKind.MONITORING, as_of="2025-12-31")
    content = _download(client, report)
    assert content.startswith(b"%PDF")
    text, image = _pdf_first_page(content)
    assert "规划实施监测报告" in text
    assert "城乡社区综合服务设施覆盖率" in text
    assert "吉木萨尔镇" in text  # a township in the table and the ranked chart
    width, height = image.size
    assert width > 500 and height > 700
    # Drawn, not blank: the first page has dark pixels (the title, the table).
    assert min(image.convert("L").getdata()) < 80


@pytest.mark.django_db
def test_the_final_evaluation_needs_frozen_figures_and_keeps_the_form(plan14, users, login):
    client = login(users["county_mz"])
    refused = client.post(PAGE, {"plan": plan14.pk, "kind": ReportKind.FINAL, "as_of": "2025-06-30"})
    assert refused.status_code == 400
    assert "尚未冻结" in refused.content.decode()
    assert 'value="final" selected' in refused.content.decode()
    assert not Report.objects.exists()
    final = snapshot_take(plan=plan14, on=date(2025, 12, 31), kind=SnapshotKind.YEAR_END)
    snapshot_freeze(snapshot=final, acting_user=users["county_admin"])
    report = _request_and_build(client, kind=ReportKind.FINAL)
    text, _image = _pdf_first_page(_download(client, report))
    assert "期末评估报告" in text
    assert "2025-12-31" in text


@pytest.mark.django_db
def test_the_pdf_in_uyghur_has_the_uyghur_title(plan14, users, login):
    client = login(users["county_mz"])
    client.cookies["django_language"] = "ug"
    report = _request_and_build(client, kind=ReportKind.MONITORING)
    assert report.language == "ug"
    text, _image = _pdf_first_page(_download(client, report))
    assert "规划实施监测报告" not in text
    # Shaped right to left; the lam-alef ligature comes out of the text layer in its own order,
    # so a word without one is checked.
    assert "نازارەت" in text


@pytest.mark.django_db
def test_a_report_of_a_future_date_is_refused_with_the_input_kept(plan14, users, login):
    response = login(users["county_mz"]).post(
        PAGE, {"plan": plan14.pk, "kind": ReportKind.MONITORING, "as_of": "2999-01-01"}
    )
    assert response.status_code == 400
    assert 'value="2999-01-01"' in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_a_township_neither_asks_for_nor_downloads_the_county_report(plan14, users, login):
    county = login(users["county_mz"])
    report = _request_and_build(county, kind=ReportKind.WORKBOOK)
    township = login(users["township_jms"])
    assert township.get(PAGE).status_code == 404
    assert township.get(f"/work/monitoring/reports/{report.pk}/download/").status_code == 404


@pytest.mark.django_db
def test_a_failed_build_is_kept_with_its_reason(plan14, users, login, monkeypatch):
    client = login(users["county_mz"])
    client.post(PAGE, {"plan": plan14.pk, "kind": ReportKind.WORKBOOK})
    report = Report.objects.get()

    def broken(**_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("shequ.monitoring.reports.workbook_build", broken)
    with pytest.raises(RuntimeError):
        monitoring_report_build.call(report_id=report.pk)
    report.refresh_from_db()
    assert (report.status, report.error) == (ReportStatus.FAILED, "disk full")
    assert "disk full" in client.get(PAGE).content.decode()
