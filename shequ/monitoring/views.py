"""The monitoring dashboard: a region's figures against the current plan (with the final 十四五
evaluation beside them), the regions below it in a table, townships ranked per indicator, and a
unit's page listing what it lacks. Plain tables: they work without JavaScript."""

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from shequ.accounts.decorators import staff_worker_required
from shequ.core.errors import DomainError
from shequ.core.uploads import stored_file_response
from shequ.core.xlsx import XLSX
from shequ.monitoring.charts import sparkline
from shequ.monitoring.forms import BaselineForm, ReportForm, TargetForm
from shequ.monitoring.indicators import BY_CODE, INDICATORS
from shequ.monitoring.models import PlanVersion, Report, ReportStatus, Snapshot, SnapshotKind
from shequ.monitoring.presentation import shown
from shequ.monitoring.selectors import indicator_report, region_for, service_figures, snapshot_trend
from shequ.monitoring.services import (
    baseline_save,
    report_download_record,
    report_request,
    snapshot_freeze,
    target_save,
)
from shequ.regions.codes import Level, ancestors_of
from shequ.regions.models import Region

PENDING = (ReportStatus.QUEUED, ReportStatus.RUNNING)
SCREEN_REFRESH_SECONDS = 300
# What the overview says of the capabilities the platform does not have yet.
NOT_YET = [_lazy("预警"), _lazy("志愿服务")]


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _as_of(request: HttpRequest) -> date | None:
    try:
        return date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        return None


@staff_worker_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """To the user's own region (a superuser without one: the first county)."""
    region = request.user.region
    if region is None or region.level not in (Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE):
        region = Region.objects.filter(level=Level.COUNTY).order_by("code").first()
    if region is None:
        raise Http404
    return redirect("monitoring:region", code=region.code)


@staff_worker_required
def region_page(request: HttpRequest, code: str) -> HttpResponse:
    _require(request, "monitoring.view_indicators")
    region = region_for(user=request.user, code=code)
    plan_code = request.GET.get("plan", "")
    try:
        report = indicator_report(region=region, plan_code=plan_code, as_of=_as_of(request), with_below=True)
    except DomainError as error:
        return render(request, "monitoring/region.html", {"region": region, "error": error.message}, status=404)
    return render(request, "monitoring/region.html", _overview(request, region, report))


