from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.decorators import staff_worker_required
from shequ.regions.forms import FiguresForm
from shequ.regions.models import FIGURE_FIELDS
from shequ.regions.selectors import units_in_scope
from shequ.regions.services import region_figures_update
from shequ.ui.forms import form_add_service_errors


@staff_worker_required
def unit_list(request: HttpRequest) -> HttpResponse:
    units = units_in_scope(user=request.user).order_by("code")
    return render(request, "regions/units.html", {"units": units})


@staff_worker_required
def unit_figures(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(units_in_scope(user=request.user), code=code)
    if not request.user.has_perm("regions.change_figures", unit):
        raise PermissionDenied
    initial = {field: getattr(unit, field) for field in FIGURE_FIELDS} | {"recorded_on": timezone.localdate()}
    form = FiguresForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            region_figures_update(
                region=unit,
                acting_user=request.user,
                figures=form.figures(),
                recorded_on=form.cleaned_data["recorded_on"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("已保存 %(unit)s 的统计数据") % {"unit": unit.short_name})
            return redirect("regions:units")
    return render(request, "regions/figures.html", {"unit": unit, "form": form})
