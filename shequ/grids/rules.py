"""Who may do what with grids, rosters, safety bodies and crowded places. Everybody on the
workbench reads what lies within their scope; the workers of a unit, its township and the county
administrator keep the rosters and move households; a grid worker also inspects the crowded places
of their grid. Scope comes first: objects outside `for_user` are never in reach."""

import rules

from shequ.accounts.models import Role
from shequ.accounts.predicates import has_role, in_scope, is_staff_worker

is_keeper = has_role(Role.VILLAGE_WORKER, Role.TOWNSHIP_STAFF, Role.COUNTY_ADMIN)
is_grid_worker = has_role(Role.GRID_WORKER)

rules.add_perm("grids.view_grid", is_staff_worker)
rules.add_perm("grids.manage_grid", is_keeper)
rules.add_perm("grids.view_gridmember", is_staff_worker & in_scope)
rules.add_perm("grids.change_gridmember", is_keeper & in_scope)
rules.add_perm("grids.view_safetybodymember", is_staff_worker & in_scope)
rules.add_perm("grids.change_safetybodymember", is_keeper & in_scope)
rules.add_perm("grids.view_crowdedplace", is_staff_worker & in_scope)
rules.add_perm("grids.add_crowdedplace", is_keeper)
rules.add_perm("grids.inspect_crowdedplace", (is_keeper | is_grid_worker) & in_scope)
# The checklist is configuration: the county administrator keeps it in the admin.
rules.add_perm("grids.view_checklistitem", has_role(Role.COUNTY_ADMIN))
rules.add_perm("grids.change_checklistitem", has_role(Role.COUNTY_ADMIN))
rules.add_perm("grids.add_checklistitem", has_role(Role.COUNTY_ADMIN))
