"""Writes of mediation cases and legal services. Every write checks the acting user's permission,
writes its audit event in the same transaction, and a case's steps go through the transition table
(workflow.py) with a history row each."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.models import User
from shequ.accounts.scope import covers
from shequ.core.audit import audit_actor
from shequ.core.events import event_record
from shequ.core.text import note_clean, text_clean
from shequ.core.uploads import upload_check, uploads_check
from shequ.incidents.models import Incident
from shequ.mediation.models import (
    DisputeType,
    LegalAdviser,
    LegalConsultation,
    MediationCase,
    MediationEvent,
    MediationParty,
    MediationSession,
    PartyRole,
    PublicityActivity,
    PublicityKind,
    PublicityPhoto,
)
from shequ.mediation.selectors import adviser_on, mediator_choices
from shequ.mediation.workflow import MEDIATION_WORKFLOW, Status
from shequ.regions.codes import Level
from shequ.regions.models import Region
from shequ.residents.models import Person

# The incident category group whose cases may be handed to people's mediation (矛盾纠纷).
DISPUTE_CATEGORY_GROUP = "01"
MAX_PHOTOS = 6


@dataclass(frozen=True)
class PartyData:
    role: str
    name: str
    phone: str = ""


def _require(acting_user: User, permission: str, obj=None) -> None:
    if not acting_user.has_perm(permission, obj):
        raise PermissionDenied


def _unit_check(acting_user: User, unit: Region) -> None:
    if unit.level != Level.VILLAGE:
        raise ValidationError({"unit": [_("请选择村（社区）")]})
    if not covers(acting_user, unit):
        raise PermissionDenied


def _parties_clean(parties: list[PartyData]) -> list[PartyData]:
    cleaned, errors = [], []
    for party in parties:
        try:
            name = text_clean(party.name or "", max_length=40)
            phone = text_clean(party.phone or "", max_length=20)
        except ValidationError as invalid:
            errors.extend(invalid.messages)
            continue
        if not name:
            continue
        if party.role not in PartyRole.values:
            errors.append(_("请选择当事人身份"))
        elif phone and not phone.replace("-", "").isdigit():
            errors.append(_("联系电话只能包含数字"))
        else:
            cleaned.append(PartyData(role=party.role, name=name, phone=phone))
    if errors:
        raise ValidationError({"parties": errors})
    return cleaned


def _mediator_clean(unit: Region, mediator_name: str, mediator: User | None) -> str:
    if mediator is not None:
        if not mediator_choices(unit=unit).filter(pk=mediator.pk).exists():
            raise ValidationError({"mediator": [_("调解员应为本村（社区）人民调解委员会成员")]})
        mediator_name = mediator_name or mediator.get_full_name() or mediator.username
    mediator_name = text_clean(mediator_name or "", max_length=40)
    if not mediator_name:
        raise ValidationError({"mediator_name": [_("请填写调解员")]})
    return mediator_name


def _history(case: MediationCase, previous: str, acting_user: User, note: str = "", **data) -> None:
    MediationEvent.objects.create(
        case=case, from_status=previous, to_status=case.status, actor=acting_user, note=note, data=data
    )


def _event(case: MediationCase, verb: str, acting_user: User, **data) -> None:
    event_record(acting_user=acting_user, verb=verb, target=case, region_code=case.scope_code, data=data)


def mediation_case_create(
    *,
    unit: Region,
    dispute_type: DisputeType,
    summary: str,
    mediator_name: str,
    acting_user: User,
    parties: list[PartyData] | None = None,
    mediator: User | None = None,
    accepted_on: date | None = None,
    incident: Incident | None = None,
) -> MediationCase:
    """Accept a dispute for mediation in a unit of the user's scope (受理)."""
    _require(acting_user, "mediation.add_mediationcase")
    _unit_check(acting_user, unit)
    errors: dict[str, list[str]] = {}
    try:
        summary = note_clean(summary)
    except ValidationError as invalid:
        errors["summary"] = invalid.messages
    if not summary and "summary" not in errors:
        errors["summary"] = [_("请填写纠纷简要情况")]
    try:
        mediator_name = _mediator_clean(unit, mediator_name, mediator)
    except ValidationError as invalid:
        errors |= invalid.message_dict
    try:
        parties = _parties_clean(parties or [])
    except ValidationError as invalid:
        errors |= invalid.message_dict
    today = timezone.localdate()
    accepted_on = accepted_on or today
    if accepted_on > today:
        errors["accepted_on"] = [_("受理日期不能晚于今天")]
    if not dispute_type.active:
        errors["dispute_type"] = [_("请选择纠纷类型")]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic(), audit_actor(acting_user):
            case = MediationCase.objects.create(
                unit=unit,
                dispute_type=dispute_type,
                summary=summary,
                mediator_name=mediator_name,
                mediator=mediator,
                incident=incident,
                accepted_on=accepted_on,
                created_by=acting_user,
            )
            MediationParty.objects.bulk_create(
                MediationParty(case=case, role=party.role, name=party.name, phone=party.phone) for party in parties
            )
            _history(case, "", acting_user)
            _event(case, "mediation_case.created", acting_user, incident=incident.pk if incident else None)
    except IntegrityError as clash:  # another request handed the same incident over first
        raise ValidationError({"incident": [_("该事件已转人民调解")]}) from clash
    return case


