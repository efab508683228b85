"""Writes of 好差评: a resident's rating, the default rating after the set working days, the
rectification of every 差评, and the credit record of the providers that ratings are about.

Each write checks permission, validates, and records auditlog diffs and a domain event in one
transaction; notifications go out when it commits."""

import logging
from datetime import date

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from shequ.accounts.models import Role, User
from shequ.core.audit import audit_actor
from shequ.core.events import event_record
from shequ.core.text import note_clean
from shequ.core.uploads import uploads_check
from shequ.core.workdays import UnknownCalendarYear, add_workdays
from shequ.core.workflow import workday_deadlines
from shequ.feedback.models import (
    CreditEntry,
    CreditKind,
    Rating,
    Rectification,
    RectificationEvent,
    RectificationFile,
)
from shequ.feedback.selectors import RatingTarget, rating_target
from shequ.feedback.targets import RATABLE
from shequ.feedback.workflow import (
    EVIDENCE_MIN_CHARS,
    HANDLER,
    RECTIFICATION_WORKFLOW,
    RESIDENT,
    RatingLevel,
    Status,
    is_bad,
)
from shequ.notifications.messages import localized_param
from shequ.notifications.services import notification_send
from shequ.residents.selectors import in_own_household

logger = logging.getLogger("shequ.feedback")

# Credit points per rating level, and for a 差评 confirmed on the return visit when it is closed.
CREDIT_POINTS = {5: 2, 4: 1, 3: 0, 2: -3, 1: -3}
UPHELD_POINTS = -5
# Providers that carry a credit record: 养老, 托育, 家政, 物业 (a provider model without a `kind` is
# credited too, so that any registered kind of work can name its providers).
CREDITED_PROVIDER_KINDS = ("elderly_care", "childcare", "housekeeping", "property")
COMMENT_MAX = 500
# Evidence files one step may carry.
MAX_FILES = 10

__all__ = [
    "AlreadyRated",
    "rating_create",
    "ratings_apply_defaults",
    "rectification_transition",
    "rectifications_reschedule",
]


class AlreadyRated(ValidationError):
    """The target has its rating already (each service is rated once); the API answers 409."""

    api_status = 409
    api_code = "feedback.already_rated"

    def __init__(self):
        super().__init__(_("该服务已经评价过，每项服务只能评价一次"), code="already_rated")


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _score(value, field: str, errors: dict, *, required: bool = False) -> int | None:
    if value in (None, ""):
        if required:
            errors.setdefault(field, []).append(_("请选择评价"))
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if isinstance(value, bool) or str(number) != str(value).strip() or not 1 <= number <= 5:
        errors.setdefault(field, []).append(_("请选择 1 到 5 之间的分数"))
        return None
    return number


def _zh(text) -> str:
    """Stored wording (credit reasons) is kept in the county's working language."""
    with override(settings.LANGUAGE_CODE):
        return str(text)


def _schedule(rectification: Rectification) -> None:
    """The return-visit and rectification due dates in working days from the day the 差评 came in,
    and once it is rectified the day the resident's answer is awaited until; a date whose year's
    holiday schedule is unknown stays empty until the year is entered."""
    dates, rectification.calendar_missing = workday_deadlines(
        rectification.opened_on,
        return_visit_due=_setting("RETURN_VISIT_DAYS", 1),
        rectify_due=_setting("RECTIFY_DAYS", 15),
    )
    rectification.return_visit_due, rectification.rectify_due = dates["return_visit_due"], dates["rectify_due"]
    rectification.confirm_due = None
    if rectification.status == Status.RECTIFIED and rectification.rectified_at:
        confirm, missing = workday_deadlines(
            timezone.localdate(rectification.rectified_at), confirm_due=_setting("RECTIFICATION_CONFIRM_DAYS", 5)
        )
        rectification.confirm_due = confirm["confirm_due"]
        rectification.calendar_missing = missing or rectification.calendar_missing


def _rectification_link(rectification: Rectification) -> str:
    return reverse("feedback:rectification-detail", args=[rectification.pk])


def _handlers(rating: Rating) -> list[User]:
    """Who hears of a 差评 and of a resident's dispute: the heads of the rated unit, else the staff
    of its township — never the rated worker, who does not handle their own 差评."""
    active = User.objects.filter(is_active=True).exclude(pk=rating.worker_id or 0)
    heads = list(active.filter(role=Role.VILLAGE_WORKER, region_id=rating.region_id, is_unit_head=True))
    if heads or rating.region.parent_id is None:
        return heads
    return list(active.filter(role=Role.TOWNSHIP_STAFF, region_id=rating.region.parent_id))


