"""Reads of the plan monitoring: the figures of a region under a plan, live or from a snapshot.

Which figures a request gets: a date before today, or a plan that has ended, reads the snapshot of
that date (for an ended plan, its frozen final evaluation: 期末评估); everything else is computed
live from the registries. Scope: a user reads the figures of regions within their own.
"""

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.core.cache import cache
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.models import User
from shequ.accounts.scope import covers
from shequ.core.errors import DomainError
from shequ.monitoring.engine import Figure, Target, indicators_compute
from shequ.monitoring.indicators import BY_CODE, INDICATORS
from shequ.monitoring.models import PlanVersion, Snapshot, SnapshotFigure, SnapshotKind
from shequ.regions.codes import ancestors_of
from shequ.regions.models import Region


class NotFound(DomainError):
    api_status = 404


@dataclass
class Report:
    region: Region
    plan: PlanVersion
    as_of: date
    frozen: bool
    figures: dict[str, dict[str, Figure]]  # region code → indicator code → figure

    def rows(self, code: str | None = None) -> list[Figure]:
        """The figures of one region (the report's own by default) in the indicators' order."""
        figures = self.figures.get(code or self.region.code, {})
        return [figures[indicator.code] for indicator in INDICATORS if indicator.code in figures]


def plan_targets(*, plan: PlanVersion) -> dict[str, Target]:
    return {row.indicator: (row.target, row.comparison) for row in plan.targets.all()}


def plan_for(*, region: Region, on: date, code: str = "") -> PlanVersion:
    """The plan named by `code`, else the narrowest plan of the region's (or an ancestor's) that
    covers the year of `on`."""
    plans = PlanVersion.objects.filter(region_code__in=ancestors_of(region.code, include_self=True))
    if code:
        plan = PlanVersion.objects.filter(code=code).first()
    else:
        # The narrowest plan covering the year; between plans (the next one not entered yet) the
        # latest that ended, whose final evaluation then shows.
        plan = (
            plans.filter(first_year__lte=on.year, last_year__gte=on.year).order_by("-region_code").first()
            or plans.filter(last_year__lt=on.year).order_by("-last_year", "-region_code").first()
        )
    if plan is None:
        raise NotFound(_("没有适用的规划版本"), api_code="monitoring.no_plan")
    return plan


def snapshot_for(*, plan: PlanVersion, region: Region, on: date) -> Snapshot | None:
    """The latest snapshot of the plan holding the region, on or before `on`; on the same day a
    frozen one first, then the year-end one."""
    return (
        Snapshot.objects.filter(
            plan=plan, taken_on__lte=on, region_code__in=ancestors_of(region.code, include_self=True)
        )
        .order_by("-taken_on", "frozen_at", "-kind")
        .first()
    )


def snapshot_figures(*, snapshot: Snapshot, within: str) -> dict[str, dict[str, Figure]]:
    figures: dict[str, dict[str, Figure]] = {}
    for row in SnapshotFigure.objects.filter(snapshot=snapshot, region_code__startswith=within):
        figures.setdefault(row.region_code, {})[row.indicator] = figure_from_row(row)
    return figures


def figure_from_row(row: SnapshotFigure) -> Figure:
    return Figure(
        code=row.indicator,
        value=_exact(row.value),
        numerator=_exact(row.numerator),
        denominator=_exact(row.denominator),
        target=row.target,
        comparison=row.comparison,
        met=row.met,
        missing=row.missing,
        short_units=row.short_units,
    )


def snapshot_trend(*, plan: PlanVersion, region: Region) -> list[tuple[int, dict[str, Figure]]]:
    """The region's year-end figures under the plan, by year (a frozen one wins over another)."""
    rows = (
        SnapshotFigure.objects.filter(
            snapshot__plan=plan, region_code=region.code, snapshot__kind=SnapshotKind.YEAR_END
        )
        .select_related("snapshot")
        .order_by("snapshot__taken_on")
    )
    years: dict[int, dict[str, Figure]] = {}
    for row in rows:
        years.setdefault(row.snapshot.taken_on.year, {})[row.indicator] = figure_from_row(row)
    return sorted(years.items())


def _exact(number) -> Fraction | None:
    return Fraction(number) if number is not None else None


def region_for(*, user: User, code: str) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None or not covers(user, region):
        raise Http404
    return region


def indicator_report(
    *, region: Region, plan_code: str = "", as_of: date | None = None, with_below: bool = False, units: bool = True
) -> Report:
    """The figures of `region` (and, with `with_below`, of every township and unit below it) under
    the plan. Without `units`, live figures skip the units' own (and so the short units): the
    open data's sums. The caller has checked the scope (region_for)."""
    today = timezone.localdate()
    on = min(as_of or today, today)
    plan = plan_for(region=region, on=on, code=plan_code)
    ended = as_of is None and plan.last_year < today.year
    if ended:
        on = date(plan.last_year, 12, 31)
    if on < today:
        snapshot = snapshot_for(plan=plan, region=region, on=on)
        if snapshot is not None and (not ended or snapshot.frozen or snapshot.kind == SnapshotKind.YEAR_END):
            figures = snapshot_figures(snapshot=snapshot, within=region.code)
            if not with_below:
                figures = {region.code: figures.get(region.code, {})}
            return Report(region, plan, snapshot.taken_on, snapshot.frozen, figures)
        if not ended:
            raise NotFound(_("该日期之前没有指标快照"), api_code="monitoring.no_snapshot")
        on = today  # an ended plan not yet evaluated: today's figures against its targets
    figures = indicators_compute(within=region.code, on=on, targets=plan_targets(plan=plan), units=units)
    if not with_below:
        figures = {region.code: figures[region.code]} if region.code in figures else {}
    return Report(region, plan, on, False, figures)


def indicator_name(code: str) -> str:
    return str(BY_CODE[code].name)


# The open data's figures are computed live; each (region, plan, day, language) is kept this long,
# and forgotten at once when a snapshot is taken or frozen or a target changes (a new version).
OPEN_CACHE_SECONDS = 120
_OPEN_VERSION = "monitoring:open:version"


def open_figures_version() -> int:
    return cache.get_or_set(_OPEN_VERSION, 1, None)


def open_figures_forget() -> None:
    try:
        cache.incr(_OPEN_VERSION)
    except ValueError:  # never set, or evicted
        cache.set(_OPEN_VERSION, 2, None)


SERVICE_FIGURES_SECONDS = 60


def service_figures(*, region: Region) -> dict:
    """The other capabilities' figures of the region for the overview (applications and their
    timeliness, 好差评, incidents), read through their own selectors and kept a minute."""
    from shequ.feedback.selectors import rating_figures
    from shequ.incidents.selectors import incident_figures
    from shequ.services.selectors import application_figures

    now = timezone.now()
    today = timezone.localdate(now)

    def compute() -> dict:
        return {
            "applications": application_figures(within=region.code, today=today),
            "ratings": rating_figures(within=region.code),
            "incidents": incident_figures(within=region.code, now=now),
        }

    return cache.get_or_set(f"monitoring:services:{region.code}:{today}", compute, SERVICE_FIGURES_SECONDS)
