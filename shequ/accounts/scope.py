"""Row-level scope: which records of the county a user may see, count, export or change.

There is one rule, applied by every model's `for_user(user)` (a `RegionScopedQuerySet`) and by the
`in_scope` predicate: staff see the region they are bound to and everything below it (a grid
worker: the grid); a resident sees their own household; everybody else sees no registry records.
Administrative codes nest by prefix, so "below" is a prefix match on the region code.

Two exceptions, each named by the model it applies to: county department staff see only the rows
of their own department (`department_path`; 县民政局, which leads the community service system, may
be exempted with `departments_seeing_all`), and service-provider accounts see the rows of the
providers they act for (`provider_path`) and nothing else.
"""

import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Q, QuerySet

from shequ.regions.codes import Level, ancestors_of, is_within, level_of


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    region_code: str | None = None
    household_id: int | None = None
    # A resident's own village-level unit (the slots they may book are offered there).
    resident_unit_id: int | None = None
    # County department staff: their department; None for everyone else.
    department: str | None = None
    # A service-provider account: its own id.
    provider_account_id: int | None = None


NOTHING = Scope()
# The cached code of a staff user's region (see _region_code_of): its version changes with any region.
REGIONS_VERSION_KEY = "accounts:regions-version"
# The longest a cached code is kept: the bound for bulk changes of regions that send no signal.
REGION_CODE_SECONDS = 300


def scope_of(user) -> Scope:
    from shequ.accounts.models import STAFF_ROLES, Role

    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return Scope(everything=True)
    if user.role in STAFF_ROLES:
        if not user.region_id:
            return NOTHING
        department = user.department if user.role == Role.COUNTY_STAFF else None
        return Scope(region_code=_region_code_of(user), department=department)
    if user.role == Role.RESIDENT:
        person = getattr(user, "person", None)
        return Scope(household_id=person.household_id, resident_unit_id=person.region_id) if person else NOTHING
    if user.role == Role.PROVIDER:
        return Scope(provider_account_id=user.pk)
    return NOTHING


def _region_code_of(user) -> str:
    """The code of the staff user's region: from the loaded region if there is one, else from the
    cache (a query on every request otherwise, for the one column the scope needs). Keyed by the
    region's id and the regions' version, which any saved or deleted region replaces."""
    from shequ.accounts.models import User

    if User.region.is_cached(user):
        return user.region.code
    from shequ.regions.models import Region

    version = cache.get_or_set(REGIONS_VERSION_KEY, time.time_ns, None)
    key = f"accounts:region-code:{user.region_id}:{version}"
    code = cache.get(key)
    if code is None:
        code = Region.objects.values_list("code", flat=True).get(pk=user.region_id)
        cache.set(key, code, REGION_CODE_SECONDS)
    return code


def regions_changed(**kwargs) -> None:
    """Receiver of Region's post_save and post_delete: every cached region code is stale."""
    cache.set(REGIONS_VERSION_KEY, time.time_ns(), None)


def covers(user, region) -> bool:
    """Whether `region` lies within the user's own region (the regions above it do not)."""
    scope = scope_of(user)
    return scope.everything or bool(scope.region_code and is_within(region.code, scope.region_code))


def _join(*parts: str) -> str:
    return "__".join(part for part in parts if part)


class RegionScopedQuerySet(QuerySet):
    """Rows of a model that a user may see: `Model.objects.for_user(user)`.

    A model's queryset subclasses this and names how its rows reach the scope:
    """

    # The path to the row's village-level unit ("" for Region itself).
    region_path: str = "region"
    # The path to its grid; None where the model has none (a grid worker then sees none of its rows).
    grid_path: str | None = None
    # The path to its household ("" for Household itself); None: residents see no rows.
    household_path: str | None = None
    # A column of the row's own holding its most specific region code: filtered without a join.
    code_field: str | None = None
    # County department staff see only rows whose department (at this path) is theirs…
    department_path: str | None = None
    # …unless their department is one of these.
    departments_seeing_all: frozenset[str] = frozenset()
    # The path to the accounts of the row's provider; None: provider accounts see no rows.
    provider_path: str | None = None
    # The path to a unit whose rows a resident sees besides their household's (bookable slots).
    resident_unit_path: str | None = None

    def for_user(self, user):
        return self.within(scope_of(user))

    def within(self, scope: Scope):
        if scope.everything:
            return self
        if scope.provider_account_id:
            return self.filter(**{self.provider_path: scope.provider_account_id}) if self.provider_path else self.none()
        if scope.region_code:
            rows = self._in_region(scope.region_code)
            if self.department_path and scope.department is not None:
                if scope.department not in self.departments_seeing_all:
                    rows = rows.filter(**{self.department_path: scope.department})
            return rows
        if scope.household_id and self.household_path is not None:
            return self.filter(**{_join(self.household_path, "pk"): scope.household_id})
        if scope.resident_unit_id and self.resident_unit_path is not None:
            return self.filter(**{_join(self.resident_unit_path, "pk"): scope.resident_unit_id})
        return self.none()

    def _in_region(self, region_code: str):
        if self.code_field:
            return self.filter(**{f"{self.code_field}__within": region_code})
        is_grid = level_of(region_code) == Level.GRID
        path = self.grid_path if is_grid and self.grid_path is not None else self.region_path
        return self.filter(**{_join(path, "code__prefix"): region_code})


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
    return Q(code__in=ancestors_of(code)) | (Q(code__prefix=code) if not scope.household_id else Q(code=code))
