"""The queue page's applications as an Excel workbook, for a meeting or a report: exactly what the
page lists (shequ.services.selectors.application_queue), within the worker's scope, audited, with
the applicant's ID number masked and no birth date."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shequ.accounts.decorators import staff_worker_required
from shequ.accounts.models import User
from shequ.core.events import event_record
from shequ.core.masking import mask_sensitive
from shequ.core.xlsx import export_size_check, xlsx_response, xlsx_write
from shequ.services.models import Application
from shequ.services.selectors import application_queue

HEADERS = (
    gettext_noop("受理编号"),
    gettext_noop("服务事项"),
    gettext_noop("申请人"),
    gettext_noop("身份证号"),
    gettext_noop("村（社区）"),
    gettext_noop("状态"),
    gettext_noop("渠道"),
    gettext_noop("提交时间"),
    gettext_noop("办结期限"),
    gettext_noop("办结时间"),
)
WIDTHS = (22, 24, 12, 22, 18, 12, 8, 18, 12, 18)


def _row(application: Application) -> list:
    return [
        application.number,
        str(application.service),
        application.applicant.name,
        application.applicant.id_number_masked,
        application.region.short_name,
        application.get_status_display(),
        application.get_channel_display(),
        application.submitted_at,
        application.due_date,
        application.completed_at,
    ]


def applications_export(*, acting_user: User, queue: str, query: str = ""):
    """The workbook (a temporary file) of the queue as the page shows it, and its row count;
    ValidationError when it is larger than settings.EXPORT_MAX_ROWS. Written as a domain event
    with the filter (the search text masked: it may be a name or a number) and the count."""
    if not acting_user.has_perm("services.export_applications"):
        raise PermissionDenied
    queue, applications = application_queue(user=acting_user, queue=queue, query=query)
    export_size_check(applications)
    rows = (_row(application) for application in applications.order_by("-submitted_at", "-id").iterator(2000))
    file, count = xlsx_write(title=_("办件"), headers=[_(header) for header in HEADERS], widths=WIDTHS, rows=rows)
    event_record(
        acting_user=acting_user,
        verb="applications.exported",
        target=acting_user,
        region_code=acting_user.region.code if acting_user.region_id else "",
        data={"queue": queue, "query": mask_sensitive(query) if query else "", "rows": count},
    )
    return file, count


@staff_worker_required
def applications_export_view(request: HttpRequest) -> HttpResponse:
    queue, query = request.GET.get("queue", "all"), request.GET.get("q", "")
    try:
        file, _count = applications_export(acting_user=request.user, queue=queue, query=query)
    except ValidationError as too_large:
        messages.error(request, too_large.messages[0])
        return redirect(f"{reverse('services:work-queues')}?{urlencode({'queue': queue, 'q': query})}")
    return xlsx_response(file, filename=f"applications-{timezone.localdate():%Y%m%d}.xlsx")
