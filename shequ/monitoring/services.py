"""Writes of the plan monitoring: snapshots (monthly by the scheduled command, year-end ones), the
county administrator's freeze, and hand-entered baselines. Each writes its audit event."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shequ.accounts.models import User
from shequ.core.errors import DomainError
from shequ.core.events import event_record
from shequ.monitoring.engine import indicators_compute
from shequ.monitoring.models import (
    Baseline,
    IndicatorTarget,
    PlanVersion,
    Report,
    ReportKind,
    ReportStatus,
    Snapshot,
    SnapshotFigure,
    SnapshotKind,
)
from shequ.monitoring.selectors import open_figures_forget, plan_targets, snapshot_for
from shequ.regions.models import Region

PLACES = Decimal("0.0001")


def _stored(number: Fraction | None) -> Decimal | None:
    if number is None:
        return None
    return (Decimal(number.numerator) / Decimal(number.denominator)).quantize(PLACES, rounding=ROUND_HALF_UP)


def snapshot_take(
    *, plan: PlanVersion, on: date, kind: str = SnapshotKind.MONTHLY, acting_user: User | None = None
) -> Snapshot:
    """Compute every figure of the plan's region and everything below it, and keep it as the
    snapshot of `on` (replacing one taken earlier the same day, unless that one is frozen)."""
    figures = indicators_compute(within=plan.region_code, on=on, targets=plan_targets(plan=plan))
    with transaction.atomic():
        snapshot, created = Snapshot.objects.select_for_update().get_or_create(
            plan=plan, region_code=plan.region_code, taken_on=on, kind=kind
        )
        if snapshot.frozen:
            raise DomainError(_("已冻结的指标不能修改"), api_code="monitoring.frozen")
        if not created:
            snapshot.figures.all().delete()
        SnapshotFigure.objects.bulk_create(
            SnapshotFigure(
                snapshot=snapshot,
                region_code=region_code,
                indicator=figure.code,
                value=_stored(figure.value),
                numerator=_stored(figure.numerator),
                denominator=_stored(figure.denominator),
                target=figure.target,
                comparison=figure.comparison,
                met=figure.met,
                missing=figure.missing,
                short_units=figure.short_units,
            )
            for region_code, by_indicator in figures.items()
            for figure in by_indicator.values()
        )
        event_record(
            acting_user=acting_user,
            verb="indicator_snapshot.taken",
            target=snapshot,
            region_code=plan.region_code,
            data={"taken_on": on.isoformat(), "kind": kind},
        )
        transaction.on_commit(open_figures_forget)
    return snapshot


def snapshot_freeze(*, snapshot: Snapshot, acting_user: User) -> Snapshot:
    """冻结: the year-end figures become the year's evaluation and never change afterwards."""
    if not acting_user.has_perm("monitoring.freeze_snapshot"):
        raise PermissionDenied(_("只有县级管理员可以冻结年末指标"))
    with transaction.atomic():
        snapshot = Snapshot.objects.select_for_update().get(pk=snapshot.pk)
        if snapshot.kind != SnapshotKind.YEAR_END:
            raise DomainError(_("只能冻结年末快照"), api_code="monitoring.not_year_end")
        if snapshot.frozen:
            raise DomainError(_("该快照已冻结"), api_code="monitoring.frozen")
        snapshot.frozen_at, snapshot.frozen_by = timezone.now(), acting_user
        snapshot.save(update_fields=["frozen_at", "frozen_by"])
        event_record(
            acting_user=acting_user,
            verb="indicator_snapshot.frozen",
            target=snapshot,
            region_code=snapshot.region_code,
            data={"taken_on": snapshot.taken_on.isoformat(), "plan": snapshot.plan.code},
        )
        transaction.on_commit(open_figures_forget)
    return snapshot


def baseline_save(
    *,
    plan: PlanVersion,
    indicator: str,
    region_code: str,
    value: Decimal,
    as_of: date,
    source: str,
    acting_user: User,
    is_demo: bool = False,
) -> Baseline:
    if not source.strip():
        raise DomainError(_("请填写基期值的来源"), api_code="monitoring.baseline_source")
    with transaction.atomic():
        baseline, _created = Baseline.objects.update_or_create(
            plan=plan,
            indicator=indicator,
            region_code=region_code,
            defaults={
                "value": value,
                "as_of": as_of,
                "source": source.strip(),
                "entered_by": acting_user,
                "is_demo": is_demo,
            },
        )
        event_record(
            acting_user=acting_user,
            verb="indicator_baseline.saved",
            target=baseline,
            region_code=region_code,
            data={"indicator": indicator, "value": str(value), "source": baseline.source},
        )
    return baseline


