"""Who may do what with special-group care. Reading a record needs a duty grant covering it
(`CareRecord.objects.for_user`); no role reads records by itself, so these are plain functions, not
`rules` permissions (a superuser holds every permission). Grants are managed by the county
administrators, who read no record unless granted a duty themselves."""

import rules

from shequ.accounts.models import Role
from shequ.accounts.predicates import has_role
from shequ.specialcare.models import DutyGrant

# The staff roles a duty may be granted to (bound to a region; residents and providers never).
DUTY_ROLES = frozenset(
    {Role.GRID_WORKER, Role.VILLAGE_WORKER, Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF, Role.COUNTY_ADMIN}
)


def holds_duty(user) -> bool:
    """Whether the user holds any active special-group duty today."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.role not in DUTY_ROLES:
        return False
    return DutyGrant.objects.filter(user=user).active().exists()


def manages_grants(user) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.is_superuser or user.role == Role.COUNTY_ADMIN)
    )


# The admin's table of grants: the county administrators (adding goes through the services).
for verb in ("view", "add", "change"):
    rules.add_perm(f"specialcare.{verb}_dutygrant", has_role(Role.COUNTY_ADMIN))
