"""Who may read the plan monitoring (staff of the region, in scope) and who keeps it: the county
administrator enters targets and baselines and freezes the year-end figures."""

import rules

from shequ.accounts.models import Role
from shequ.accounts.predicates import has_role, is_civil_affairs

is_reader = has_role(Role.VILLAGE_WORKER, Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF, Role.COUNTY_ADMIN)
is_county_admin = has_role(Role.COUNTY_ADMIN)

rules.add_perm("monitoring.view_indicators", is_reader)
rules.add_perm("monitoring.freeze_snapshot", is_county_admin)
for verb in ("view", "add", "change", "delete"):
    for model in ("planversion", "indicatortarget", "baseline"):
        rules.add_perm(f"monitoring.{verb}_{model}", is_county_admin)
rules.add_perm("monitoring.view_snapshot", is_county_admin)
# Baselines and targets: the county administrator or 民政局, which leads the monitoring (plan 三(四)).
rules.add_perm("monitoring.edit_plan", is_county_admin | is_civil_affairs)