def mediation_case_from_incident(
    *,
    incident: Incident,
    dispute_type: DisputeType,
    mediator_name: str,
    acting_user: User,
    mediator: User | None = None,
) -> MediationCase:
    """转人民调解: a dispute incident (矛盾纠纷) of the user's scope becomes a mediation case of its unit,
    in one step; the incident keeps its own workflow and links to the case."""
    if not Incident.objects.for_user(acting_user).filter(pk=incident.pk).exists():
        raise PermissionDenied
    if incident.category.parent is None or incident.category.parent.code != DISPUTE_CATEGORY_GROUP:
        raise ValidationError({"incident": [_("只有矛盾纠纷类事件可以转人民调解")]})
    if MediationCase.objects.filter(incident=incident).exists():
        raise ValidationError({"incident": [_("该事件已转人民调解")]})
    return mediation_case_create(
        unit=incident.region,
        dispute_type=dispute_type,
        summary=incident.description,
        mediator_name=mediator_name,
        mediator=mediator,
        incident=incident,
        acting_user=acting_user,
    )


def mediation_party_add(*, case: MediationCase, party: PartyData, acting_user: User) -> MediationParty:
    _require(acting_user, "mediation.change_mediationcase", case)
    if case.status not in (Status.ACCEPTED, Status.MEDIATING):
        raise MEDIATION_WORKFLOW.forbid(_("调解已结束，不能再添加当事人"))
    cleaned = _parties_clean([party])
    if not cleaned:
        raise ValidationError({"name": [_("请填写当事人姓名")]})
    with transaction.atomic(), audit_actor(acting_user):
        row = MediationParty.objects.create(case=case, **cleaned[0].__dict__)
    return row


def mediation_session_record(
    *, case: MediationCase, held_on: date, place: str, notes: str, acting_user: User
) -> MediationSession:
    """A session of mediation (date, place, what was said and agreed); only while the case is open."""
    _require(acting_user, "mediation.change_mediationcase", case)
    if case.status not in (Status.ACCEPTED, Status.MEDIATING):
        raise MEDIATION_WORKFLOW.forbid(_("调解已结束，不能再记录调解过程"))
    errors: dict[str, list[str]] = {}
    try:
        place = text_clean(place or "", max_length=100)
    except ValidationError as invalid:
        errors["place"] = invalid.messages
    if not place and "place" not in errors:
        errors["place"] = [_("请填写调解地点")]
    try:
        notes = note_clean(notes)
    except ValidationError as invalid:
        errors["notes"] = invalid.messages
    if held_on > timezone.localdate():
        errors["held_on"] = [_("调解日期不能晚于今天")]
    elif held_on < case.accepted_on:
        errors["held_on"] = [_("调解日期不能早于受理日期")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), audit_actor(acting_user):
        session = MediationSession.objects.create(
            case=case, held_on=held_on, place=place, notes=notes, recorded_by=acting_user
        )
        _event(case, "mediation_case.session_recorded", acting_user, session=session.pk)
    return session


