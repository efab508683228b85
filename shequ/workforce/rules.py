"""Who may do what with the workforce registry, like the facility registry: a village worker keeps
their unit's workers, township staff their township's, the county administrator the county's;
county department staff read the county. The configured tables are the county administrator's."""

import rules

from shequ.accounts.models import Role
from shequ.accounts.predicates import has_role, in_scope

is_reader = has_role(Role.VILLAGE_WORKER, Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF, Role.COUNTY_ADMIN)
is_editor = has_role(Role.VILLAGE_WORKER, Role.TOWNSHIP_STAFF, Role.COUNTY_ADMIN)
is_county_admin = has_role(Role.COUNTY_ADMIN)

rules.add_perm("workforce.view_worker", is_reader & in_scope)
rules.add_perm("workforce.change_worker", is_editor & in_scope)
rules.add_perm("workforce.add_worker", is_editor)
rules.add_perm("workforce.import_workers", is_editor)
rules.add_perm("workforce.export_workers", is_reader)
rules.add_perm("workforce.add_attendance", is_editor)
# Departments confirm a candidate at county level.
rules.add_perm("workforce.confirm_candidate", has_role(Role.COUNTY_STAFF, Role.COUNTY_ADMIN))
for verb in ("view", "add", "change", "delete"):
    for model in (
        "postgrade",
        "education",
        "qualification",
        "salarystep",
        "staffingstandard",
        "reviewdepartment",
        "competencyitem",
        "course",
        "trainingsession",
    ):
        rules.add_perm(f"workforce.{verb}_{model}", is_county_admin)
