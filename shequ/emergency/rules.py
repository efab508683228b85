"""Who issues warnings and who keeps an area's emergency records. Scope comes first: every action
is on a record within `for_user(user)`, on regions the user `covers`."""

import rules

from shequ.accounts.models import Department, Role
from shequ.accounts.predicates import has_role

# County departments that issue warnings and keep the county's readiness records.
EMERGENCY_DEPARTMENTS = frozenset({Department.EMERGENCY, Department.CIVIL_AFFAIRS})
# Who must acknowledge a warning in the regions it targets.
ACKNOWLEDGING_ROLES = frozenset({Role.GRID_WORKER, Role.VILLAGE_WORKER})


def is_issuer(user) -> bool:
    """县应急管理局 and 民政局 staff and the county administrators (the county), township staff
    (their township)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or user.role in (Role.COUNTY_ADMIN, Role.TOWNSHIP_STAFF):
        return True
    return user.role == Role.COUNTY_STAFF and user.department in EMERGENCY_DEPARTMENTS


def is_keeper(user) -> bool:
    """Who records plans, supplies, shelters, stations, drills and forces: the issuers and the
    village-level units' workers."""
    return is_issuer(user) or (getattr(user, "is_authenticated", False) and user.role == Role.VILLAGE_WORKER)


# The admin only looks (writes go through the pages' services, which audit them): the county's
# administrators read every emergency record there.
for _model in ("warning", "supply", "supplymovement", "shelter", "firestation", "drill", "force", "plan"):
    rules.add_perm(f"emergency.view_{_model}", has_role(Role.COUNTY_ADMIN))
