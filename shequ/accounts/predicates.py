"""`rules` predicates shared by every app's permissions (each app's rules.py names its own)."""

import rules

from shequ.accounts.models import Department, Role


def has_role(*roles: Role):
    names = {str(role) for role in roles}

    @rules.predicate(name=f"has_role({','.join(sorted(names))})")
    def predicate(user) -> bool:
        return user.is_authenticated and user.role in names

    return predicate


def in_department(*departments: Department):
    names = {str(department) for department in departments}

    @rules.predicate(name=f"in_department({','.join(sorted(names))})")
    def predicate(user) -> bool:
        return user.is_authenticated and user.department in names

    return predicate


@rules.predicate
def in_scope(user, obj) -> bool:
    """True when `obj` is among the records `user` may see; True for a check without an object, so
    that `has_perm('app.verb_model')` asks "may this user do this to some record"."""
    if obj is None:
        return True
    return type(obj)._default_manager.for_user(user).filter(pk=obj.pk).exists()


is_staff_worker = has_role(
    Role.GRID_WORKER, Role.VILLAGE_WORKER, Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF, Role.COUNTY_ADMIN
)
is_registry_editor = has_role(Role.GRID_WORKER, Role.VILLAGE_WORKER, Role.TOWNSHIP_STAFF, Role.COUNTY_ADMIN)
is_civil_affairs = has_role(Role.COUNTY_STAFF) & in_department(Department.CIVIL_AFFAIRS)
