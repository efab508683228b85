import rules

from shequ.accounts.models import Role
from shequ.accounts.predicates import has_role, in_scope, is_civil_affairs, is_staff_worker


@rules.predicate
def concerns_my_department(user, obj) -> bool:
    """The rating (or its rectification) is about a service of the user's own department."""
    if obj is None:
        return True
    rating = getattr(obj, "rating", obj)
    return rating.department == user.department


# 回访、整改、反馈 and raising an appeal: the staff handling the rating's unit, or the county
# department whose service was rated. Grid workers see their grid's ratings but do not handle them.
handles_locally = has_role(Role.VILLAGE_WORKER, Role.TOWNSHIP_STAFF, Role.COUNTY_ADMIN)
handles_for_department = has_role(Role.COUNTY_STAFF) & concerns_my_department
# 申诉复核: above the unit — the township's staff, the county administrator, or 县民政局.
reviews_appeals = has_role(Role.TOWNSHIP_STAFF, Role.COUNTY_ADMIN) | is_civil_affairs

rules.add_perm("feedback.view_rating", (is_staff_worker | has_role(Role.RESIDENT)) & in_scope)
rules.add_perm("feedback.view_rectification", is_staff_worker & in_scope)
rules.add_perm("feedback.view_rectificationevent", is_staff_worker)
rules.add_perm("feedback.handle_rectification", (handles_locally | handles_for_department) & in_scope)
rules.add_perm("feedback.review_appeal", reviews_appeals & in_scope)
rules.add_perm("feedback.view_rating_statistics", is_staff_worker)
rules.add_perm("feedback.view_creditentry", has_role(Role.COUNTY_ADMIN) | is_civil_affairs)
