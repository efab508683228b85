"""Reads of the worker's case page: what a worker needs to decide, masked as every screen is
(birth year and age, masked ID number and phone; never the birth date or the whole number)."""

from dataclasses import dataclass

from shequ.core.uploads import INLINE_TYPES
from shequ.residents.models import Household, Person
from shequ.services.family import SubmittedBy, submitted_by_kind
from shequ.services.models import Application, ApplicationFile


@dataclass(frozen=True)
class Material:
    file: ApplicationFile

    @property
    def is_image(self) -> bool:
        """Images are shown inline as thumbnails; PDFs are links (both through the audited download)."""
        return self.file.content_type in INLINE_TYPES


@dataclass(frozen=True)
class Case:
    applicant: Person
    household: Household
    members: list[Person]
    care_tags: list[str]
    submitted_by: str
    submitted_by_label: str
    materials: list[Material]


def application_case(*, application: Application) -> Case:
    """The applicant, their household with its members, their care tags, who submitted it and the
    materials: a fixed number of queries, whatever the household's or the materials' number."""
    applicant = (
        Person.objects.select_related("household", "household__region", "household__grid")
        .prefetch_related("tags")
        .get(pk=application.applicant_id)
    )
    members = list(applicant.household.members.order_by("birth_date", "id"))
    kind = submitted_by_kind(application)
    return Case(
        applicant=applicant,
        household=applicant.household,
        members=members,
        care_tags=applicant.get_tag_labels(),
        submitted_by=kind,
        submitted_by_label=str(SubmittedBy.LABELS[kind]),
        materials=[Material(file) for file in application.files.all()],
    )
