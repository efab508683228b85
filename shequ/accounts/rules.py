import rules

from shequ.accounts.models import Role
from shequ.accounts.predicates import has_role, in_scope


@rules.predicate
def target_is_superuser(user, target) -> bool:
    return target is not None and target.is_superuser


# Accounts are managed by the county administrators (and superusers, who hold every permission);
# a superuser's account only by a superuser.
can_manage = has_role(Role.COUNTY_ADMIN) & in_scope & ~target_is_superuser
for verb in ("view", "add", "change", "delete"):
    rules.add_perm(f"accounts.{verb}_user", can_manage)

# The admin site and the tables of the shared core, which imports no domain and so cannot name
# roles itself: the county administrators (and superusers, who hold every permission).
is_county_admin = has_role(Role.COUNTY_ADMIN)
rules.add_perm("core.use_admin", is_county_admin)
for verb in ("view", "add", "change", "delete"):
    rules.add_perm(f"core.{verb}_calendaryear", is_county_admin)
    rules.add_perm(f"core.{verb}_calendarday", is_county_admin)

# Waiting sign-ups are decided by the workers who keep the registry of the unit the resident named
# (and the township and county above it); grid workers and county departments do not bind accounts.
reviews_signups = has_role(Role.VILLAGE_WORKER, Role.TOWNSHIP_STAFF, Role.COUNTY_ADMIN)
rules.add_perm("accounts.review_signup", reviews_signups & in_scope)
