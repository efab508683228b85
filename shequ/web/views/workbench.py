from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shequ.regions.selectors import units_in_scope, units_with_stale_figures
from shequ.residents.selectors import registry_gaps, registry_summary
from shequ.web.decorators import staff_worker_required


@staff_worker_required
def workbench(request: HttpRequest) -> HttpResponse:
    """What is due for me today. Each capability adds its queue here; the registry contributes the
    records that are incomplete and the unit figures that are out of date."""
    user = request.user
    return render(
        request,
        "work/workbench.html",
        {
            "summary": registry_summary(user=user),
            "gaps": registry_gaps(user=user),
            "stale_units": units_with_stale_figures(user=user)[:20],
            "unit_count": units_in_scope(user=user).count(),
        },
    )