def _service_name(rating: Rating) -> str | dict[str, str]:
    """The rated service item's name for a notification, in every language it has."""
    return localized_param(rating.service, "name") if rating.service_id else rating.target_type


def _rectification_open(rating: Rating, acting_user: User, today: date) -> Rectification:
    rectification = Rectification(rating=rating, opened_on=today)
    _schedule(rectification)
    rectification.save()
    # The rater is not named in the history the handling staff read (real-name rating, but rater
    # data are not passed on); the rating and the domain event keep who it was.
    RectificationEvent.objects.create(
        rectification=rectification, to_status=Status.RETURN_VISIT_PENDING, actor=None, data={"level": rating.level}
    )
    event_record(
        acting_user=acting_user,
        verb="rectification.opened",
        target=rectification,
        region_code=rating.region.code,
        data={
            "rating": rating.pk,
            "return_visit_due": rectification.return_visit_due and rectification.return_visit_due.isoformat(),
            "rectify_due": rectification.rectify_due and rectification.rectify_due.isoformat(),
        },
    )
    due = rectification.return_visit_due.isoformat() if rectification.return_visit_due else "—"
    for handler in _handlers(rating):
        notification_send(
            user=handler,
            key="feedback.bad_rating",
            params={"service": _service_name(rating), "due": due},
            link=_rectification_link(rectification),
        )
    return rectification


def _credit(rating: Rating, *, kind: str, points: int, reason: str) -> CreditEntry:
    return CreditEntry.objects.create(
        provider_id=rating.provider_id,
        provider_label=rating.provider_label,
        rating=rating,
        kind=kind,
        points=points,
        reason=reason[:300],
    )


def credit_entry_add(*, provider, kind: str, points: int, reason: str) -> CreditEntry:
    """A line of a provider's credit record from outside the ratings (the performance evaluation of
    a government-purchased service). Call inside the transaction of the change it records."""
    return CreditEntry.objects.create(
        provider_id=provider.pk, provider_label=provider.name[:200], kind=kind, points=points, reason=reason[:300]
    )


def _rating_record(
    target: RatingTarget,
    *,
    level: int,
    rater,
    is_default: bool,
    today: date,
    efficiency: int | None = None,
    attitude: int | None = None,
    convenience: int | None = None,
    comment: str = "",
) -> Rating:
    """Save a rating with the snapshot of what it is about; call inside a transaction."""
    context = target.context
    provider = context.provider
    rating = Rating.objects.create(
        target_type=target.kind.name,
        target_id=target.obj.pk,
        level=level,
        efficiency=efficiency,
        attitude=attitude,
        convenience=convenience,
        comment=comment,
        is_default=is_default,
        rater=rater,
        resident=context.resident,
        service=context.service,
        department=context.department or "",
        region=context.region,
        scope_code=(context.grid or context.region).code,
        worker=context.worker,
        provider_id=provider.pk if provider is not None else None,
        provider_label=str(provider)[:200] if provider is not None else "",
        finished_at=context.finished_at,
    )
    event_record(
        acting_user=rater,
        verb="rating.defaulted" if is_default else "rating.created",
        target=rating,
        region_code=context.region.code,
        data={"target_type": rating.target_type, "target_id": rating.target_id, "level": level},
    )
    if provider is not None and getattr(provider, "kind", None) in (None, *CREDITED_PROVIDER_KINDS):
        _credit(
            rating,
            kind=CreditKind.RATING,
            points=CREDIT_POINTS[level],
            reason=f"{rating.target_type}#{rating.target_id} · {_zh(RatingLevel(level).label)}",
        )
    if rating.is_bad and not is_default:
        _rectification_open(rating, rater, today)
    return rating


def _rated(target: RatingTarget) -> bool:
    return Rating.objects.filter(target_type=target.kind.name, target_id=target.obj.pk).exists()


