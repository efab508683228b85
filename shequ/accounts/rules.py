import rules

from shequ.accounts.models import Role
from shequ.accounts.predicates import has_role, in_scope

# Accounts are managed by the county administrators (and superusers, who hold every permission).
can_manage = has_role(Role.COUNTY_ADMIN) & in_scope
for verb in ("view", "add", "change", "delete"):
    rules.add_perm(f"accounts.{verb}_user", can_manage)