@staff_worker_required
def screen_page(request: HttpRequest, code: str) -> HttpResponse:
    """大屏: the overview full screen for a wall display, refreshing itself (a meta refresh: no
    JavaScript needed), with the figures of the current plan."""
    _require(request, "monitoring.view_indicators")
    region = region_for(user=request.user, code=code)
    try:
        report = indicator_report(region=region, plan_code=request.GET.get("plan", ""), with_below=True)
    except DomainError as error:
        return render(request, "monitoring/region.html", {"region": region, "error": error.message}, status=404)
    refresh = {"refresh_seconds": SCREEN_REFRESH_SECONDS, "refresh_minutes": SCREEN_REFRESH_SECONDS // 60}
    context = _overview(request, region, report) | refresh
    return render(request, "monitoring/screen.html", context)


def _overview(request: HttpRequest, region: Region, report) -> dict:
    children = Region.objects.filter(parent=region).order_by("code")
    indicators = [indicator for indicator in INDICATORS if indicator.code in report.figures.get(region.code, {})]
    rows = [
        (child, [shown(report.figures.get(child.code, {}).get(i.code), i.code) for i in indicators])
        for child in children
        if child.code in report.figures
    ]
    own = report.figures.get(region.code, {})
    trend = snapshot_trend(plan=report.plan, region=region)
    tiles = [shown(own.get(indicator.code), indicator.code) for indicator in indicators]
    for tile in tiles:
        values = [_float(figures.get(tile.code)) for _year, figures in trend]
        tile.sparkline = sparkline(values, title=_("%(name)s 历年年末值") % {"name": tile.name})
    lacks = [tile for tile in tiles if tile.met is False or tile.missing]
    names = dict(Region.objects.filter(code__in=_short_codes(own)).values_list("code", "name"))
    short = [(shown(own[code], code), [names.get(unit, unit) for unit in own[code].short_units]) for code in own]
    return {
        "region": region,
        "report": report,
        "tiles": tiles,
        "final": _final_evaluation(region, report.plan),
        "indicators": indicators,
        "rows": rows,
        "lacks": lacks if region.level == Level.VILLAGE else [],
        "short": [(tile, units) for tile, units in short if units],
        "plans": PlanVersion.objects.all(),
        "trend": [(year, [shown(figures.get(i.code), i.code) for i in indicators]) for year, figures in trend],
        "year_end": _freezable(request, report.plan),
        "charts": _chart_data(
            indicators, own, trend, [(child, report.figures.get(child.code, {})) for child in children]
        ),
        "services": service_figures(region=region) if region.level != Level.VILLAGE else None,
        "not_yet": NOT_YET,
    }


def _float(figure) -> float | None:
    return float(figure.value) if figure is not None and figure.value is not None else None


def _chart_data(indicators, own, trend, children) -> list[dict]:
    """What the ECharts charts draw (static/monitoring/charts.js): per indicator the year-end trend
    and the regions below ranked. The same figures are in the tables of the page."""
    charts = []
    for indicator in indicators:
        figure = own.get(indicator.code)
        ranked = sorted(
            ((child.name, _float(figures.get(indicator.code))) for child, figures in children if figures),
            key=lambda row: (row[1] is None, -(row[1] or 0)),
        )
        charts.append(
            {
                "code": indicator.code,
                "name": str(indicator.name),
                "unit": str(indicator.unit),
                "target": float(figure.target) if figure is not None and figure.target is not None else None,
                "years": [str(year) for year, _figures in trend],
                "trend": [_float(figures.get(indicator.code)) for _year, figures in trend],
                "ranked": [[name, value] for name, value in ranked],
            }
        )
    return charts


def _short_codes(figures) -> set[str]:
    return {unit for figure in figures.values() for unit in figure.short_units}


def _final_evaluation(region: Region, current: PlanVersion):
    """The frozen final figures of the plan before the current one, shown beside the live ones."""
    previous = (
        PlanVersion.objects.filter(region_code=current.region_code, last_year__lt=current.first_year)
        .order_by("-last_year")
        .first()
    )
    if previous is None:
        return None
    report = indicator_report(region=region, plan_code=previous.code)
    if not report.frozen:
        return None
    figures = report.figures.get(region.code, {})
    return {"plan": previous, "as_of": report.as_of, "tiles": {code: shown(f, code) for code, f in figures.items()}}


def _freezable(request: HttpRequest, plan: PlanVersion) -> Snapshot | None:
    if not request.user.has_perm("monitoring.freeze_snapshot"):
        return None
    return (
        Snapshot.objects.filter(plan=plan, kind=SnapshotKind.YEAR_END, frozen_at__isnull=True)
        .order_by("-taken_on")
        .first()
    )


@staff_worker_required
def rank_page(request: HttpRequest, code: str, indicator: str) -> HttpResponse:
    _require(request, "monitoring.view_indicators")
    if indicator not in BY_CODE:
        raise Http404
    region = region_for(user=request.user, code=code)
    report = indicator_report(region=region, plan_code=request.GET.get("plan", ""), with_below=True)
    children = list(Region.objects.filter(parent=region).order_by("code"))
    rows = [(child, report.figures.get(child.code, {}).get(indicator)) for child in children]
    rows.sort(key=lambda row: (row[1] is None or row[1].value is None, -(row[1].value or 0) if row[1] else 0))
    return render(
        request,
        "monitoring/rank.html",
        {
            "region": region,
            "indicator": BY_CODE[indicator],
            "rows": [(child, shown(figure, indicator)) for child, figure in rows],
            "report": report,
        },
    )


@staff_worker_required
@require_POST
def freeze(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "monitoring.freeze_snapshot")
    snapshot = get_object_or_404(Snapshot, pk=pk)
    try:
        snapshot_freeze(snapshot=snapshot, acting_user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已冻结 %(date)s 的年末指标") % {"date": snapshot.taken_on})
    return redirect("monitoring:region", code=snapshot.region_code)


def _plans_for(region: Region):
    return PlanVersion.objects.filter(region_code__in=ancestors_of(region.code, include_self=True))


@staff_worker_required
def reports_page(request: HttpRequest, code: str) -> HttpResponse:
    """Ask for a report of the region and follow it being built; download the finished ones."""
    _require(request, "monitoring.view_indicators")
    region = region_for(user=request.user, code=code)
    form = ReportForm(request.POST or None, plans=_plans_for(region))
    if request.method == "POST" and form.is_valid():
        try:
            report_request(
                region=region,
                plan=form.cleaned_data["plan"],
                kind=form.cleaned_data["kind"],
                as_of=form.cleaned_data["as_of"],
                language=get_language() or settings.LANGUAGE_CODE,
                acting_user=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("报告已排队生成，完成后可在下方下载"))
            return redirect("monitoring:reports", code=region.code)
    reports = Report.objects.for_user(request.user).filter(region_code=region.code).select_related("plan")[:20]
    template = "monitoring/_report_rows.html" if request.headers.get("HX-Request") else "monitoring/reports.html"
    return render(
        request,
        template,
        {"region": region, "form": form, "reports": reports, "pending": any(r.status in PENDING for r in reports)},
        status=400 if form.errors else 200,
    )


@staff_worker_required
def report_download(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report.objects.for_user(request.user), pk=pk, status=ReportStatus.DONE)
    _require(request, "monitoring.view_indicators")
    report_download_record(report=report, acting_user=request.user)
    content_type = "application/pdf" if report.is_pdf else XLSX
    return stored_file_response(
        report.file.open("rb"), content_type=content_type, display_name=report.file.name.rsplit("/", 1)[-1]
    )


@staff_worker_required
def plan_page(request: HttpRequest, code: str) -> HttpResponse:
    """A plan's targets and baselines, and (for the county administrator or 民政局) the forms to
    enter them; a rejected form comes back with what was typed and the reason."""
    plan = get_object_or_404(PlanVersion.objects.for_user(request.user), code=code)
    can_edit = request.user.has_perm("monitoring.edit_plan")
    target_form = TargetForm(request.POST if request.POST.get("form") == "target" else None, prefix="target")
    baseline_form = BaselineForm(request.POST if request.POST.get("form") == "baseline" else None, prefix="baseline")
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = target_form if request.POST.get("form") == "target" else baseline_form
        if form.is_valid():
            try:
                _plan_form_save(plan, form, request.user)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("已保存"))
                return redirect("monitoring:plan", code=plan.code)
        status = 400
    return render(
        request,
        "monitoring/plan.html",
        {
            "plan": plan,
            "targets": [(row, BY_CODE[row.indicator]) for row in plan.targets.all().order_by("indicator")],
            "baselines": [
                (row, BY_CODE[row.indicator]) for row in plan.baselines.all().order_by("indicator", "region_code")
            ],
            "can_edit": can_edit,
            "target_form": target_form,
            "baseline_form": baseline_form,
        },
        status=status,
    )


def _plan_form_save(plan: PlanVersion, form, user) -> None:
    data = form.cleaned_data
    if isinstance(form, TargetForm):
        target_save(
            plan=plan,
            indicator=data["indicator"],
            target=data["target"],
            comparison=data["comparison"],
            note=data["note"],
            acting_user=user,
        )
    else:
        baseline_save(
            plan=plan,
            indicator=data["indicator"],
            region_code=plan.region_code,
            value=data["value"],
            as_of=data["as_of"],
            source=data["source"],
            acting_user=user,
        )
