"""Reads of emergency readiness: scoped lists, a warning's acknowledgement counts (by unit and by
grid, one grouped query however many units), the warnings a resident or worker sees, and the
supplies that need attention. Every list is a bounded number of queries."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from shequ.accounts.models import Role, User
from shequ.emergency.models import Acknowledgement, Supply, Warning
from shequ.emergency.services import EXPIRY_SOON_DAYS
from shequ.emergency.workflow import WarningStatus
from shequ.regions.codes import ancestors_of
from shequ.regions.models import Region


def warning_list(*, user) -> QuerySet[Warning]:
    return Warning.objects.for_user(user).prefetch_related("targets__region")


def warning_detail(*, user, pk: int) -> Warning | None:
    return (
        Warning.objects.for_user(user)
        .select_related("created_by", "issued_by")
        .prefetch_related("targets__region", "history__actor", "force_calls__force")
        .filter(pk=pk)
        .first()
    )


def warning_residents(*, warning: Warning) -> QuerySet[User]:
    """The active resident accounts living within any of the warning's targets."""
    within = Q()
    for code in warning.targets.values_list("code", flat=True):
        within |= Q(person__scope_code__within=code)
    return User.objects.filter(within, is_active=True, role=Role.RESIDENT)


@dataclass
class Tally:
    code: str
    name: str = ""
    acknowledged: int = 0
    pending: int = 0
    grids: list["Tally"] = field(default_factory=list)


@dataclass
class AckCounts:
    acknowledged: int
    pending: int
    by_unit: list[Tally]


def warning_ack_counts(*, warning: Warning, user) -> AckCounts:
    """Acknowledged and pending workers of the warning within the user's scope, in total, by unit
    and by grid (a unit's village workers count at the unit, under no grid). Two queries."""
    rows = (
        Acknowledgement.objects.for_user(user)
        .filter(warning=warning)
        .values("unit_code", "grid_code")
        .annotate(
            acknowledged=Count("id", filter=Q(acknowledged_at__isnull=False)),
            pending=Count("id", filter=Q(acknowledged_at__isnull=True)),
        )
        .order_by("unit_code", "grid_code")
    )
    units: dict[str, Tally] = {}
    grids: list[Tally] = []
    for row in rows:
        unit = units.setdefault(row["unit_code"], Tally(row["unit_code"]))
        unit.acknowledged += row["acknowledged"]
        unit.pending += row["pending"]
        if row["grid_code"]:
            grid = Tally(row["grid_code"], acknowledged=row["acknowledged"], pending=row["pending"])
            unit.grids.append(grid)
            grids.append(grid)
    names = dict(Region.objects.filter(code__in=[*units, *(grid.code for grid in grids)]).values_list("code", "name"))
    for tally in [*units.values(), *grids]:
        tally.name = names.get(tally.code, tally.code)
    by_unit = list(units.values())
    return AckCounts(
        acknowledged=sum(unit.acknowledged for unit in by_unit),
        pending=sum(unit.pending for unit in by_unit),
        by_unit=by_unit,
    )


def warnings_ack_totals(*, warnings: list[Warning], user) -> dict[int, tuple[int, int]]:
    """(acknowledged, pending) of each listed warning within the user's scope, in one query."""
    rows = (
        Acknowledgement.objects.for_user(user)
        .filter(warning__in=warnings)
        .values("warning_id")
        .annotate(
            acknowledged=Count("id", filter=Q(acknowledged_at__isnull=False)),
            pending=Count("id", filter=Q(acknowledged_at__isnull=True)),
        )
        .order_by()
    )
    return {row["warning_id"]: (row["acknowledged"], row["pending"]) for row in rows}


def warning_pending_workers(*, warning: Warning, user) -> QuerySet[Acknowledgement]:
    """Who has not confirmed yet, within the user's scope, by unit and grid."""
    return (
        Acknowledgement.objects.for_user(user)
        .filter(warning=warning, acknowledged_at__isnull=True)
        .select_related("worker", "worker__region")
        .order_by("unit_code", "grid_code", "worker__username")
    )


def warnings_to_acknowledge(*, user) -> QuerySet[Acknowledgement]:
    """A worker's unconfirmed issued warnings, newest first (their workbench panel)."""
    return (
        Acknowledgement.objects.filter(worker=user, acknowledged_at__isnull=True, warning__status=WarningStatus.ISSUED)
        .select_related("warning")
        .order_by("-warning__issued_at", "-warning_id")
    )


def warnings_current(*, user) -> QuerySet[Warning]:
    """The issued warnings targeting a region at or above where the user lives or works: a
    resident's grid (else unit), an account's region."""
    if user.role == Role.RESIDENT:
        person = getattr(user, "person", None)
        code = person.scope_code if person else ""
    else:
        code = user.region.code if user.region_id else ""
    if not code:
        return Warning.objects.none()
    return (
        Warning.objects.filter(status=WarningStatus.ISSUED, targets__code__in=ancestors_of(code, include_self=True))
        .distinct()
        .order_by("-issued_at", "-id")
    )


def supply_list(*, user) -> QuerySet[Supply]:
    return Supply.objects.for_user(user).select_related("region")


def supplies_needing_attention(*, user, today: date | None = None) -> QuerySet[Supply]:
    """Supplies below their minimum or expiring within EXPIRY_SOON_DAYS (expired ones too)."""
    today = today or timezone.localdate()
    soon = today + timedelta(days=EXPIRY_SOON_DAYS)
    return supply_list(user=user).filter(Q(quantity__lt=F("minimum")) | Q(expires_on__lte=soon))


def record_list(*, model, user) -> QuerySet:
    return model.objects.for_user(user).select_related("region")


def emergency_panel(*, user, today: date) -> dict | None:
    """The workbench panel: a worker's warnings to confirm; for keepers, supplies needing attention."""
    from shequ.emergency.rules import is_keeper

    to_confirm = list(warnings_to_acknowledge(user=user)[:10])
    keeper = is_keeper(user)
    alerts = list(supplies_needing_attention(user=user, today=today)[:10]) if keeper else []
    if not to_confirm and not keeper:
        return None
    return {"to_confirm": to_confirm, "supply_alerts": alerts, "keeper": keeper}
