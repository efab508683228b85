"""Writes of the service hall: submitting applications and moving them through the workflow."""

import math
import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.models import Role, User
from shequ.core.audit import audit_actor
from shequ.core.events import event_record
from shequ.core.text import json_limits_check, json_text_clean, note_clean
from shequ.core.uploads import CheckedFile, uploads_check
from shequ.core.workdays import workdays_between
from shequ.core.workflow import workday_deadlines
from shequ.notifications.messages import localized_param
from shequ.notifications.services import notification_send
from shequ.residents.models import Person
from shequ.residents.selectors import own_person
from shequ.services.admission import application_admit
from shequ.services.chain import chain_check, level_days, next_level, previous_level
from shequ.services.duplicates import duplicate_refusal, open_application_of
from shequ.services.eligibility import eligibility_failures
from shequ.services.family import NotAuthorised, application_recipients, may_apply_for
from shequ.services.materials import deferred_materials_notify
from shequ.services.models import Application, ApplicationEvent, ApplicationFile, Channel, ServiceItem
from shequ.services.signals import application_transitioned
from shequ.services.workflow import APPLICATION_WORKFLOW, RESIDENT, SYSTEM, WORKER, Move, Status

MAX_FILES = 10
MAX_MATERIALS = 50
WARN_AT = 0.8


def _schedule(application: Application) -> None:
    """Set the due date and the 80% warning date from the clock of the current level; leave both
    empty while paused or when the year's holiday schedule is unknown (the workbench then says which
    year is missing)."""
    application.due_date = application.warn_date = application.calendar_missing = None
    if application.paused_since is not None:
        return
    # The current level's days, from the day the application arrived there (one level: the promised days).
    promised, paused = level_days(application), application.paused_workdays
    start = application.level_started_on or application.clock_started_on
    dates, missing = workday_deadlines(start, due=promised + paused, warn=math.ceil(promised * WARN_AT) + paused)
    # Both dates or neither: a warning date without its due date would misplace the application in the queues.
    if missing is None:
        application.due_date, application.warn_date = dates["due"], dates["warn"]
    application.calendar_missing = missing


def _files_check(files: list[UploadedFile]) -> list[CheckedFile]:
    return uploads_check(files, max_files=MAX_FILES)


def _files_save(application: Application, checked: list[CheckedFile], acting_user: User, material: str = "") -> None:
    for upload in checked:
        ApplicationFile.objects.create(
            application=application,
            material=material,
            file=upload.stored_file(),
            original_name=upload.display_name,
            content_type=upload.content_type,
            size=len(upload.content),
            uploaded_by=acting_user,
        )


def application_data_clean(data) -> dict:
    """The application's form content within its limits (SHEQU_APPLICATION_DATA_MAX_KB and _DEPTH),
    every text in it clean; one ValidationError on `data` otherwise."""
    if data is None:
        return {}
    try:
        if not isinstance(data, dict):
            raise ValidationError(_("申请内容应为键值对象"), code="invalid")
        json_limits_check(
            data, max_bytes=settings.APPLICATION_DATA_MAX_BYTES, max_depth=settings.APPLICATION_DATA_MAX_DEPTH
        )
        return json_text_clean(data)
    except ValidationError as error:
        raise ValidationError({"data": error.messages}) from error


def _notify_applicant(application: Application, key: str, **params) -> None:
    """Each step told to everyone who follows the application (services.family)."""
    for account in application_recipients(application):
        notification_send(
            user=account,
            key=key,
            params={"number": application.number, **params},
            link=reverse("services:my-application", args=[application.pk]),
        )


def application_submit(
    *,
    service: ServiceItem,
    applicant: Person,
    acting_user: User,
    data: dict | None = None,
    files: list[UploadedFile] | None = None,
    materials: dict[str, list[UploadedFile]] | None = None,
    materials_due_on: date | None = None,
    eligibility_override: str = "",
    today: date | None = None,
) -> Application:
    """A resident applies online, or a worker registers the application at the window. `materials`
    are the uploads by material field (services.materials); the checks are services.admission's."""
    files = files or []
    today = today or timezone.localdate()
    by_resident = may_apply_for(user=acting_user, person=applicant)
    if not by_resident and not acting_user.has_perm("services.register_application", applicant):
        # A resident applying for someone else is told why; anybody else is simply refused.
        if own_person(acting_user) is not None:
            raise NotAuthorised
        raise PermissionDenied
    if not service.active:
        raise ValidationError({"service": [_("该事项暂停办理")]})
    channel = Channel.ONLINE if by_resident else Channel.WINDOW
    if service.channel not in (channel, Channel.BOTH):
        raise ValidationError(
            {"service": [_("该事项只能到窗口办理") if channel == Channel.ONLINE else _("该事项只能在网上办理")]}
        )
    data = application_data_clean(data)
    checked_files = _files_check(files)
    admission = application_admit(
        service=service,
        applicant=applicant,
        by_resident=by_resident,
        materials=materials or {},
        materials_due_on=materials_due_on,
        eligibility_override=eligibility_override,
        today=today,
    )
    try:
        return _application_create(service, applicant, acting_user, channel, data, checked_files, admission, today)
    except IntegrityError:
        # A concurrent submission for the same person and item won (application_one_open_per_item).
        existing = open_application_of(applicant=applicant, service=service)
        if existing is None:
            raise
        raise duplicate_refusal(existing, by_resident=by_resident) from None


