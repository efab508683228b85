"""The monitoring dashboard: a region's figures against the current plan (with the final 十四五
evaluation beside them), the regions below it in a table, townships ranked per indicator, and a
unit's page listing what it lacks. Plain tables: they work without JavaScript."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shequ.accounts.decorators import staff_worker_required
from shequ.core.errors import DomainError
from shequ.monitoring.indicators import BY_CODE, INDICATORS
from shequ.monitoring.models import PlanVersion, Snapshot, SnapshotKind
from shequ.monitoring.presentation import shown
from shequ.monitoring.selectors import indicator_report, region_for, snapshot_trend
from shequ.monitoring.services import snapshot_freeze
from shequ.regions.codes import Level
from shequ.regions.models import Region


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
    children = Region.objects.filter(parent=region).order_by("code")
    indicators = [indicator for indicator in INDICATORS if indicator.code in report.figures.get(region.code, {})]
    rows = [
        (child, [shown(report.figures.get(child.code, {}).get(i.code), i.code) for i in indicators])
        for child in children
        if child.code in report.figures
    ]
    own = report.figures.get(region.code, {})
    tiles = [shown(own.get(indicator.code), indicator.code) for indicator in indicators]
    final = _final_evaluation(region, report.plan)
    lacks = [tile for tile in tiles if tile.met is False or tile.missing]
    names = dict(Region.objects.filter(code__in=_short_codes(own)).values_list("code", "name"))
    short = [(shown(own[code], code), [names.get(unit, unit) for unit in own[code].short_units]) for code in own]
    return render(
        request,
        "monitoring/region.html",
        {
            "region": region,
            "report": report,
            "tiles": tiles,
            "final": final,
            "indicators": indicators,
            "rows": rows,
            "lacks": lacks if region.level == Level.VILLAGE else [],
            "short": [(tile, units) for tile, units in short if units],
            "plans": PlanVersion.objects.all(),
            "trend": [
                (year, [shown(figures.get(i.code), i.code) for i in indicators])
                for year, figures in snapshot_trend(plan=report.plan, region=region)
            ],
            "year_end": _freezable(request, report.plan),
        },
    )


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