def rating_create(
    *,
    target_type: str,
    target_id: int,
    level: int,
    acting_user: User,
    efficiency: int | None = None,
    attitude: int | None = None,
    convenience: int | None = None,
    comment: str = "",
    today: date | None = None,
) -> Rating:
    """The resident rates a finished service once. A 差评 opens its rectification at once.

    PermissionDenied when the target does not exist or is not the acting resident's (the two are not
    told apart); ValidationError when it is not finished or the values are wrong; AlreadyRated (a
    ValidationError) when it has been rated."""
    target = rating_target(target_type=target_type, target_id=target_id)
    if (
        target is None
        or target.context.resident is None
        or not in_own_household(user=acting_user, person=target.context.resident)
    ):
        raise PermissionDenied
    if target.context.finished_at is None:
        raise ValidationError(_("该服务尚未办结，办结后才能评价"), code="not_finished")
    errors: dict[str, list[str]] = {}
    level = _score(level, "level", errors, required=True)
    efficiency = _score(efficiency, "efficiency", errors)
    attitude = _score(attitude, "attitude", errors)
    convenience = _score(convenience, "convenience", errors)
    try:
        comment = note_clean(comment, max_length=COMMENT_MAX)
    except ValidationError as invalid:
        errors["comment"] = invalid.messages
    if errors:
        raise ValidationError(errors)
    if _rated(target):
        raise AlreadyRated
    try:
        with transaction.atomic(), audit_actor(acting_user):
            rating = _rating_record(
                target,
                level=level,
                rater=acting_user,
                is_default=False,
                today=today or timezone.localdate(),
                efficiency=efficiency,
                attitude=attitude,
                convenience=convenience,
                comment=comment,
            )
    except IntegrityError as error:
        # Rated twice at the same moment (two taps, two devices): the database keeps one.
        raise AlreadyRated from error
    return rating


def ratings_apply_defaults(*, today: date | None = None) -> int:
    """Give every finished service nobody rated within RATING_DEFAULT_DAYS working days its default
    rating (满意 unless configured otherwise). Idempotent; returns how many were given."""
    today = today or timezone.localdate()
    days = _setting("RATING_DEFAULT_DAYS", 5)
    level = _setting("RATING_DEFAULT_LEVEL", RatingLevel.SATISFIED)
    if is_bad(level) or level not in RatingLevel.values:
        raise ImproperlyConfigured("RATING_DEFAULT_LEVEL must be 3, 4 or 5: a default rating is never a 差评.")
    given = 0
    for kind in list(RATABLE.values()):
        rated = Rating.objects.filter(target_type=kind.name).values("target_id")
        pending = list(kind.finished().exclude(pk__in=rated).values_list("pk", flat=True))
        for target_id in pending:
            target = rating_target(target_type=kind.name, target_id=target_id)
            if target is None or target.context.finished_at is None:
                continue
            try:
                # The day it finished is not counted; the default applies once the last day has come.
                deadline = add_workdays(timezone.localdate(target.context.finished_at), days)
            except UnknownCalendarYear as unknown:
                logger.warning(
                    "No holiday schedule for %s: the default rating of %s#%s waits", unknown.year, kind.name, target_id
                )
                continue
            if today < deadline:
                continue
            try:
                with transaction.atomic():
                    if Rating.objects.filter(target_type=kind.name, target_id=target_id).exists():
                        continue
                    _rating_record(target, level=level, rater=None, is_default=True, today=today)
            except IntegrityError:  # rated by the resident, or by a parallel run, meanwhile
                continue
            given += 1
    return given


def _notify_resident(rectification: Rectification, key: str, note: str) -> None:
    rating = rectification.rating
    account = rating.resident.account
    if account is not None:
        notification_send(
            user=account,
            key=key,
            params={"service": _service_name(rating), "note": note},
            link=reverse("feedback:rate", args=[rating.target_type, rating.target_id]),
        )


def _notify_handlers_of_dispute(rectification: Rectification) -> None:
    rating = rectification.rating
    for handler in _handlers(rating):
        notification_send(
            user=handler,
            key="feedback.rectification_disputed",
            params={"service": _service_name(rating), "note": rectification.dispute_note},
            link=_rectification_link(rectification),
        )


def _notify_reviewers(rectification: Rectification) -> None:
    rating = rectification.rating
    township = rating.region.parent
    if township is None:
        return
    for reviewer in User.objects.filter(role=Role.TOWNSHIP_STAFF, region=township, is_active=True):
        notification_send(
            user=reviewer,
            key="feedback.appeal",
            params={"service": _service_name(rating), "note": rectification.appeal_reason},
            link=_rectification_link(rectification),
        )


