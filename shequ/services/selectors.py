from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.services.models import Application, ServiceItem
from shequ.services.workflow import Status

# The workbench queues, in the order they are shown.
QUEUES = [
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
    running = mine.filter(status__in=[Status.SUBMITTED, Status.ACCEPTED, Status.IN_PROGRESS])
    return {
        "to_accept": mine.filter(status=Status.SUBMITTED).order_by("submitted_at"),
        "due_soon": running.filter(warn_date__lte=today, due_date__gte=today).order_by("due_date"),
        "overdue": running.filter(due_date__lt=today).order_by("due_date"),
        "supplement": mine.filter(status=Status.SUPPLEMENT_REQUESTED).order_by("paused_since"),
        "calendar_missing": running.filter(calendar_missing__isnull=False).order_by("submitted_at"),
    }


def application_queue(*, user, queue: str, query: str = "") -> tuple[str, QuerySet[Application]]:
    """The queue page's list: one of QUEUES (else "all"), narrowed by a number or an applicant's
    name prefix. The page and its Excel export use this one filter."""
    queues = application_queues(user=user)
    if queue == "all" or queue not in queues:
        queue, applications = "all", application_list(user=user)
    else:
        applications = queues[queue]
    query = query.strip()
    if query:
        applications = applications.filter(number__icontains=query) | applications.filter(applicant__name__prefix=query)
    return queue, applications
