from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from shequ.accounts.decorators import staff_worker_required
from shequ.regions.selectors import units_in_scope, units_with_stale_figures
from shequ.residents.selectors import registry_gaps, registry_summary
from shequ.ui.panels import PANELS


@staff_worker_required
def workbench(request: HttpRequest) -> HttpResponse:
    """What is due for me today: every app's panel, then the registry's incomplete records and the
    unit figures that are out of date."""
    user, today = request.user, timezone.localdate()
    panels = []
    for panel in PANELS:
        context = panel.context(user=user, today=today)
        if context is not None:
            panels.append(render_to_string(panel.template, context | {"user": user}, request=request))
    return render(
        request,
        "work/workbench.html",
        {
            "panels": panels,
            "summary": registry_summary(user=user),
            "gaps": registry_gaps(user=user),
            "stale_units": units_with_stale_figures(user=user)[:20],
            "unit_count": units_in_scope(user=user).count(),
        },
    )
