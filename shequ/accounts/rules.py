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