def _application_create(service, applicant, acting_user, channel, data, checked_files, admission, today):
    with transaction.atomic(), audit_actor(acting_user):
        application = Application(
            number=uuid.uuid4().hex[:24],
            service=service,
            applicant=applicant,
            **Application.placement(applicant=applicant, service=service),
            submitted_by=acting_user,
            channel=channel,
            data=data,
            clock_started_on=today,
            eligibility=admission.eligibility,
            eligibility_override=admission.eligibility_override,
            materials_deferred=admission.deferred,
            materials_due_on=admission.due_on,
        )
        _schedule(application)
        application.save()
        application.number = f"SQ{application.clock_started_on:%Y%m%d}{application.pk:07d}"
        application.save(update_fields=["number"])
        _files_save(application, checked_files, acting_user)
        for material, checked in admission.files.items():
            _files_save(application, checked, acting_user, material=material)
        ApplicationEvent.objects.create(
            application=application, to_status=Status.SUBMITTED, actor=acting_user, level=application.level
        )
        event_record(
            acting_user=acting_user,
            verb="application.submitted",
            target=application,
            region_code=applicant.region.code,
            data={"service": service.code, "channel": channel}
            | (
                {"materials_deferred": admission.deferred, "materials_due_on": str(admission.due_on)}
                if admission.deferred
                else {}
            ),
        )
        if admission.eligibility_override:
            event_record(
                acting_user=acting_user,
                verb="application.eligibility_overridden",
                target=application,
                region_code=applicant.region.code,
                reason=admission.eligibility_override,
                data={"failed": [result["code"] for result in eligibility_failures(admission.eligibility)]},
            )
        _notify_applicant(application, "services.application_submitted")
        if admission.deferred:
            deferred_materials_notify(application)
    return application


def material_download_record(*, material: ApplicationFile, acting_user: User) -> None:
    """A material file (an ID card scan, a certificate) leaves the system: audited like an export,
    with what the file is but not its name, which often carries the applicant's."""
    event_record(
        acting_user=acting_user,
        verb="application.material_downloaded",
        target=material.application,
        region_code=material.application.region.code,
        data={"file": material.pk, "content_type": material.content_type, "size": material.size},
    )


