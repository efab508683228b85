import rules

from shequ.accounts.models import Role
from shequ.accounts.predicates import has_role, in_scope, is_civil_affairs
from shequ.accounts.scope import covers


@rules.predicate
def region_within_scope(user, region) -> bool:
    """Unlike `in_scope`, excludes the regions above the user's own (seen for context only)."""
    return region is None or covers(user, region)


rules.add_perm("regions.view_region", rules.is_authenticated & in_scope)
rules.add_perm(
    "regions.change_figures",
    (has_role(Role.VILLAGE_WORKER, Role.TOWNSHIP_STAFF, Role.COUNTY_ADMIN) | is_civil_affairs) & region_within_scope,
)
