"""Who takes which kind of step on an incident (the kinds are named in workflow.py). Scope comes
first: nobody acts on an incident outside `Incident.objects.for_user(user)`."""

import rules

from shequ.accounts.models import Role
from shequ.accounts.predicates import has_role
from shequ.accounts.scope import covers
from shequ.incidents.models import Incident
from shequ.incidents.workflow import DISPATCHER, HANDLER, VERIFIER

DISPATCHING_ROLES = frozenset({Role.VILLAGE_WORKER, Role.TOWNSHIP_STAFF, Role.COUNTY_ADMIN})


def is_dispatcher(user) -> bool:
    return user.is_superuser or user.role in DISPATCHING_ROLES


def is_handler(user, incident: Incident) -> bool:
    """The county department it was dispatched to, or the workers of the unit or township it was."""
    if user.is_superuser or user.role == Role.COUNTY_ADMIN:
        return True
    if incident.assigned_department:
        return user.role == Role.COUNTY_STAFF and user.department == incident.assigned_department
    unit = incident.assigned_unit
    return unit is not None and user.role in (Role.VILLAGE_WORKER, Role.TOWNSHIP_STAFF) and covers(user, unit)


def is_verifier(user, incident: Incident) -> bool:
    """The grid worker of its grid; the unit's workers where it has none (or as the grid's backup)."""
    if user.role == Role.GRID_WORKER:
        return incident.grid_id is not None and user.region_id == incident.grid_id
    return user.role == Role.VILLAGE_WORKER and user.region_id == incident.region_id


def may_take(user, incident: Incident, by: str) -> bool:
    """Whether `user` takes steps of kind `by` on `incident` (within their scope)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if not Incident.objects.for_user(user).filter(pk=incident.pk).exists():
        return False
    if by == DISPATCHER:
        return is_dispatcher(user)
    if by == HANDLER:
        return is_handler(user, incident)
    if by == VERIFIER:
        return is_verifier(user, incident)
    return False


# The category catalogue and its routing rules are the county administrator's (and superusers'),
# edited in the admin; a staff worker exports the incidents of their own scope.
for verb in ("view", "add", "change", "delete"):
    for model in ("category", "routingrule"):
        rules.add_perm(f"incidents.{verb}_{model}", has_role(Role.COUNTY_ADMIN))
rules.add_perm(
    "incidents.export_incidents",
    has_role(Role.VILLAGE_WORKER, Role.GRID_WORKER, Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF, Role.COUNTY_ADMIN),
)
