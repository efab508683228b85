"""Reads of special-group care. Every record read starts from `CareRecord.objects.for_user`, which
shows only what the user's duty grants cover; the callers audit what they show (services)."""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from shequ.specialcare.groups import Group
from shequ.specialcare.models import CareRecord, CareVisit, DutyGrant, RecordStatus

# The due filters of the lists: visits past their deadline, and those within the due-soon window.
DUE_FILTERS = ("overdue", "soon")


def care_record_list(*, user, group: str = "", due: str = "", today: date | None = None) -> QuerySet[CareRecord]:
    """The user's records, most urgent visit first; `group` one group, `due` one of DUE_FILTERS
    (active records only). Unknown values select nothing rather than everything."""
    today = today or timezone.localdate()
    rows = CareRecord.objects.for_user(user)
    if group:
        rows = rows.filter(group=group) if group in Group.values else rows.none()
    if due == "overdue":
        rows = rows.filter(status=RecordStatus.ACTIVE, next_visit_due__lt=today)
    elif due == "soon":
        horizon = today + timedelta(days=settings.SPECIALCARE_DUE_SOON_DAYS)
        rows = rows.filter(status=RecordStatus.ACTIVE, next_visit_due__gte=today, next_visit_due__lte=horizon)
    elif due:
        rows = rows.none()
    return rows.select_related("person", "region", "responsible").order_by("status", "next_visit_due", "id")


def care_record_detail(*, user, pk: int) -> CareRecord | None:
    return (
        CareRecord.objects.for_user(user)
        .select_related("person", "person__household", "region", "responsible", "created_by")
        .filter(pk=pk)
        .first()
    )


def care_visits_of(record: CareRecord) -> QuerySet[CareVisit]:
    return record.visits.select_related("visitor").order_by("-visited_on", "-id")


def visits_due_counts(*, user, today: date | None = None) -> dict[str, int]:
    """How many of the user's active records are overdue and due soon (the workbench panel)."""
    today = today or timezone.localdate()
    return {due: care_record_list(user=user, due=due, today=today).count() for due in DUE_FILTERS}


def visits_due_count(*, user, today: date | None = None) -> int:
    """Visits due today or already overdue (the reminder's number)."""
    today = today or timezone.localdate()
    return CareRecord.objects.for_user(user).active().filter(next_visit_due__lte=today).count()


def duty_grants_of(*, user) -> QuerySet[DutyGrant]:
    """The grants a county administrator keeps (all within their region), newest first."""
    return DutyGrant.objects.for_user(user).select_related("user", "region", "granted_by", "revoked_by")
