"""No duplicates: while a person has an open application for an item, a second one is refused with
a link to the first. The unique constraint `application_one_open_per_item` makes this hold under
concurrent submissions on every database; the check before it gives the friendly answer."""

from django.urls import reverse
from django.utils.translation import gettext as _

from shequ.core.errors import DomainError
from shequ.residents.models import Person
from shequ.services.models import Application, ServiceItem
from shequ.services.workflow import Status


class DuplicateApplication(DomainError):
    """409 with the open application's id, number and page (`existing`)."""

    api_status = 409
    api_code = "services.duplicate"

    def __init__(self, existing: Application, *, url: str):
        super().__init__(
            _("该居民已有一件正在办理的同类申请（%(number)s），请勿重复申请") % {"number": existing.number},
            extra={"existing": {"id": existing.pk, "number": existing.number, "url": url}},
        )
        self.existing = existing
        self.url = url


def open_application_of(*, applicant: Person, service: ServiceItem) -> Application | None:
    # "Not finished", exactly as the constraint says it.
    unfinished = Application.objects.exclude(status__in=Status.final_states())
    return unfinished.filter(applicant=applicant, service=service).order_by("pk").first()


def duplicate_refusal(existing: Application, *, by_resident: bool) -> DuplicateApplication:
    """The refusal, linking to the page the person refused may open: the resident's or the worker's."""
    name = "services:my-application" if by_resident else "services:work-application"
    return DuplicateApplication(existing, url=reverse(name, args=[existing.pk]))
