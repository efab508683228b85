"""What a Report's file holds: the Excel of every indicator table (one sheet per indicator, the
county, its townships and units, with the same rounded figures the API gives) and the PDF
规划实施监测报告 / 期末评估报告 (WeasyPrint, with the charts drawn as SVG on the server).

`progress` is called with a percentage as the build goes on (the page shows it)."""

from collections.abc import Callable
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core.xlsx import xlsx_write_sheets
from shequ.monitoring.charts import bar_chart, line_chart
from shequ.monitoring.engine import Figure
from shequ.monitoring.indicators import INDICATORS, MISSING_INPUTS
from shequ.monitoring.models import Report, ReportKind
from shequ.monitoring.presentation import api_number, shown
from shequ.monitoring.selectors import Report as Figures
from shequ.monitoring.selectors import indicator_report, snapshot_trend
from shequ.regions.codes import Level
from shequ.regions.models import Region

Progress = Callable[[int], None]
PDF_STYLESHEET = Path(__file__).with_name("report_pdf.css")


def report_figures(*, report: Report) -> Figures:
    """The figures the report is about: the frozen final evaluation of its plan (期末评估), else
    the plan's figures on its date (live for today)."""
    region = Region.objects.get(code=report.region_code)
    if report.kind == ReportKind.FINAL:
        return indicator_report(region=region, plan_code=report.plan.code, with_below=True)
    return indicator_report(region=region, plan_code=report.plan.code, as_of=report.as_of, with_below=True)


def _regions(figures: Figures) -> list[Region]:
    """The report's region first, then the regions below it that have figures, by code."""
    below = Region.objects.filter(code__in=list(figures.figures)).exclude(pk=figures.region.pk).order_by("code")
    return [figures.region, *below]


def workbook_build(*, report: Report, progress: Progress) -> tuple[bytes, str]:
    figures = report_figures(report=report)
    progress(40)
    regions = _regions(figures)
    level = {Level.COUNTY: _("县"), Level.TOWNSHIP: _("乡镇"), Level.VILLAGE: _("村（社区）")}
    headers = [_("区划代码"), _("区划"), _("层级"), _("当前值"), _("分子"), _("分母"), _("目标"), _("比较方式")]
    headers += [_("达标"), _("缺少数据"), _("未达标的村（社区）")]

    def rows(code: str):
        for region in regions:
            figure: Figure | None = figures.figures.get(region.code, {}).get(code)
            if figure is None:
                continue
            yield [
                region.code,
                region.name,
                str(level.get(region.level, region.level)),
                api_number(figure.value),
                api_number(figure.numerator),
                api_number(figure.denominator),
                api_number(figure.target),
                {"gte": "≥", "gt": ">"}.get(figure.comparison, ""),
                figure.met,
                "、".join(str(MISSING_INPUTS[name]) for name in figure.missing),
                "、".join(figure.short_units),
            ]

    sheets = [
        (f"{index + 1} {indicator.code}", headers, [14, 20, 10, 12, 12, 12, 10, 8, 8, 20, 40], rows(indicator.code))
        for index, indicator in enumerate(INDICATORS)
    ]
    about = [
        (
            _("说明"),
            [_("项目"), _("内容")],
            [16, 60],
            [
                [_("规划"), figures.plan.name],
                [_("区划"), f"{figures.region.name}（{figures.region.code}）"],
                [_("统计日期"), figures.as_of],
                [_("已冻结（期末评估）"), figures.frozen],
                [_("指标"), "；".join(f"{i + 1} {ind.code} {ind.name}" for i, ind in enumerate(INDICATORS))],
            ],
        )
    ]
    out = xlsx_write_sheets(sheets=[*about, *sheets])
    progress(90)
    return out.read(), f"indicators-{report.region_code}-{figures.as_of:%Y%m%d}.xlsx"


def _charts(figures: Figures, regions: list[Region]) -> list[dict]:
    """Per indicator: the region's trend (year-end snapshots) and the regions just below ranked."""
    children = [region for region in regions if region.parent_id == figures.region.pk]
    trend = snapshot_trend(plan=figures.plan, region=figures.region)
    charts = []
    for indicator in INDICATORS:
        own = figures.figures.get(figures.region.code, {}).get(indicator.code)
        if own is None:
            continue
        target = float(own.target) if own.target is not None else None
        ranked = [(child.name, figures.figures.get(child.code, {}).get(indicator.code)) for child in children]
        ranked = [(name, float(f.value) if f.value is not None else None, f.met) for name, f in ranked if f is not None]
        ranked.sort(key=lambda row: (row[1] is None, -(row[1] or 0)))
        years = [(str(year), by.get(indicator.code)) for year, by in trend]
        points = [(label, float(f.value) if f and f.value is not None else None) for label, f in years]
        charts.append(
            {
                "name": str(indicator.name),
                "ranked": bar_chart(ranked, title=str(indicator.name), target=target) if ranked else "",
                "trend": line_chart(points, title=str(indicator.name), target=target) if points else "",
            }
        )
    return charts


def pdf_build(*, report: Report, progress: Progress) -> tuple[bytes, str]:
    from weasyprint import CSS, HTML  # imported here: it loads Pango, which only the worker needs

    figures = report_figures(report=report)
    progress(30)
    regions = _regions(figures)
    names = {region.code: region.name for region in regions}
    own = figures.figures.get(figures.region.code, {})
    tiles = [shown(own.get(indicator.code), indicator.code) for indicator in INDICATORS if indicator.code in own]
    short = [
        (shown(own[code], code), [names.get(unit, unit) for unit in own[code].short_units])
        for code in own
        if own[code].short_units
    ]
    children = [region for region in regions if region.parent_id == figures.region.pk]
    table = [
        (child, [shown(figures.figures.get(child.code, {}).get(t.code), t.code) for t in tiles]) for child in children
    ]
    charts = _charts(figures, regions)
    progress(60)
    title = _("期末评估报告") if report.kind == ReportKind.FINAL else _("规划实施监测报告")
    html = render_to_string(
        "monitoring/report_pdf.html",
        {
            "title": title,
            "report": report,
            "figures": figures,
            "tiles": tiles,
            "short": short,
            "table": table,
            "charts": charts,
            "generated": timezone.localtime(),
        },
    )
    pdf = HTML(string=html).write_pdf(stylesheets=[CSS(filename=PDF_STYLESHEET)])
    progress(90)
    stem = "final-evaluation" if report.kind == ReportKind.FINAL else "monitoring"
    return pdf, f"{stem}-{report.region_code}-{figures.as_of:%Y%m%d}.pdf"