def _rating_exclude(rectification: Rectification, acting_user: User, reason: str, now) -> None:
    rating = rectification.rating
    rating.excluded, rating.excluded_reason, rating.excluded_by, rating.excluded_at = True, reason, acting_user, now
    rating.save(update_fields=["excluded", "excluded_reason", "excluded_by", "excluded_at"])
    event_record(
        acting_user=acting_user,
        verb="rating.excluded",
        target=rating,
        region_code=rating.region.code,
        reason=reason,
        data={"rectification": rectification.pk},
    )
    if rating.provider_id is not None:  # reverse whatever the rating did to the provider's credit
        total = rating.credit_entries.aggregate(total=Sum("points"))["total"] or 0
        if total:
            _credit(
                rating,
                kind=CreditKind.REVERSAL,
                points=-total,
                reason=f"{rating.target_type}#{rating.target_id} · {reason}",
            )


def _resident_answer_by_phone(rectification: Rectification, acting_user: User, today: date) -> bool:
    """Whether `acting_user` may answer the resident's step: False for the resident (or their
    household's account) answering in person; True for a handler recording the answer the resident
    gave by phone, allowed only once the resident's time to answer has passed. PermissionDenied
    for anybody else."""
    if in_own_household(user=acting_user, person=rectification.rating.resident):
        return False
    if not acting_user.has_perm("feedback.handle_rectification", rectification):
        raise PermissionDenied
    if rectification.confirm_due is None or today < rectification.confirm_due:
        due = rectification.confirm_due.isoformat() if rectification.confirm_due else "—"
        raise PermissionDenied(_("居民确认期限（%(due)s）未到，暂不能录入电话回访结果") % {"due": due})
    return True


def _step_allowed(step, rectification: Rectification, acting_user: User, today: date) -> bool:
    """Whether the step is taken by phone; PermissionDenied when `acting_user` may not take it."""
    if step.by == RESIDENT:
        return _resident_answer_by_phone(rectification, acting_user, today)
    if not acting_user.has_perm("feedback.view_rectification", rectification):
        raise PermissionDenied
    if step.by == HANDLER:
        allowed = acting_user.has_perm("feedback.handle_rectification", rectification)
    else:
        allowed = acting_user.has_perm("feedback.review_appeal", rectification)
        if allowed and rectification.appealed_by_id == acting_user.pk:
            raise PermissionDenied(_("申诉须由申诉人以外的人员复核"))
    if not allowed:
        raise PermissionDenied
    return False


def _step_errors(step, to: str, note: str, verified, checked_files, *, by_phone: bool) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    # The resident may confirm without a word; everything else, a phone record included, is written.
    note_optional = step.by == RESIDENT and to == Status.CLOSED and not by_phone
    if not note and not note_optional:
        errors["note"] = [_("请填写%(label)s") % {"label": step.note_label}]
    elif "evidence" in step.requires and len(note) < EVIDENCE_MIN_CHARS:
        errors["note"] = [
            _("请写明整改情况和证据，至少 %(count)s 个字") % {"count": EVIDENCE_MIN_CHARS},
        ]
    if "verified" in step.requires and verified is None:
        errors["verified"] = [_("请选择反映的问题是否属实")]
    if "attachment" in step.requires and not checked_files:
        errors["files"] = [_("请上传整改证据（照片或扫描件）")]
    return errors