def application_transition(
    *,
    application: Application,
    to: str,
    acting_user: User,
    note: str = "",
    reason: str = "",
    legal_basis: str = "",
    materials: list[str] | None = None,
    files: list[UploadedFile] | None = None,
    today: date | None = None,
) -> Application:
    """Move an application one step along the workflow table."""
    today = today or timezone.localdate()
    files = files or []
    errors = {}
    texts = {"note": note, "reason": reason, "legal_basis": legal_basis}
    for name, value in texts.items():
        try:
            texts[name] = note_clean(value)
        except ValidationError as invalid:
            errors[name] = invalid.messages
    try:
        materials = [text for text in (note_clean(item) for item in materials or []) if text]
    except ValidationError as invalid:
        errors["materials"] = invalid.messages
    else:
        # One list, told once (一次告知): as long as a note at most, in a sensible number of items.
        if len(materials) > MAX_MATERIALS or sum(map(len, materials)) > settings.NOTE_MAX_CHARS:
            errors["materials"] = [
                _("需补正的材料最多 %(items)s 项、共 %(chars)s 字")
                % {"items": MAX_MATERIALS, "chars": settings.NOTE_MAX_CHARS}
            ]
    if errors:
        raise ValidationError(errors)
    note, reason, legal_basis = texts["note"], texts["reason"], texts["legal_basis"]
    with transaction.atomic(), audit_actor(acting_user):
        application = (
            Application.objects.select_for_update()
            .select_related("service", "applicant", "submitted_by")
            .get(pk=application.pk)
        )
        step = APPLICATION_WORKFLOW.step_for(application.status, to)
        if step.by == SYSTEM:
            raise APPLICATION_WORKFLOW.forbid(_("该步骤由系统按期执行"))
        is_handler = acting_user.has_perm("services.handle_application", application)
        by_applicant = step.by == RESIDENT and may_apply_for(user=acting_user, person=application.applicant)
        # Workers may take a resident's step for them at the window (materials brought in person).
        if not (is_handler or by_applicant):
            raise PermissionDenied
        if "reason" in step.requires and not reason:
            errors["reason"] = [_("请写明理由")]
        if "legal_basis" in step.requires and not legal_basis:
            errors["legal_basis"] = [_("请写明法律依据")]
        if "materials" in step.requires and not materials:
            errors["materials"] = [_("请一次性列明全部需补正的材料")]
        if errors:
            raise ValidationError(errors)
        chain_check(application, to)
        if to == Status.SUPPLEMENT_REQUESTED and application.history.filter(to_status=to).exists():
            raise APPLICATION_WORKFLOW.forbid(_("补正材料应一次性告知，不能再次要求补正"))
        checked_files = _files_check(files)

        previous, acting_level = application.status, application.level
        application.status = APPLICATION_WORKFLOW.status_after(previous, to)
        moved = _level_move(application, to, today)
        if to == Status.SUPPLEMENT_REQUESTED:
            application.paused_since = today
            application.supplement_materials = materials
        elif previous == Status.SUPPLEMENT_REQUESTED:
            application.paused_workdays += workdays_between(application.paused_since, today)
            application.paused_since = None
        if to in (Status.ACCEPTED, Status.COMPLETED, Status.REJECTED, Status.NOT_ACCEPTED) and step.by == WORKER:
            application.handled_by = acting_user
        if to == Status.COMPLETED:
            application.completed_at = timezone.now()
        _schedule(application)
        application.save()
        _files_save(application, checked_files, acting_user)
        details = {key: value for key, value in (("reason", reason), ("legal_basis", legal_basis)) if value}
        if materials:
            details["materials"] = materials
        ApplicationEvent.objects.create(
            application=application,
            from_status=previous,
            to_status=application.status,
            actor=acting_user,
            note=note,
            data=details | moved,
            level=acting_level,
            move=to if to in Move.values else "",
        )
        event_record(
            acting_user=acting_user,
            verb="application.transitioned",
            target=application,
            region_code=application.region.code,
            reason=reason,
            data={"from": previous, "to": to, "level": acting_level} | details | moved,
        )
        if to in Move.values:
            _notify_applicant(application, f"services.application_{to}", level=application.level)
        elif to == Status.COMPLETED and len(application.chain) > 1:
            _notify_applicant(application, "services.application_approved", level=acting_level)
        else:
            _notify_applicant(application, "services.application_transitioned", status=to)
        application_transitioned.send(
            Application, application=application, previous=previous, acting_user=acting_user, today=today
        )
    return application


def _level_move(application: Application, to: str, today: date) -> dict:
    """Forwarding or returning: the application arrives at the next or previous level today, whose
    clock starts afresh (any pause was the level it left). Returns what the history keeps of it."""
    if to not in Move.values:
        return {}
    left_due = application.due_date
    application.level = next_level(application) if to == Move.FORWARDED else previous_level(application)
    application.level_started_on = today
    application.paused_workdays = 0
    # A new level, a new clock: overdue at the level it left is not overdue here.
    application.escalated_at = None
    return {
        "to_level": application.level,
        "on": today.isoformat(),
        "left_due": left_due.isoformat() if left_due else None,
    }


def applications_escalate_overdue(*, today: date | None = None) -> int:
    """Hand every overdue open application to its township's staff (超期督办), once."""
    today = today or timezone.localdate()
    overdue = Application.objects.open().filter(due_date__lt=today, escalated_at__isnull=True)
    escalated = 0
    for application in overdue.select_related("region__parent", "service"):
        with transaction.atomic():
            claimed = Application.objects.filter(pk=application.pk, escalated_at__isnull=True).update(
                escalated_at=timezone.now()
            )
            if not claimed:  # another run got there first
                continue
            event_record(
                acting_user=None,
                verb="application.escalated",
                target=application,
                region_code=application.region.code,
                data={"due_date": application.due_date.isoformat(), "today": today.isoformat()},
            )
            township = application.region.parent
            for supervisor in User.objects.filter(role=Role.TOWNSHIP_STAFF, region=township, is_active=True):
                notification_send(
                    user=supervisor,
                    key="services.application_escalated",
                    params={
                        "number": application.number,
                        "service": localized_param(application.service, "name"),
                        "due": application.due_date.isoformat(),
                    },
                    link=reverse("services:work-application", args=[application.pk]),
                )
            escalated += 1
    return escalated


def applications_reschedule(*, year: int) -> int:
    """Compute the due dates that waited for `year`'s holiday schedule, once it has been entered;
    each applicant with an account is told the new date (when the transaction commits)."""
    changed = 0
    waiting = Application.objects.filter(calendar_missing=year).select_related("service", "applicant__account")
    for application in waiting:
        _schedule(application)
        application.save(update_fields=["due_date", "warn_date", "calendar_missing"])
        changed += 1
        account = application.applicant.account
        if account is not None and application.due_date is not None:
            notification_send(
                user=account,
                key="services.due_date_set",
                params={"number": application.number, "due": application.due_date.isoformat()},
                link=reverse("services:my-application", args=[application.pk]),
            )
    return changed
