"""What an application must meet before it is received, in the order a resident would want to hear
it: no open application for the same item already (409), the item's conditions against the registry,
then its materials. A worker at the window may go further than a resident online: accept with a
written reason despite a failed condition, and accept while materials follow by a promised date
(容缺受理) where the item allows it."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from shequ.core.text import note_clean
from shequ.core.uploads import CheckedFile
from shequ.residents.models import Person
from shequ.services.duplicates import duplicate_check
from shequ.services.eligibility import NotEligible, eligibility_check, eligibility_failures
from shequ.services.materials import MaterialsMissing, material_requirements, materials_missing
from shequ.services.models import ServiceItem

# The latest promised date of 容缺受理, in days from the day of receipt.
MAX_DEFERRAL_DAYS = 30


@dataclass
class Admission:
    eligibility: list[dict]
    eligibility_override: str = ""
    deferred: list[str] = field(default_factory=list)
    due_on: date | None = None
    # material name → its checked files
    files: dict[str, list[CheckedFile]] = field(default_factory=dict)


def application_admit(
    *,
    service: ServiceItem,
    applicant: Person,
    by_resident: bool,
    materials: dict[str, list[UploadedFile]],
    materials_due_on: date | None,
    eligibility_override: str,
    today: date,
) -> Admission:
    """The checks of one submission; raises DuplicateApplication, NotEligible, MaterialsMissing or a
    ValidationError on the worker's fields."""
    from shequ.services.services import _files_check  # every upload is checked the same way

    duplicate_check(applicant=applicant, service=service, by_resident=by_resident)
    admission = Admission(eligibility=eligibility_check(service=service, person=applicant, today=today))
    failures = eligibility_failures(admission.eligibility)
    if failures:
        reason = "" if by_resident else note_clean(eligibility_override or "")
        if not reason:
            raise NotEligible(failures)
        admission.eligibility_override = reason
    missing = materials_missing(service=service, applicant=applicant, uploads=materials)
    if missing:
        _defer(admission, service, missing, by_resident=by_resident, due_on=materials_due_on, today=today)
    names = {requirement.field: requirement.name for requirement in material_requirements(service)}
    admission.files = {
        names[key]: _files_check(uploads) for key, uploads in materials.items() if key in names and uploads
    }
    return admission


def _defer(admission: Admission, service: ServiceItem, missing, *, by_resident: bool, due_on, today: date) -> None:
    if by_resident or due_on is None:
        raise MaterialsMissing(missing)
    if not service.deferral_allowed:
        labels = [requirement.label for requirement in missing]
        raise MaterialsMissing(
            missing, message=_("该事项不能容缺受理，缺少申请材料：%(materials)s") % {"materials": "、".join(labels)}
        )
    if not today < due_on <= today + timedelta(days=MAX_DEFERRAL_DAYS):
        raise ValidationError(
            {"materials_due_on": [_("承诺补齐日期应在今后 %(days)s 天之内") % {"days": MAX_DEFERRAL_DAYS}]}
        )
    admission.deferred = [requirement.name for requirement in missing]
    admission.due_on = due_on
