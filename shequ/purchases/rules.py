"""Who may do what with government-purchased services: the county administrator, township staff and
县民政局 (which buys most of them) register projects, milestones and evaluations within their scope;
village workers and other county staff read."""

import rules

from shequ.accounts.models import Department, Role
from shequ.accounts.predicates import has_role, in_department, in_scope

is_reader = has_role(Role.VILLAGE_WORKER, Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF, Role.COUNTY_ADMIN)
is_editor = has_role(Role.TOWNSHIP_STAFF, Role.COUNTY_ADMIN) | (
    has_role(Role.COUNTY_STAFF) & in_department(Department.CIVIL_AFFAIRS)
)

rules.add_perm("purchases.view_purchaseproject", is_reader & in_scope)
rules.add_perm("purchases.add_purchaseproject", is_editor)
rules.add_perm("purchases.change_purchaseproject", is_editor & in_scope)
