from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.services.chain import LEVEL_OF_ROLE, chain_levels
from shequ.services.models import Application, ApplicationEvent, ServiceItem
from shequ.services.workflow import Level, Status

WAITING = [Status.SUBMITTED, Status.ACCEPTED, Status.IN_PROGRESS]
FINISHED = {Status.COMPLETED, Status.REJECTED, Status.NOT_ACCEPTED, Status.WITHDRAWN}

# The workbench queues, in the order they are shown.
QUEUES = [
    ("at_level", _("本级待办")),
    ("to_accept", _("待受理")),
    ("due_soon", _("即将到期")),
    ("overdue", _("已超期")),
    ("supplement", _("待补正")),
    ("calendar_missing", _("期限待定")),
]


def service_catalogue(*, query: str = "", kind: str = "") -> QuerySet[ServiceItem]:
    items = ServiceItem.objects.filter(active=True)
    if kind:
        items = items.filter(kind=kind)
    if query.strip():
        words = query.strip()
        items = items.filter(Q(name__contains=words) | Q(code__icontains=words) | Q(translations__icontains=words))
    return items


def application_list(*, user) -> QuerySet[Application]:
    # The applicants of a page are fetched by their ids: joined, a wide queue would be matched
    # against the whole persons table before its first page is sorted out.
    return Application.objects.for_user(user).select_related("service", "region").prefetch_related("applicant")


def application_queues(*, user, today: date | None = None) -> dict[str, QuerySet[Application]]:
    """The workbench queues: to accept, past 80% of the time, overdue, waiting for supplement."""
    today = today or timezone.localdate()
    mine = application_list(user=user)
    running = mine.filter(status__in=WAITING)
    level = LEVEL_OF_ROLE.get(getattr(user, "role", None))
    return {
        # What waits at the user's own level of the chain (a township: what the villages forwarded).
        "at_level": running.filter(level=level).order_by("due_date") if level else mine.none(),
        "to_accept": mine.filter(status=Status.SUBMITTED).order_by("submitted_at"),
        "due_soon": running.filter(warn_date__lte=today, due_date__gte=today).order_by("due_date"),
        "overdue": running.filter(due_date__lt=today).order_by("due_date"),
        "supplement": mine.filter(status=Status.SUPPLEMENT_REQUESTED).order_by("paused_since"),
        "calendar_missing": running.filter(calendar_missing__isnull=False).order_by("submitted_at"),
    }


def application_queue(*, user, queue: str | None, query: str = "") -> tuple[str, QuerySet[Application]]:
    """The queue page's list: one of QUEUES (else "all"), narrowed by a number or an applicant's
    name prefix. The page and its Excel export use this one filter. Without a queue, who acts at a
    level of a chain starts at what waits at their level, others at what waits to be accepted."""
    if queue is None:
        queue = "at_level" if LEVEL_OF_ROLE.get(getattr(user, "role", None)) else "to_accept"
    queues = application_queues(user=user)
    if queue == "all" or queue not in queues:
        queue, applications = "all", application_list(user=user)
    else:
        applications = queues[queue]
    query = query.strip()
    if query:
        applications = applications.filter(number__icontains=query) | applications.filter(applicant__name__prefix=query)
    return queue, applications


def application_clock(*, application: Application, history: list[ApplicationEvent]) -> list[dict]:
    """The clock of each level the application has been at, in order: the level, its working days,
    the day it arrived, its due date, the day it left (None while it is there) and whether it left late.
    A level returned to is a new row with a clock of its own."""
    days = {entry["level"]: entry["days"] for entry in application.chain}
    visits: list[dict] = []

    def close(on, due) -> None:
        visits[-1] |= {"left_on": on, "due": due, "late": bool(due and on > due)}

    for event in history:
        at = timezone.localdate(event.at)
        if not event.from_status:
            level = event.level or chain_levels(application)[0]
            visits.append({"level": level, "arrived_on": application.clock_started_on})
        elif visits and event.move:
            on, left_due = date.fromisoformat(event.data["on"]), event.data.get("left_due")
            close(on, date.fromisoformat(left_due) if left_due else None)
            visits.append({"level": event.data["to_level"], "arrived_on": on})
        elif visits and event.to_status in FINISHED:
            close(at, application.due_date)
    if visits and "left_on" not in visits[-1]:
        visits[-1] |= {"left_on": None, "due": application.due_date, "late": False}
    for visit in visits:
        visit |= {"label": Level(visit["level"]).label, "days": days.get(visit["level"])}
    return visits


def application_figures(*, within: str, today: date) -> dict:
    """Applications of a region (a county, township or unit code) for the dashboards, in one
    aggregate query: open ones, those open past their due date, and this year's completed ones
    with how many were completed by their due date (办结及时率)."""
    rows = Application.objects.filter(scope_code__startswith=within)
    done_this_year = Q(status=Status.COMPLETED, completed_at__year=today.year)
    figures = rows.aggregate(
        open=Count("pk", filter=Q(status__in=Status.open_states())),
        overdue=Count("pk", filter=Q(status__in=Status.open_states(), due_date__lt=today)),
        completed=Count("pk", filter=done_this_year),
        on_time=Count(
            "pk", filter=done_this_year & (Q(due_date__isnull=True) | Q(completed_at__date__lte=F("due_date")))
        ),
    )
    figures["on_time_rate"] = round(figures["on_time"] / figures["completed"], 4) if figures["completed"] else None
    return figures
