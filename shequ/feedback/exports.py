"""Ratings as an Excel workbook, for a meeting or a report: the ratings the worker may see
(for_user), in the statistics page's date range, audited. The rater is not in it (real-name rating,
but rater data are not passed on), nor any ID number."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shequ.accounts.decorators import staff_worker_required
from shequ.accounts.models import User
from shequ.core.events import event_record
from shequ.core.xlsx import export_size_check, xlsx_response, xlsx_write
from shequ.feedback.forms import StatisticsForm
from shequ.feedback.models import Rating
from shequ.feedback.selectors import rating_list

HEADERS = (
    gettext_noop("评价时间"),
    gettext_noop("服务事项"),
    gettext_noop("责任部门"),
    gettext_noop("村（社区）"),
    gettext_noop("经办人"),
    gettext_noop("服务机构"),
    gettext_noop("评价"),
    gettext_noop("效率"),
    gettext_noop("态度"),
    gettext_noop("便捷"),
    gettext_noop("意见建议"),
    gettext_noop("系统默认评价"),
    gettext_noop("已剔除"),
    gettext_noop("整改状态"),
)
WIDTHS = (18, 24, 14, 18, 12, 20, 12, 6, 6, 6, 40, 10, 8, 16)


def _row(rating: Rating) -> list:
    rectification = getattr(rating, "rectification", None)
    worker = rating.worker
    return [
        rating.created_at,
        str(rating.service) if rating.service_id else "",
        rating.get_department_display(),
        rating.region.short_name,
        (worker.get_full_name() or worker.username) if worker else "",
        rating.provider_label,
        rating.get_level_display(),
        rating.efficiency,
        rating.attitude,
        rating.convenience,
        rating.comment,
        rating.is_default,
        rating.excluded,
        rectification.get_status_display() if rectification else "",
    ]


def ratings_export(*, acting_user: User, since=None, until=None):
    """The workbook (a temporary file) of the ratings in the user's scope and date range, and its
    row count; ValidationError beyond settings.EXPORT_MAX_ROWS. Written as a domain event."""
    if not acting_user.has_perm("feedback.export_ratings"):
        raise PermissionDenied
    ratings = rating_list(user=acting_user)
    if since:
        ratings = ratings.filter(created_at__date__gte=since)
    if until:
        ratings = ratings.filter(created_at__date__lte=until)
    export_size_check(ratings)
    rows = (_row(rating) for rating in ratings.order_by("-created_at", "-id").iterator(2000))
    file, count = xlsx_write(title=_("服务评价"), headers=[_(header) for header in HEADERS], widths=WIDTHS, rows=rows)
    event_record(
        acting_user=acting_user,
        verb="ratings.exported",
        target=acting_user,
        region_code=acting_user.region.code if acting_user.region_id else "",
        data={"since": since and since.isoformat(), "until": until and until.isoformat(), "rows": count},
    )
    return file, count


@staff_worker_required
def ratings_export_view(request: HttpRequest) -> HttpResponse:
    form = StatisticsForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("请检查起止日期"))
        return redirect("feedback:stats")
    try:
        file, _count = ratings_export(
            acting_user=request.user, since=form.cleaned_data["since"], until=form.cleaned_data["until"]
        )
    except ValidationError as too_large:
        messages.error(request, too_large.messages[0])
        return redirect(f"{reverse('feedback:stats')}?{request.GET.urlencode()}")
    return xlsx_response(file, filename=f"ratings-{timezone.localdate():%Y%m%d}.xlsx")
