from django.core.cache import cache

from shequ.accounts.scope import scope_of
from shequ.services.selectors import QUEUES, application_queues

# The panel's exact queue counts are shared by everyone with the same scope for this long: a
# county's five counts cost tens of milliseconds, and the workbench is opened far more often than
# a queue changes enough to matter.
PANEL_CACHE_SECONDS = 30


def application_panel(*, user, today) -> dict:
    scope = scope_of(user)
    # The role too: the queue of one's own level of the chain differs between roles of one scope.
    key = f"services:panel:{scope.everything:d}:{scope.region_code}:{scope.department}:{user.role}:{today.isoformat()}"
    by_name = cache.get(key)
    if by_name is None:
        by_name = {name: queryset.count() for name, queryset in application_queues(user=user, today=today).items()}
        cache.set(key, by_name, PANEL_CACHE_SECONDS)
    counts = [(name, label, by_name[name]) for name, label in QUEUES]
    return {"queues": counts, "total": sum(count for _name, _label, count in counts)}
