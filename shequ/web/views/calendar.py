"""Entering next year's holiday schedule: paste the State Council's notice, check what was read,
save. Nothing is saved until the administrator confirms the parsed days."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.decorators import staff_worker_required
from shequ.core.calendar import ENTER_PERMISSION, calendar_notice_read, calendar_year_enter
from shequ.ui.forms import form_add_service_errors
from shequ.web.forms import CalendarNoticeForm


@staff_worker_required
def calendar_enter(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(ENTER_PERMISSION):
        raise PermissionDenied
    form = CalendarNoticeForm(request.POST or None, initial={"year": timezone.localdate().year + 1})
    parsed = None
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        try:
            if "confirm" in request.POST:
                rescheduled = calendar_year_enter(
                    year=values["year"], source=values["source"], notice=values["notice"], acting_user=request.user
                )
            else:
                parsed = calendar_notice_read(year=values["year"], notice=values["notice"], acting_user=request.user)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            if parsed is None:
                messages.success(
                    request,
                    _("%(year)s 年节假日安排已保存，%(count)s 个期限已重新计算")
                    % {
                        "year": values["year"],
                        "count": sum(rescheduled.values()),
                    },
                )
                return redirect("web:workbench")
    return render(request, "work/calendar_enter.html", {"form": form, "parsed": parsed})
