"""Incidents as an Excel workbook, for a meeting or a report: the cases of the worker's scope
(for_user), all of them or one queue of the dispatch board, streamed from a temporary file and
audited. Nothing of the reporter is in it (who reported is not the report's business), and numbers
shaped like a phone or ID number in the free text are masked."""

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shequ.accounts.decorators import staff_worker_required
from shequ.accounts.models import User
from shequ.core.events import event_record
from shequ.core.masking import mask_sensitive
from shequ.core.xlsx import export_size_check, xlsx_response, xlsx_write
from shequ.incidents.models import Incident
from shequ.incidents.selectors import QUEUES, incident_list, incident_queue

HEADERS = (
    gettext_noop("编号"),
    gettext_noop("上报时间"),
    gettext_noop("事件类别"),
    gettext_noop("来源"),
    gettext_noop("村（社区）"),
    gettext_noop("网格"),
    gettext_noop("位置"),
    gettext_noop("事件描述"),
    gettext_noop("状态"),
    gettext_noop("处置期限"),
    gettext_noop("承办部门"),
    gettext_noop("承办单位"),
    gettext_noop("涉警事件"),
    gettext_noop("督办层级"),
    gettext_noop("结案时间"),
)
WIDTHS = (8, 18, 20, 12, 18, 18, 24, 40, 12, 18, 14, 18, 8, 8, 18)
# A run of digits as long as a phone number or an ID number (its last character may be X).
NUMBER_LIKE = re.compile(r"\d{7,17}[\dXx]?")


def _masked(text: str) -> str:
    return NUMBER_LIKE.sub(lambda number: mask_sensitive(number.group()), text)


def _row(incident: Incident) -> list:
    return [
        incident.pk,
        incident.reported_at,
        incident.category.local_name,
        incident.get_source_display(),
        incident.region.short_name,
        incident.grid.short_name if incident.grid_id else "",
        _masked(incident.location),
        _masked(incident.description),
        incident.get_status_display(),
        incident.due_at,
        incident.get_assigned_department_display(),
        incident.assigned_unit.short_name if incident.assigned_unit_id else "",
        incident.police,
        incident.escalation_level,
        incident.closed_at,
    ]


def incidents_export(*, acting_user: User, queue: str = ""):
    """The workbook (a temporary file) of the incidents in the user's scope, or of one queue, and
    its row count; ValidationError beyond settings.EXPORT_MAX_ROWS. Written as a domain event."""
    if not acting_user.has_perm("incidents.export_incidents"):
        raise PermissionDenied
    if queue and queue not in QUEUES:
        raise ValueError(queue)
    rows = incident_queue(user=acting_user, queue=queue) if queue else incident_list(user=acting_user)
    export_size_check(rows)
    # In the list's own order: a queue by due time, everything newest first.
    lines = (_row(incident) for incident in rows.iterator(2000))
    file, count = xlsx_write(title=_("网格事件"), headers=[_(header) for header in HEADERS], widths=WIDTHS, rows=lines)
    event_record(
        acting_user=acting_user,
        verb="incidents.exported",
        target=acting_user,
        region_code=acting_user.region.code if acting_user.region_id else "",
        data={"queue": queue, "rows": count},
    )
    return file, count


@staff_worker_required
def incidents_export_view(request: HttpRequest) -> HttpResponse:
    queue = request.GET.get("queue", "")
    if queue and queue not in QUEUES:
        raise Http404
    try:
        file, _count = incidents_export(acting_user=request.user, queue=queue)
    except ValidationError as too_large:
        messages.error(request, too_large.messages[0])
        return redirect("incidents:queue", queue) if queue else redirect("incidents:board")
    return xlsx_response(file, filename=f"incidents-{timezone.localdate():%Y%m%d}.xlsx")
