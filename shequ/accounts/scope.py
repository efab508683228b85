"""Row-level scope: which records of the county a user may see, count, export or change.

There is one rule, applied by every model's `for_user(user)` and by the `in_scope` predicate:
staff see the region they are bound to and everything below it (a grid worker: the grid); a
resident sees their own household; everybody else sees no registry records. Administrative codes
nest by prefix, so "below" is a prefix match on the region code.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from shequ.accounts.models import STAFF_ROLES, Role


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    region_code: str | None = None
    household_id: int | None = None

    @property
    def nothing(self) -> bool:
        return not (self.everything or self.region_code or self.household_id)


NOTHING = Scope()


def scope_of(user) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return Scope(everything=True)
    if user.role in STAFF_ROLES:
        return Scope(region_code=user.region.code) if user.region_id else NOTHING
    if user.role == Role.RESIDENT:
        person = getattr(user, "person", None)
        return Scope(household_id=person.household_id) if person else NOTHING
    return NOTHING


def covers(user, region) -> bool:
    """Whether `region` lies within the user's own region (the regions above it do not)."""
    scope = scope_of(user)
    return scope.everything or bool(scope.region_code and region.code.startswith(scope.region_code))


def _join(*parts: str) -> str:
    return "__".join(part for part in parts if part)


def scope_filter(
    queryset: QuerySet,
    user,
    *,
    region_path: str,
    grid_path: str | None,
    household_path: str | None = None,
    code_field: str | None = None,
) -> QuerySet:
    """Restrict `queryset` to `user`'s scope.

    `region_path` leads from the model to its village-level unit ("" for Region itself),
    `grid_path` to its grid (None where the model has none), `household_path` to its household
    ("" for Household itself, None where there is none). A model that keeps its most specific region
    code in a column of its own names it in `code_field`, and is filtered without a join.
    """
    scope = scope_of(user)
    if scope.everything:
        return queryset
    if scope.region_code and code_field:
        return queryset.filter(**{f"{code_field}__within": scope.region_code})
    if scope.region_code:
        is_grid = len(scope.region_code) == 15
        path = grid_path if is_grid and grid_path is not None else region_path
        return queryset.filter(**{_join(path, "code__prefix"): scope.region_code})
    if scope.household_id and household_path is not None:
        return queryset.filter(**{_join(household_path, "pk"): scope.household_id})
    return queryset.none()


def region_scope_q(user) -> Q:
    """Regions a user may see: their scope, and the regions above it so that names and paths show."""
    scope = scope_of(user)
    if scope.everything:
        return Q()
    code = scope.region_code
    if scope.household_id:
        person = user.person
        code = person.grid.code if person.grid_id else person.region.code
    if not code:
        return Q(pk__in=[])
    ancestors = [code[:length] for length in (2, 4, 6, 9, 12) if length < len(code)]
    return Q(code__in=ancestors) | (Q(code__prefix=code) if not scope.household_id else Q(code=code))
