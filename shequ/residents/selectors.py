"""Reads of the resident registry. Every function starts from `for_user`, so nothing leaves scope."""

import re

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from shequ.accounts.models import Role
from shequ.core.replicas import reads_from_replica
from shequ.regions.models import Region
from shequ.residents.choices import CareTag
from shequ.residents.derived import latest_birth_date_for_age
from shequ.residents.models import Household, Person

# At most the four characters every masked number shows: a fifth and sixth would be the birth day,
# and a day guessed by trying 31 tails would unmask the birth date the mask hides.
_ID_TAIL = re.compile(r"^\d{0,3}[\dxX]$")
_WHOLE_ID = re.compile(r"^\d{17}[\dX]$")
_LATIN = re.compile(r"^[a-zA-Z]+$")


# Up to this many matches a result page is sorted by name; beyond it, in the order of the index
# that found them (a surname alone across a county matches tens of thousands of people, and sorting
# them all for one page of 20 would cost more than the search).
SORT_BY_NAME_UP_TO = 2000


def own_person(user) -> Person | None:
    """The registry record a resident's own account is linked to (None for staff and unlinked accounts)."""
    if not getattr(user, "is_authenticated", False) or user.role != Role.RESIDENT:
        return None
    return getattr(user, "person", None)


def in_own_household(*, user, person: Person) -> bool:
    """Whether `person` is the resident themself or a member of their household, acting through their
    own resident account (staff acting for someone never count)."""
    own = own_person(user)
    return own is not None and own.household_id == person.household_id


def whole_id_number(query: str) -> str:
    """The ID number a search box was given whole ("" when it was given anything else)."""
    query = re.sub(r"\s+", "", query or "").upper()
    return query if _WHOLE_ID.match(query) else ""


def person_search(query: str) -> list[tuple[Q, tuple[str, ...]]]:
    """What one search box means, as (match, order its index delivers) in order of preference:
    Chinese characters match the start of the name; up to four characters the end of the ID number
    (no more than its masked form shows); a
    whole ID number that one person (callers go through `residents.services.person_find`, which
    limits and audits such searches); Latin letters the pinyin initials (zs for 张三) when short,
    the full pinyin (zhangs) when long — and the other reading when the first finds nobody.
    Each reading is one index's prefix range, never an OR of two, so a page stops after 20 rows."""
    query = re.sub(r"\s+", "", query or "")
    if not query:
        return [(Q(), ("scope_code", "name"))]
    if whole_id_number(query):
        return [(Q(id_number=query.upper()), ("name",))]
    if _ID_TAIL.match(query):
        return [(Q(id_tail_reversed__prefix=query.upper()[::-1]), ("id_tail_reversed", "scope_code"))]
    if _LATIN.match(query):
        letters = query.lower()
        initials = (Q(name_initials__prefix=letters), ("name_initials", "scope_code"))
        pinyin = (Q(name_pinyin__prefix=letters), ("name_pinyin", "scope_code"))
        return [initials, pinyin] if len(letters) <= 3 else [pinyin, initials]
    return [(Q(name__prefix=query), ("name", "scope_code"))]


def person_list(*, user, query: str = "", tag: str = "", region: Region | None = None) -> QuerySet[Person]:
    scoped = Person.objects.for_user(user)
    if tag:
        scoped = scoped.filter(tags__tag=tag) if tag in CareTag.values else scoped.none()
    if region is not None:
        scoped = scoped.filter(scope_code__within=region.code)
    (match, index_order), *other_readings = person_search(query)
    persons = scoped.filter(match)
    if other_readings and not persons.exists():
        match, index_order = other_readings[0]
        persons = scoped.filter(match)
    broad = persons.order_by()[: SORT_BY_NAME_UP_TO + 1].count() > SORT_BY_NAME_UP_TO
    ordering = (*index_order, "id") if broad else ("name", "scope_code", "id")
    # Households by id for the page's persons: a join would match the whole households table first.
    return persons.select_related("region", "grid").prefetch_related("household", "tags").order_by(*ordering)


_member_count = Coalesce(
    Subquery(
        Person.objects.filter(household=OuterRef("pk"))
        .order_by()
        .values("household")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    ),
    0,
)


def household_list(*, user, query: str = "", region: Region | None = None) -> QuerySet[Household]:
    households = Household.objects.for_user(user)
    if query:
        households = households.filter(Q(number__prefix=query.strip()) | Q(address__contains=query.strip()))
    if region is not None:
        households = households.filter(
            **({"grid": region} if region.level == "grid" else {"region__code__prefix": region.code})
        )
    return (
        households.select_related("region", "grid")
        # Counted per household of the page, not by grouping every member of the scope.
        .annotate(member_count=_member_count)
        .order_by("region__code", "number")
    )


@reads_from_replica()
def registry_summary(*, user) -> dict:
    """Counts for the workbench: households, persons and each care group within the user's scope
    (from a read replica where there is one)."""
    persons = Person.objects.for_user(user)
    tag_counts = dict(
        persons.filter(tags__isnull=False).values_list("tags__tag").annotate(count=Count("id")).order_by()
    )
    return {
        "households": Household.objects.for_user(user).count(),
        "persons": persons.count(),
        "tags": [(CareTag(code), tag_counts.get(code, 0)) for code in CareTag.values],
    }


def registry_gaps(*, user) -> dict:
    """Registry records that need a worker's attention: households without a head, persons without
    an ID number or phone."""
    households = Household.objects.for_user(user)
    persons = Person.objects.for_user(user)
    return {
        "households_without_head": households.exclude(members__relation="head").count(),
        "persons_without_id_number": persons.filter(id_number="").count(),
        "adults_without_phone": persons.filter(phone="", birth_date__lte=latest_birth_date_for_age(18)).count(),
    }
