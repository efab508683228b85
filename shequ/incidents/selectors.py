"""Reads of grid incidents: scoped lists, the dispatch board's queues, the categories, patrols."""

from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from shequ.incidents.models import Category, Incident, Patrol
from shequ.incidents.workflow import Status

# A case is due soon from its warning time (80 % of its time limit) until it is due.
QUEUES = ("reported", "to_dispatch", "due_soon", "overdue", "to_verify", "to_close", "suspended")


def category_list() -> QuerySet[Category]:
    return Category.objects.filter(active=True).select_related("parent").order_by("code")


def category_leaves() -> QuerySet[Category]:
    return category_list().filter(parent__isnull=False)


def incident_list(*, user) -> QuerySet[Incident]:
    return Incident.objects.for_user(user).select_related("category", "region", "grid", "assigned_unit")


def incident_queue(*, user, queue: str, now: datetime | None = None) -> QuerySet[Incident]:
    """One queue of the dispatch board, in the order it is worked through. Each is a status (or the
    running ones) within the scope, read by incident_queue_idx / incident_status_due_idx."""
    now = now or timezone.now()
    rows = incident_list(user=user)
    by_due = ["due_at", "id"]
    if queue == "reported":
        return rows.filter(status=Status.REPORTED).order_by(*by_due)
    if queue == "to_dispatch":
        return rows.filter(status=Status.REGISTERED).order_by(*by_due)
    if queue == "due_soon":
        return rows.filter(status__in=Status.running_states(), warn_at__lte=now, due_at__gte=now).order_by(*by_due)
    if queue == "overdue":
        return rows.filter(status__in=Status.running_states(), due_at__lt=now).order_by(*by_due)
    if queue == "to_verify":
        return rows.filter(status=Status.HANDLED).order_by(*by_due)
    if queue == "to_close":
        return rows.filter(status=Status.VERIFIED).order_by(*by_due)
    if queue == "suspended":
        return rows.filter(status=Status.SUSPENDED).order_by(*by_due)
    raise ValueError(queue)


def incident_board(*, user, now: datetime | None = None, size: int = 10) -> dict[str, list[Incident]]:
    """The first rows of every queue (one query each, no count)."""
    now = now or timezone.now()
    return {queue: list(incident_queue(user=user, queue=queue, now=now)[:size]) for queue in QUEUES}


def incident_detail(*, user, pk: int) -> Incident | None:
    return (
        incident_list(user=user)
        .prefetch_related("history__actor", "files")
        .select_related("reporter_person", "handled_by")
        .filter(pk=pk)
        .first()
    )


def my_incidents(*, user) -> QuerySet[Incident]:
    """The cases a resident's household reported, newest first."""
    return incident_list(user=user).filter(reporter_person__isnull=False)


def patrol_list(*, user) -> QuerySet[Patrol]:
    return Patrol.objects.for_user(user).select_related("grid", "worker").prefetch_related("findings__incident")


def overdue_hours(incident: Incident, now: datetime | None = None) -> float:
    if incident.due_at is None:
        return 0.0
    late = (now or timezone.now()) - incident.due_at
    return max(late / timedelta(hours=1), 0.0)


# The map draws at most this many cases (the newest open ones with a position); the list under it
# says when there are more.
MAP_LIMIT = 500


def incident_map_points(*, user) -> QuerySet[Incident]:
    """The open cases of the scope that have a position, newest first (their coordinates as the
    phone or the worker gave them: GCJ-02 by the county's convention; the map has no tiles to
    align them with, so no conversion is needed)."""
    return (
        incident_list(user=user)
        .filter(status__in=Status.open_states(), latitude__isnull=False, longitude__isnull=False)
        .order_by("-reported_at", "-id")
    )


def incident_figures(*, within: str, now: datetime) -> dict:
    """Incidents of a region (a county, township or unit code) for the dashboards, in one aggregate
    query: those whose clock runs, and those of them past their due time."""
    running = Q(status__in=Status.running_states())
    return Incident.objects.filter(scope_code__startswith=within).aggregate(
        open=Count("pk", filter=running), overdue=Count("pk", filter=running & Q(due_at__lt=now))
    )