def mediation_case_transition(
    *, case: MediationCase, to: str, acting_user: User, note: str = "", agreement: UploadedFile | None = None
) -> MediationCase:
    """One step of the table. 调解成功 may carry the written agreement (PDF or a photo of it);
    不成功 and 终止 need the reason, 已履行 the account of how it was performed (履行情况)."""
    step = MEDIATION_WORKFLOW.step_for(case.status, to)
    if not acting_user.has_perm("mediation.change_mediationcase", case):
        raise MEDIATION_WORKFLOW.forbid(_("您不能办理该调解案件"))
    note = note_clean(note)
    if "reason" in step.requires and not note:
        raise ValidationError({"note": [_("请填写%(label)s") % {"label": step.note_label}]})
    checked = upload_check(agreement, max_bytes=settings.UPLOAD_MAX_BYTES) if agreement is not None else None
    if checked is not None and to != Status.AGREED:
        raise ValidationError({"agreement": [_("调解成功时才能上传调解协议书")]})
    with transaction.atomic(), audit_actor(acting_user):
        case = MediationCase.objects.select_for_update().get(pk=case.pk)
        MEDIATION_WORKFLOW.step_for(case.status, to)  # again, under the lock
        previous, case.status = case.status, to
        if to in (Status.AGREED, Status.FAILED, Status.TERMINATED):
            case.outcome_note = note
            case.closed_at = timezone.now()
        if to == Status.FULFILLED:
            case.fulfilment = note
        if checked is not None:
            stored = checked.stored_file()
            case.agreement_file.save(stored.name, stored, save=False)
            case.agreement_name, case.agreement_type = checked.display_name, checked.content_type
        case.save()
        _history(case, previous, acting_user, note, agreement=checked is not None)
        _event(case, "mediation_case.transitioned", acting_user, to=to, previous=previous)
    return case


def mediation_party_reveal(*, party: MediationParty, reason: str, acting_user: User) -> tuple[str, str]:
    """A party's full name and phone; the reveal itself (who, whose, when, why) is audited."""
    _require(acting_user, "mediation.reveal_party", party.case)
    reason = note_clean(reason)
    if len(reason) < 2:
        raise ValidationError({"reason": [_("请填写查看理由")]})
    with transaction.atomic():
        event_record(
            acting_user=acting_user,
            verb="mediation_party.revealed",
            target=party,
            region_code=party.case.scope_code,
            reason=reason,
            data={"case": party.case_id},
        )
    return party.name, party.phone


def legal_adviser_save(
    *,
    unit: Region,
    name: str,
    law_firm: str,
    phone: str,
    term_start: date,
    term_end: date,
    acting_user: User,
    adviser: LegalAdviser | None = None,
) -> LegalAdviser:
    """Register a unit's legal adviser for a term, or change one."""
    _require(acting_user, "mediation.change_legaladviser" if adviser else "mediation.add_legaladviser", adviser)
    _unit_check(acting_user, unit)
    errors: dict[str, list[str]] = {}
    values = {}
    for key, value, limit in (("name", name, 40), ("law_firm", law_firm, 100), ("phone", phone, 20)):
        try:
            values[key] = text_clean(value or "", max_length=limit)
        except ValidationError as invalid:
            errors[key] = invalid.messages
            continue
        if not values[key]:
            errors[key] = [_("此项必填")]
    if "phone" not in errors and not values["phone"].replace("-", "").isdigit():
        errors["phone"] = [_("联系电话只能包含数字")]
    if term_end < term_start:
        errors["term_end"] = [_("聘任结束日期不能早于开始日期")]
    if errors:
        raise ValidationError(errors)
    adviser = adviser or LegalAdviser()
    adviser.unit = unit
    adviser.term_start, adviser.term_end = term_start, term_end
    for key, value in values.items():
        setattr(adviser, key, value)
    with transaction.atomic(), audit_actor(acting_user):
        adviser.save()
        event_record(acting_user=acting_user, verb="legal_adviser.saved", target=adviser, region_code=unit.code)
    return adviser


