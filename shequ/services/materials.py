"""The materials of an application: which the item requires, which the registry already holds, which
were uploaded, and 容缺受理 (accepted at the window while some follow by a promised date).

An upload is matched to a material by its field: the item's materials are numbered in their order
(`material_0`, `material_1`, …), the form has one file field per material and the API takes the
same multipart field names (listed per item as `material_uploads` in the catalogue API). Materials
the registry holds (`ServiceItem.registry_materials`, e.g. the ID card when the person's ID number
is registered) have no field and are never asked for.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.models import User
from shequ.core.audit import audit_actor
from shequ.core.errors import DomainError
from shequ.core.events import event_record
from shequ.notifications.services import notification_send
from shequ.residents.models import Person
from shequ.services.models import Application, ApplicationEvent, ServiceItem
from shequ.services.workflow import APPLICATION_WORKFLOW, Status

# How the registry holds a material, by the source named in `ServiceItem.registry_materials`.
REGISTRY_SOURCES: dict[str, Callable[[Person], bool]] = {
    "id_card": lambda person: bool(person.id_number),
    "household_book": lambda person: person.county_hukou,
}
# The resident is reminded this many days before the promised date of deferred materials.
REMIND_DAYS_BEFORE = 2


class MaterialsMissing(DomainError):
    """Required materials were not uploaded: 400 with their names in the user's language."""

    api_status = 400
    api_code = "services.materials_missing"

    def __init__(self, missing: list["Requirement"], *, message: str = ""):
        labels = [requirement.label for requirement in missing]
        message = message or _("缺少申请材料：%(materials)s") % {"materials": "、".join(labels)}
        super().__init__(message, extra={"missing": labels})
        self.missing = missing


@dataclass(frozen=True)
class Requirement:
    field: str  # the upload's field name
    name: str  # the Chinese name, as stored on the files and the case
    label: str  # the name in the active language
    from_registry: str  # the registry source that satisfies it, or ""


def material_requirements(service: ServiceItem) -> list[Requirement]:
    labels = service.localized_materials
    registry = service.registry_materials or {}
    return [
        Requirement(
            field=f"material_{index}",
            name=name,
            label=labels[index] if index < len(labels) else name,
            from_registry=registry.get(name, ""),
        )
        for index, name in enumerate(service.materials)
    ]


def _held_by_registry(requirement: Requirement, person: Person) -> bool:
    source = REGISTRY_SOURCES.get(requirement.from_registry)
    return source is not None and source(person)


def materials_missing(
    *, service: ServiceItem, applicant: Person, uploads: dict[str, list[UploadedFile]]
) -> list[Requirement]:
    """The required materials neither uploaded nor held by the registry for this person."""
    return [
        requirement
        for requirement in material_requirements(service)
        if not uploads.get(requirement.field) and not _held_by_registry(requirement, applicant)
    ]


def material_uploads_of(files) -> dict[str, list[UploadedFile]]:
    """The material uploads of a request's files (a MultiValueDict), by field."""
    return {key: files.getlist(key) for key in files if key.startswith("material_")}


def _notify(application: Application, key: str, **params) -> None:
    account = application.applicant.account
    if account is not None:
        notification_send(
            user=account,
            key=key,
            params={"number": application.number, **params},
            link=reverse("services:my-application", args=[application.pk]),
        )


def deferred_materials_notify(application: Application) -> None:
    """Tell the resident what is still to come and by when (at the window and again before the date)."""
    _notify(
        application,
        "services.materials_deferred",
        count=len(application.materials_deferred),
        due=application.materials_due_on.isoformat(),
    )


def deferred_materials_receive(
    *, application: Application, uploads: dict[str, list[UploadedFile]], acting_user: User
) -> Application:
    """The resident brings (or uploads) deferred materials: each one received leaves the list, and
    the promise ends when none is left."""
    from shequ.services.services import _files_check, _files_save

    if not acting_user.has_perm("services.handle_application", application):
        raise PermissionDenied
    fields = {requirement.name: requirement.field for requirement in material_requirements(application.service)}
    with transaction.atomic(), audit_actor(acting_user):
        application = Application.objects.select_for_update().select_related("region").get(pk=application.pk)
        received = [name for name in application.materials_deferred if uploads.get(fields.get(name, ""))]
        if not received:
            raise ValidationError({"materials": [_("请上传容缺的材料")]})
        for name in received:
            _files_save(application, _files_check(uploads[fields[name]]), acting_user, material=name)
        application.materials_deferred = [name for name in application.materials_deferred if name not in received]
        if not application.materials_deferred:
            application.materials_due_on = application.materials_reminded_on = None
        application.save(update_fields=["materials_deferred", "materials_due_on", "materials_reminded_on"])
        event_record(
            acting_user=acting_user,
            verb="application.deferred_materials_received",
            target=application,
            region_code=application.region.code,
            data={"received": received, "still_missing": application.materials_deferred},
        )
    return application


def applications_deferred_materials_check(*, today: date | None = None) -> dict[str, int]:
    """The daily run of 容缺受理: remind residents whose promised date is near (once), and send each
    case whose date has passed with materials still missing back to 待补正 (supplement_requested),
    where the deferred materials become the list to supply."""
    today = today or timezone.localdate()
    waiting = Application.objects.open().filter(materials_due_on__isnull=False)
    reminded = returned = 0
    near = waiting.filter(
        materials_due_on__gte=today,
        materials_due_on__lte=today + timedelta(days=REMIND_DAYS_BEFORE),
        materials_reminded_on__isnull=True,
    )
    for application in near.select_related("applicant__account"):
        claimed = Application.objects.filter(pk=application.pk, materials_reminded_on__isnull=True).update(
            materials_reminded_on=today
        )
        if claimed:  # another run may have reminded them first
            deferred_materials_notify(application)
            reminded += 1
    for candidate in waiting.filter(materials_due_on__lt=today).values_list("pk", flat=True):
        returned += _deferred_materials_overdue(candidate, today)
    return {"reminded": reminded, "returned": returned}


def _deferred_materials_overdue(pk: int, today: date) -> int:
    from shequ.services.services import _schedule  # the clock, shared with the workflow's steps

    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("service", "applicant", "region").get(pk=pk)
        )
        if application.materials_due_on is None or application.status not in Status.open_states():
            return 0  # received or moved on since the list was read
        APPLICATION_WORKFLOW.step_for(application.status, Status.SUPPLEMENT_REQUESTED)
        previous, details = (
            application.status,
            {
                "materials": application.materials_deferred,
                "materials_due_on": application.materials_due_on.isoformat(),
            },
        )
        application.status = Status.SUPPLEMENT_REQUESTED
        application.paused_since = today
        application.supplement_materials = application.materials_deferred
        application.materials_deferred, application.materials_due_on = [], None
        _schedule(application)
        application.save()
        # The history names the worker who accepted on the promise; the audit says no one acted.
        ApplicationEvent.objects.create(
            application=application,
            from_status=previous,
            to_status=Status.SUPPLEMENT_REQUESTED,
            actor_id=application.submitted_by_id,
            note=_("容缺材料未在承诺日期前补齐"),
            data=details,
        )
        event_record(
            acting_user=None,
            verb="application.deferred_materials_overdue",
            target=application,
            region_code=application.region.code,
            data={"from": previous} | details,
        )
        _notify(application, "services.application_transitioned", status=Status.SUPPLEMENT_REQUESTED)
    return 1