def report_request(
    *, region: Region, plan: PlanVersion, kind: str, as_of: date | None, language: str, acting_user: User
) -> Report:
    """Queue a report for the task worker. A 期末评估报告 needs the plan's frozen year-end figures."""
    if kind == ReportKind.FINAL:
        final = snapshot_for(plan=plan, region=region, on=date(plan.last_year, 12, 31))
        if final is None or not final.frozen:
            raise DomainError(_("该规划的期末指标尚未冻结，不能生成期末评估报告"), api_code="monitoring.not_frozen")
        as_of = None
    if as_of is not None and as_of > timezone.localdate():
        raise DomainError(_("统计日期不能晚于今天"), api_code="monitoring.future_date")
    from shequ.monitoring.tasks import monitoring_report_build

    with transaction.atomic():
        report = Report.objects.create(
            kind=kind, region_code=region.code, plan=plan, as_of=as_of, language=language, requested_by=acting_user
        )
        event_record(
            acting_user=acting_user,
            verb="monitoring_report.requested",
            target=report,
            region_code=region.code,
            data={"kind": kind, "plan": plan.code, "as_of": as_of.isoformat() if as_of else None},
        )
        transaction.on_commit(lambda: monitoring_report_build.enqueue(report_id=report.pk))
    return report


def report_build(*, report: Report) -> Report:
    """Build the report's file (the task worker's work), keeping the progress on the row as it goes.
    A failure is kept on the row with its reason, and raised again so that the queue shows it."""
    from shequ.monitoring.reports import pdf_build, workbook_build

    def progress(percent: int) -> None:
        Report.objects.filter(pk=report.pk).update(progress=percent)

    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, progress=5, error="")
    build = workbook_build if report.kind == ReportKind.WORKBOOK else pdf_build
    try:
        with translation.override(report.language):
            content, name = build(report=report, progress=progress)
    except Exception as error:
        Report.objects.filter(pk=report.pk).update(
            status=ReportStatus.FAILED, error=str(getattr(error, "message", error))[:300], finished_at=timezone.now()
        )
        raise
    with transaction.atomic():
        report.file.save(name, ContentFile(content), save=False)
        report.status, report.progress, report.finished_at = ReportStatus.DONE, 100, timezone.now()
        report.save(update_fields=["file", "status", "progress", "finished_at"])
        event_record(
            acting_user=None,
            verb="monitoring_report.built",
            target=report,
            region_code=report.region_code,
            data={"kind": report.kind, "size": len(content)},
        )
    return report


def target_save(
    *, plan: PlanVersion, indicator: str, target: Decimal, comparison: str, note: str, acting_user: User
) -> IndicatorTarget:
    """Enter or change a plan's target (the county's 十五五 ones). A plan whose year-end figures are
    frozen keeps its targets: the evaluation was judged against them."""
    if not acting_user.has_perm("monitoring.edit_plan"):
        raise PermissionDenied(_("只有县级管理员或民政局可以设定目标"))
    if plan.snapshots.filter(frozen_at__isnull=False).exists():
        raise DomainError(_("该规划已有冻结的评估，目标不能再改"), api_code="monitoring.plan_frozen")
    with transaction.atomic():
        row, created = IndicatorTarget.objects.update_or_create(
            plan=plan,
            indicator=indicator,
            defaults={"target": target, "comparison": comparison, "note": note.strip(), "is_example": False},
        )
        event_record(
            acting_user=acting_user,
            verb="indicator_target.saved",
            target=row,
            region_code=plan.region_code,
            data={"indicator": indicator, "target": str(target), "comparison": comparison, "created": created},
        )
        transaction.on_commit(open_figures_forget)
    return row


def report_download_record(*, report: Report, acting_user: User) -> None:
    """Who took a copy of a report (its unit tables name villages and communities)."""
    event_record(
        acting_user=acting_user, verb="monitoring_report.downloaded", target=report, region_code=report.region_code
    )
