"""Writes of the plan monitoring: snapshots (monthly by the scheduled command, year-end ones), the
county administrator's freeze, and hand-entered baselines. Each writes its audit event."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.models import User
from shequ.core.errors import DomainError
from shequ.core.events import event_record
from shequ.monitoring.engine import indicators_compute
from shequ.monitoring.models import Baseline, PlanVersion, Snapshot, SnapshotFigure, SnapshotKind
from shequ.monitoring.selectors import plan_targets

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
