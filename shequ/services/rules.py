import rules

from shequ.accounts.models import Role
from shequ.accounts.predicates import has_role, in_scope, is_staff_worker
from shequ.services.chain import acts_at_level


@rules.predicate
def in_items_department(user, application) -> bool:
    return application is None or application.service.department == user.department


@rules.predicate
def at_its_level(user, application) -> bool:
    """On an item with a chain of levels, only the level the application waits at acts on it."""
    return application is None or acts_at_level(user, application)


handles_locally = has_role(Role.VILLAGE_WORKER, Role.TOWNSHIP_STAFF, Role.COUNTY_ADMIN)
handles_for_department = has_role(Role.COUNTY_STAFF) & in_items_department

rules.add_perm("services.view_application", (is_staff_worker | has_role(Role.RESIDENT)) & in_scope)
rules.add_perm("services.handle_application", (handles_locally | handles_for_department) & in_scope & at_its_level)
# At the window: a worker files for a resident of their own area (the object is the Person).
rules.add_perm("services.register_application", handles_locally & in_scope)
# The queue page's Excel export: any worker, for what their scope shows (the export uses for_user).
rules.add_perm("services.export_applications", is_staff_worker)
rules.add_perm("services.view_serviceitem", rules.always_allow)
rules.add_perm("services.add_serviceitem", has_role(Role.COUNTY_ADMIN))
rules.add_perm("services.change_serviceitem", has_role(Role.COUNTY_ADMIN))