def legal_consultation_record(
    *,
    unit: Region,
    asked_on: date,
    question: str,
    advice: str,
    acting_user: User,
    follow_up: str = "",
    asker: Person | None = None,
) -> LegalConsultation:
    """A consultation with the adviser serving the unit on that day."""
    _require(acting_user, "mediation.add_legalconsultation")
    _unit_check(acting_user, unit)
    errors: dict[str, list[str]] = {}
    texts = {}
    for key, value in (("question", question), ("advice", advice), ("follow_up", follow_up)):
        try:
            texts[key] = note_clean(value)
        except ValidationError as invalid:
            errors[key] = invalid.messages
    for key in ("question", "advice"):
        if key not in errors and not texts[key]:
            errors[key] = [_("此项必填")]
    if asked_on > timezone.localdate():
        errors["asked_on"] = [_("咨询日期不能晚于今天")]
    adviser = adviser_on(unit=unit, on=asked_on)
    if adviser is None and "asked_on" not in errors:
        errors["asked_on"] = [_("该村（社区）当天没有在聘的法律顾问，请先登记法律顾问")]
    if asker is not None and asker.region_id != unit.pk:
        errors["asker"] = [_("咨询居民应为本村（社区）居民")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), audit_actor(acting_user):
        consultation = LegalConsultation.objects.create(
            unit=unit, adviser=adviser, asked_on=asked_on, asker=asker, recorded_by=acting_user, **texts
        )
        event_record(
            acting_user=acting_user, verb="legal_consultation.recorded", target=consultation, region_code=unit.code
        )
    return consultation


def publicity_activity_record(
    *,
    unit: Region,
    kind: PublicityKind,
    title: str,
    held_on: date,
    place: str,
    audience: str,
    attendance: int,
    acting_user: User,
    photos: list[UploadedFile] | None = None,
) -> PublicityActivity:
    """A legal-education or publicity activity organised by a unit, with its photos."""
    _require(acting_user, "mediation.add_publicityactivity")
    _unit_check(acting_user, unit)
    errors: dict[str, list[str]] = {}
    values = {}
    for key, value, limit in (("title", title, 100), ("place", place, 100), ("audience", audience, 100)):
        try:
            values[key] = text_clean(value or "", max_length=limit)
        except ValidationError as invalid:
            errors[key] = invalid.messages
            continue
        if not values[key]:
            errors[key] = [_("此项必填")]
    if attendance is None or attendance < 1:
        errors["attendance"] = [_("参加人数至少为 1")]
    if held_on > timezone.localdate():
        errors["held_on"] = [_("活动日期不能晚于今天")]
    if not kind.active:
        errors["kind"] = [_("请选择活动类型")]
    checked = []
    try:
        checked = uploads_check(photos or [], max_files=MAX_PHOTOS)
    except ValidationError as invalid:
        errors["photos"] = invalid.message_dict["files"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), audit_actor(acting_user):
        activity = PublicityActivity.objects.create(
            unit=unit, kind=kind, held_on=held_on, attendance=attendance, recorded_by=acting_user, **values
        )
        for upload in checked:
            PublicityPhoto.objects.create(
                activity=activity,
                file=upload.stored_file(),
                original_name=upload.display_name,
                content_type=upload.content_type,
            )
        event_record(
            acting_user=acting_user, verb="publicity_activity.recorded", target=activity, region_code=unit.code
        )
    return activity
