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
# Townships and the county organise courses; any editor holds a session in their own region.
rules.add_perm("workforce.add_course", has_role(Role.TOWNSHIP_STAFF, Role.COUNTY_ADMIN))
rules.add_perm("workforce.view_course", is_reader)
rules.add_perm("workforce.add_trainingsession", is_editor)
# Departments confirm a candidate at county level.
rules.add_perm("workforce.confirm_candidate", has_role(Role.COUNTY_STAFF, Role.COUNTY_ADMIN))


@rules.predicate
def confirms_for(user, department) -> bool:
    """A department's staff confirm its own line; the county administrator enters the paper reply of
    a department with no accounts on the platform."""
    if department is None:
        return True
    if user.role == Role.COUNTY_ADMIN:
        return not department.account_department
    return bool(department.account_department) and user.department == department.account_department


rules.add_perm("workforce.confirm_for_department", has_role(Role.COUNTY_STAFF, Role.COUNTY_ADMIN) & confirms_for)
for verb in ("view", "add", "change", "delete"):
    for model in (
        "postgrade",
        "education",
        "qualification",
        "salarystep",
        "staffingstandard",
        "reviewdepartment",
        "competencyitem",
    ):
        rules.add_perm(f"workforce.{verb}_{model}", is_county_admin)
