from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from shequ.accounts.scope import scope_of
from shequ.regions.codes import Level, unit_of
from shequ.regions.models import FIGURE_FIELDS, Region

FIGURES_STALE_AFTER = timedelta(days=366)


def units_in_scope(*, user) -> QuerySet[Region]:
    """The village-level units a user is responsible for (a grid worker: the grid's unit)."""
    scope = scope_of(user)
    units = Region.objects.filter(level=Level.VILLAGE).select_related("parent")
    if scope.everything:
        return units
    if not scope.region_code:
        return units.none()
    return units.filter(Q(code__prefix=scope.region_code) | Q(code=unit_of(scope.region_code)))


def units_with_stale_figures(*, user, today: date | None = None) -> QuerySet[Region]:
    cutoff = (today or timezone.localdate()) - FIGURES_STALE_AFTER
    stale = Q()
    for field in FIGURE_FIELDS:
        stale |= Q(**{f"{field}_on__isnull": True}) | Q(**{f"{field}_on__lt": cutoff})
    return units_in_scope(user=user).filter(stale)
