"""Who may do what with the facility registry. `in_scope` asks the same `for_user` querysets as the
lists: a village worker edits their unit's facilities, township staff their township's, the county
administrator the county's; county department staff read the county. Grid workers have no part in
the registry (a facility belongs to a unit, not a grid), so their scope holds none."""

import rules

from shequ.accounts.models import Role
from shequ.accounts.predicates import has_role, in_scope

is_reader = has_role(Role.VILLAGE_WORKER, Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF, Role.COUNTY_ADMIN)
is_editor = has_role(Role.VILLAGE_WORKER, Role.TOWNSHIP_STAFF, Role.COUNTY_ADMIN)

for model in ("facility", "communityprofile", "planningarea", "orgcheck"):
    rules.add_perm(f"facilities.view_{model}", is_reader & in_scope)
    rules.add_perm(f"facilities.change_{model}", is_editor & in_scope)
rules.add_perm("facilities.add_facility", is_editor)
rules.add_perm("facilities.delete_facility", is_editor & in_scope)
rules.add_perm("facilities.add_planningarea", is_editor)
rules.add_perm("facilities.import_facilities", is_editor)
rules.add_perm("facilities.export_facilities", is_reader)
# The lists kept as data are the county administrator's (and superusers').
for verb in ("view", "add", "change", "delete"):
    for model in ("facilitytype", "orgmodel", "orgcomponent"):
        rules.add_perm(f"facilities.{verb}_{model}", has_role(Role.COUNTY_ADMIN))
