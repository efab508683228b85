"""No duplicates: while a person has an open application for an item, or holds what an earlier one
granted (an active or suspended benefit), a second one is refused with a link to the existing one.
The unique constraint `application_one_open_per_item` makes the first hold under concurrent
submissions on every database; the check before it gives the friendly answer.

What a person holds is answered by the apps that grant it, through `holder_register` (benefits
imports services, never the other way round)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from shequ.core.errors import DomainError
from shequ.residents.models import Person
from shequ.services.models import Application, ServiceItem
from shequ.services.workflow import Status


class DuplicateApplication(DomainError):
    """409 with the existing application's id, number and page (`existing`): the open one, or the
    one that granted what the person holds (`holding`)."""

    api_status = 409
    api_code = "services.duplicate"

    def __init__(self, existing: Application, *, url: str, holding: bool = False):
        if holding:
            message = _("该居民已在享受该项待遇（办件 %(number)s），请勿重复申请")
        else:
            message = _("该居民已有一件正在办理的同类申请（%(number)s），请勿重复申请")
        super().__init__(
            message % {"number": existing.number},
            extra={"existing": {"id": existing.pk, "number": existing.number, "url": url}},
        )
        self.existing = existing
        self.url = url
        self.holding = holding


@dataclass(frozen=True)
class Holder:
    """An app that grants something lasting for some items: `covers(service)` says whether the item
    is one of them, `holding(person=, service=)` returns the application of what the person holds of
    it (None: nothing)."""

    covers: Callable[[ServiceItem], bool]
    holding: Callable[..., Application | None]


_holders: dict[str, Holder] = {}


def holder_register(name: str, *, covers: Callable[[ServiceItem], bool], holding: Callable[..., Application | None]):
    """Called from an AppConfig.ready; registering the same name again replaces it."""
    _holders[name] = Holder(covers=covers, holding=holding)


def holders_covering(service: ServiceItem) -> list[Holder]:
    return [holder for holder in _holders.values() if holder.covers(service)]


def holding_application_of(*, person: Person, service: ServiceItem) -> Application | None:
    """The application of what the person holds of the item (a benefit in payment or suspended)."""
    for holder in holders_covering(service):
        application = holder.holding(person=person, service=service)
        if application is not None:
            return application
    return None


def open_application_of(*, applicant: Person, service: ServiceItem) -> Application | None:
    # "Not finished", exactly as the constraint says it.
    unfinished = Application.objects.exclude(status__in=Status.final_states())
    return unfinished.filter(applicant=applicant, service=service).order_by("pk").first()


def duplicate_refusal(existing: Application, *, by_resident: bool, holding: bool = False) -> DuplicateApplication:
    """The refusal, linking to the page the person refused may open: the resident's or the worker's."""
    name = "services:my-application" if by_resident else "services:work-application"
    return DuplicateApplication(existing, url=reverse(name, args=[existing.pk]), holding=holding)


def duplicate_check(*, applicant: Person, service: ServiceItem, by_resident: bool) -> None:
    """Raises DuplicateApplication for an open application of the item, then for what it granted."""
    existing = open_application_of(applicant=applicant, service=service)
    if existing is not None:
        raise duplicate_refusal(existing, by_resident=by_resident)
    held = holding_application_of(person=applicant, service=service)
    if held is not None:
        raise duplicate_refusal(held, by_resident=by_resident, holding=True)