def rectification_transition(
    *,
    rectification: Rectification,
    to: str,
    acting_user: User,
    note: str = "",
    verified: bool | None = None,
    files: list[UploadedFile] | None = None,
    today: date | None = None,
) -> Rectification:
    """Move a rectification one step along the table in feedback/workflow.py.

    TransitionForbidden when the table has no such step; PermissionDenied when the user may not take
    it (the rated worker never; appeals are decided by someone other than who raised them; the
    resident's answer is theirs until `confirm_due`, then a handler may record it by phone);
    ValidationError for a missing note, evidence shorter than EVIDENCE_MIN_CHARS, a missing or
    refused attachment, or, on the return visit, a missing verdict on whether the complaint is true."""
    try:
        note = note_clean(note)
    except ValidationError as invalid:
        raise ValidationError({"note": invalid.messages}) from invalid
    checked_files = uploads_check(files or [], max_files=MAX_FILES)
    today = today or timezone.localdate()
    with transaction.atomic(), audit_actor(acting_user):
        rectification = Rectification.objects.select_for_update().get(pk=rectification.pk)
        rating = Rating.objects.select_related("region__parent", "service", "resident__account").get(
            pk=rectification.rating_id
        )
        rectification.rating = rating
        step = RECTIFICATION_WORKFLOW.step_for(rectification.status, to)
        by_phone = _step_allowed(step, rectification, acting_user, today)
        errors = _step_errors(step, to, note, verified, checked_files, by_phone=by_phone)
        if errors:
            raise ValidationError(errors)

        previous, now = rectification.status, timezone.now()
        rectification.status = to
        if to == Status.VISITED:
            rectification.visited_at = rectification.visited_at or now
            if previous == Status.RETURN_VISIT_PENDING:
                rectification.verified, rectification.visit_note = verified, note
            else:  # the appeal is rejected: the rating stands and its rectification goes on
                rectification.verified = True if verified is None else verified
                rectification.review_note, rectification.reviewed_by, rectification.reviewed_at = note, acting_user, now
        elif to == Status.RECTIFIED:
            rectification.rectify_note, rectification.rectified_at = note, now
        elif to == Status.DISPUTED:
            rectification.dispute_note, rectification.disputes = note, rectification.disputes + 1
        elif to == Status.CLOSED:
            rectification.feedback_note, rectification.closed_at = note, now
            rectification.confirmed_by_phone = by_phone
        elif to == Status.APPEALED:
            rectification.appeal_reason, rectification.appealed_by, rectification.appealed_at = note, acting_user, now
            rectification.reviewed_by = rectification.reviewed_at = None
        elif to == Status.EXCLUDED:
            rectification.review_note, rectification.reviewed_by, rectification.reviewed_at = note, acting_user, now
        _schedule(rectification)
        rectification.save()
        for checked in checked_files:
            RectificationFile.objects.create(
                rectification=rectification,
                file=checked.stored_file(),
                original_name=checked.display_name,
                content_type=checked.content_type,
                size=len(checked.content),
                uploaded_by=acting_user,
            )
        data = {"from": previous, "to": to}
        if "verified" in step.requires or (previous == Status.APPEALED and to == Status.VISITED):
            data["verified"] = rectification.verified
        if checked_files:
            data["files"] = len(checked_files)
        if step.by == RESIDENT:
            data["by_phone"] = by_phone
        RectificationEvent.objects.create(
            rectification=rectification, from_status=previous, to_status=to, actor=acting_user, note=note, data=data
        )
        event_record(
            acting_user=acting_user,
            verb="rectification.transitioned",
            target=rectification,
            region_code=rating.region.code,
            reason=note
            if to in (Status.APPEALED, Status.EXCLUDED, Status.DISPUTED) or previous == Status.APPEALED
            else "",
            data=data,
        )
        _after_step(rectification, previous, to, note, by_phone=by_phone)
    return rectification


def _after_step(rectification: Rectification, previous: str, to: str, note: str, *, by_phone: bool) -> None:
    """Credit and notices of a step, inside its transaction (notices go out when it commits)."""
    rating = rectification.rating
    if to == Status.EXCLUDED:
        _rating_exclude(rectification, rectification.reviewed_by, note, rectification.reviewed_at)
    elif to == Status.APPEALED:
        _notify_reviewers(rectification)
    elif to == Status.RECTIFIED:
        _notify_resident(rectification, "feedback.rectification_to_confirm", rectification.rectify_note)
    elif to == Status.DISPUTED:
        _notify_handlers_of_dispute(rectification)
    elif to == Status.CLOSED:
        if rectification.verified and rating.credit_entries.filter(kind=CreditKind.RATING).exists():
            _credit(
                rating,
                kind=CreditKind.UPHELD,
                points=UPHELD_POINTS,
                reason=f"{rating.target_type}#{rating.target_id} · {rectification.rectify_note}",
            )
        if by_phone:  # the resident answered on the phone: their inbox says the case is closed
            _notify_resident(rectification, "feedback.rating_handled", note)


def rectification_file_download_record(*, evidence: RectificationFile, acting_user: User) -> None:
    """An evidence file leaves the system: audited like a material download."""
    rectification = evidence.rectification
    event_record(
        acting_user=acting_user,
        verb="rectification.file_downloaded",
        target=rectification,
        region_code=rectification.rating.region.code,
        data={"file": evidence.pk, "content_type": evidence.content_type, "size": evidence.size},
    )


def rectifications_reschedule(*, year: int) -> int:
    """Compute the due dates that waited for `year`'s holiday schedule, once it has been entered."""
    changed = 0
    for rectification in Rectification.objects.filter(calendar_missing=year):
        _schedule(rectification)
        rectification.save(
            update_fields=["return_visit_due", "rectify_due", "confirm_due", "calendar_missing", "updated_at"]
        )
        changed += 1
    return changed
