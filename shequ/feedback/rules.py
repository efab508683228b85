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


@rules.predicate
def is_unit_head(user) -> bool:
    return user.is_authenticated and user.is_unit_head


@rules.predicate
def is_rated_worker(user, obj) -> bool:
    """The user is the worker the rating is about: they never handle their own 差评."""
    if obj is None:
        return False
    rating = getattr(obj, "rating", obj)
    return rating.worker_id is not None and rating.worker_id == user.pk


# 回访、整改 and raising an appeal: the head of the rated unit (User.is_unit_head), the township's
# staff or the county administrator; or the head of the county department whose service was rated.
# Other village and grid workers see their unit's ratings but do not handle them, and the rated
# worker never handles their own (even as a head or township staff).
handles_locally = has_role(Role.TOWNSHIP_STAFF, Role.COUNTY_ADMIN) | (has_role(Role.VILLAGE_WORKER) & is_unit_head)
handles_for_department = has_role(Role.COUNTY_STAFF) & is_unit_head & concerns_my_department
# 申诉复核: above the unit — the township's staff, the county administrator, or 县民政局.
reviews_appeals = has_role(Role.TOWNSHIP_STAFF, Role.COUNTY_ADMIN) | is_civil_affairs

rules.add_perm("feedback.view_rating", (is_staff_worker | has_role(Role.RESIDENT)) & in_scope)
rules.add_perm("feedback.view_rectification", is_staff_worker & in_scope)
rules.add_perm("feedback.view_rectificationevent", is_staff_worker)
rules.add_perm("feedback.view_rectificationfile", is_staff_worker & in_scope)
rules.add_perm(
    "feedback.handle_rectification", (handles_locally | handles_for_department) & ~is_rated_worker & in_scope
)
rules.add_perm("feedback.review_appeal", reviews_appeals & ~is_rated_worker & in_scope)
rules.add_perm("feedback.export_ratings", is_staff_worker)
rules.add_perm("feedback.view_rating_statistics", is_staff_worker)
rules.add_perm("feedback.view_creditentry", has_role(Role.COUNTY_ADMIN) | is_civil_affairs)
