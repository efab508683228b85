"""Who a notice is addressed to, as querysets of accounts (for the SMS of an urgent notice and the
reach per unit) and as a test of one reader (for the notices a reader sees)."""

from django.db.models import Exists, OuterRef, QuerySet

from shequ.accounts.models import STAFF_ROLES, Role, User
from shequ.participation.models import Audience, Notice
from shequ.regions.codes import ancestors_of
from shequ.residents.models import PersonTag


def _tagged_households(care_tag: str):
    tags = PersonTag.objects.filter(person__household_id=OuterRef("person__household_id"))
    return Exists(tags.filter(tag=care_tag) if care_tag else tags)


def audience_accounts(notice: Notice) -> QuerySet[User]:
    """The active accounts a notice is addressed to."""
    users = User.objects.filter(is_active=True)
    if notice.audience in (Audience.RESIDENTS, Audience.CARE_TAGGED):
        users = users.filter(role=Role.RESIDENT, person__scope_code__within=notice.scope_code)
        if notice.audience == Audience.CARE_TAGGED:
            users = users.filter(_tagged_households(notice.care_tag))
        return users
    roles = STAFF_ROLES if notice.audience == Audience.WORKERS else [Role.VOLUNTEER]
    return users.filter(role__in=roles, region__code__within=notice.scope_code)


def reader_code(user: User) -> str:
    """The most specific region of a reader: a resident's grid (else unit), an account's region."""
    if user.role == Role.RESIDENT:
        person = getattr(user, "person", None)
        return person.scope_code if person else ""
    return user.region.code if user.region_id else ""


def reader_audiences(user: User) -> list[str]:
    if user.role == Role.RESIDENT:
        person = getattr(user, "person", None)
        if person is None:
            return []
        tagged = PersonTag.objects.filter(person__household_id=person.household_id).exists()
        return [Audience.RESIDENTS, Audience.CARE_TAGGED] if tagged else [Audience.RESIDENTS]
    if user.role in STAFF_ROLES:
        return [Audience.WORKERS]
    if user.role == Role.VOLUNTEER:
        return [Audience.VOLUNTEERS]
    return []


def reader_regions(user: User) -> list[str]:
    code = reader_code(user)
    return ancestors_of(code, include_self=True) if code else []


def is_addressed_to(notice: Notice, user: User) -> bool:
    if notice.scope_code not in reader_regions(user) or notice.audience not in reader_audiences(user):
        return False
    if notice.audience == Audience.CARE_TAGGED and notice.care_tag:
        return PersonTag.objects.filter(person__household_id=user.person.household_id, tag=notice.care_tag).exists()
    return True
