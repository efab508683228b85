"""Who may do what. A "party" is a county department (its staff) or a township (its staff): it keeps
its own work items, writes their progress reports and reports major matters. 县民政局 coordinates:
it reviews the reports, sees every party's rows, marks a task's lead and enters scores, as does the
county administrator. Village-level units keep their own responsibility list; townships theirs and
their units'."""

import rules

from shequ.accounts.models import Role
from shequ.accounts.predicates import has_role, in_scope, is_civil_affairs, is_staff_worker


@rules.predicate
def is_party_of(user, obj) -> bool:
    """The user speaks for the department or township `obj` belongs to (True without an object:
    "may this user act for some party")."""
    if obj is None:
        return user.role in (Role.COUNTY_STAFF, Role.TOWNSHIP_STAFF)
    if user.role == Role.COUNTY_STAFF:
        return bool(obj.department) and obj.department == user.department
    if user.role == Role.TOWNSHIP_STAFF:
        return obj.township_id is not None and obj.township_id == user.region_id
    return False


is_county_admin = has_role(Role.COUNTY_ADMIN)
is_coordinator = is_civil_affairs | is_county_admin
is_county_or_township = has_role(Role.COUNTY_STAFF, Role.TOWNSHIP_STAFF, Role.COUNTY_ADMIN)
keeps_lists = has_role(Role.VILLAGE_WORKER, Role.TOWNSHIP_STAFF, Role.COUNTY_ADMIN)

rules.add_perm("plantasks.view_matrix", is_staff_worker)
rules.add_perm("plantasks.mark_lead", is_coordinator)
rules.add_perm("plantasks.view_workitem", is_county_or_township & in_scope)
rules.add_perm("plantasks.add_workitem", is_coordinator | is_party_of)
rules.add_perm("plantasks.change_workitem", in_scope & (is_coordinator | is_party_of))
rules.add_perm("plantasks.view_progressreport", is_county_or_township & in_scope)
rules.add_perm("plantasks.write_progressreport", in_scope & is_party_of)
rules.add_perm("plantasks.review_progressreport", in_scope & is_coordinator)
rules.add_perm("plantasks.view_majormatter", is_county_or_township & in_scope)
rules.add_perm("plantasks.add_majormatter", is_party_of)
rules.add_perm("plantasks.change_majormatter", in_scope & is_party_of)
rules.add_perm("plantasks.view_responsibilitylist", is_staff_worker & in_scope)
rules.add_perm("plantasks.add_responsibilitylistversion", keeps_lists & in_scope)
rules.add_perm("plantasks.view_scores", is_county_or_township)
rules.add_perm("plantasks.enter_score", is_coordinator)
for verb in ("view", "add", "change", "delete"):
    for model in ("reportschedule", "scoringcriterion", "plantask", "taskdepartment"):
        rules.add_perm(f"plantasks.{verb}_{model}", is_county_admin)
