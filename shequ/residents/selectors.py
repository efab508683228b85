"""Reads of the resident registry. Every function starts from `for_user`, so nothing leaves scope."""

import re
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from shequ.regions.models import Region
from shequ.residents.choices import CareTag
from shequ.residents.models import Household, Person

_ID_TAIL = re.compile(r"^\d{1,5}[\dxX]?$")
_LATIN = re.compile(r"^[a-zA-Z]+$")


def person_search_q(query: str) -> Q:
    """What one search box means: Chinese characters match the start of the name; Latin letters
    match pinyin initials (zs for 张三) or the full pinyin; up to six digits match the end of the ID
    number; eighteen characters match a whole ID number."""
    query = re.sub(r"\s+", "", query or "")
    if not query:
        return Q()
    if len(query) == 18:
        return Q(id_number=query.upper())
    if _ID_TAIL.match(query) and len(query) <= 6:
        return Q(id_tail_reversed__prefix=query.upper()[::-1])
    if _LATIN.match(query):
        letters = query.lower()
        return Q(name_initials__prefix=letters) | Q(name_pinyin__prefix=letters)
    return Q(name__prefix=query)


def person_list(*, user, query: str = "", tag: str = "", region: Region | None = None) -> QuerySet[Person]:
    persons = Person.objects.for_user(user).filter(person_search_q(query))
    if tag:
        persons = persons.filter(tags__tag=tag) if tag in CareTag.values else persons.none()
    if region is not None:
        persons = persons.filter(
            **({"grid": region} if region.level == "grid" else {"region__code__prefix": region.code})
        )
    return persons.select_related("region", "grid", "household").prefetch_related("tags").order_by("name", "id")


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
        .annotate(member_count=Count("members"))
        .order_by("region__code", "number")
    )


def registry_summary(*, user) -> dict:
    """Counts for the workbench: households, persons and each care group within the user's scope."""
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
        "adults_without_phone": persons.filter(phone="", birth_date__lte=_years_ago(18)).count(),
    }


def _years_ago(years: int) -> date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)
