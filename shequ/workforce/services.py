"""Writes of the workforce registry. Each checks the acting user's permission and scope, validates
with the model's own rules, and writes its audit event in the same transaction."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from shequ.accounts.models import User
from shequ.accounts.scope import covers
from shequ.core.audit import audit_actor
from shequ.core.events import event_record
from shequ.regions.codes import Level
from shequ.workforce.models import (
    Attendance,
    CandidateReview,
    CompetencyItem,
    Course,
    Employer,
    ReviewConfirmation,
    ReviewDepartment,
    TrainingSession,
    Worker,
)


def worker_validate(worker: Worker) -> Worker:
    """Model rules plus what ties them together; ValidationError by field."""
    errors: dict[str, list[str]] = {}
    try:
        worker.full_clean(exclude=["unit", "account"], validate_constraints=False)
    except ValidationError as invalid:
        errors.update(invalid.message_dict)
    if worker.employer == Employer.COMMUNITY:
        if worker.unit.level != Level.VILLAGE:
            errors.setdefault("unit", []).append(_("社区工作者应登记在村（社区）"))
        if not worker.post:
            errors.setdefault("post", []).append(_("请选择岗位"))
        if worker.service_start is None:
            errors.setdefault("service_start", []).append(_("请填写参加社区工作时间"))
    elif worker.post:
        errors.setdefault("post", []).append(_("只有村（社区）工作者有岗位等级"))
    if worker.one_shoulder and not (worker.party_committee and worker.residents_committee):
        errors.setdefault("one_shoulder", []).append(_("“一肩挑”应同时是党组织和村（居）委会成员"))
    if worker.service_start and worker.service_start > date.today():
        errors.setdefault("service_start", []).append(_("不能晚于今天"))
    if errors:
        raise ValidationError(errors)
    return worker


def worker_save(*, worker: Worker, acting_user: User) -> Worker:
    """Create or change a worker (already filled in by a form or an import row)."""
    allowed = (
        acting_user.has_perm("workforce.change_worker", Worker.objects.get(pk=worker.pk))
        if worker.pk
        else acting_user.has_perm("workforce.add_worker")
    )
    if not (allowed and covers(acting_user, worker.unit)):
        raise PermissionDenied
    worker.scope_code = worker.unit.code
    worker_validate(worker)
    with transaction.atomic(), audit_actor(acting_user):
        worker.save()
        event_record(acting_user=acting_user, verb="worker.saved", target=worker, region_code=worker.scope_code)
    return worker


def attendance_record(
    *, session: TrainingSession, workers: list[Worker], hours: Decimal | None = None, acting_user: User
) -> int:
    """Record that these workers attended the session (each once); returns how many were new."""
    if not acting_user.has_perm("workforce.add_attendance"):
        raise PermissionDenied
    if any(not covers(acting_user, worker.unit) for worker in workers):
        raise PermissionDenied
    hours = session.hours if hours is None else hours
    with transaction.atomic(), audit_actor(acting_user):
        existing = set(session.attendances.values_list("worker_id", flat=True))
        new = [
            Attendance(session=session, worker=worker, hours=hours, year=session.held_on.year)
            for worker in workers
            if worker.pk not in existing
        ]
        Attendance.objects.bulk_create(new, ignore_conflicts=True)
        event_record(
            acting_user=acting_user,
            verb="training.attendance_recorded",
            target=session,
            region_code=session.scope_code,
            data={"workers": len(new)},
        )
    return len(new)


def course_create(
    *,
    title: str,
    mode: str,
    topic: str,
    audience: str,
    competencies: list[CompetencyItem],
    acting_user: User,
) -> Course:
    """A course of the training catalogue (not tied to a region: any township may hold sessions of it)."""
    if not acting_user.has_perm("workforce.add_course"):
        raise PermissionDenied
    course = Course(title=title.strip(), mode=mode, topic=topic, audience=audience)
    course.full_clean()
    with transaction.atomic(), audit_actor(acting_user):
        course.save()
        course.competencies.set(competencies)
        event_record(
            acting_user=acting_user,
            verb="training.course_created",
            target=course,
            region_code=acting_user.region.code if acting_user.region_id else "",
        )
    return course


def session_create(*, session: TrainingSession, acting_user: User) -> TrainingSession:
    """A session of a course, held in a region the acting user covers (filled in by a form)."""
    if not (acting_user.has_perm("workforce.add_trainingsession") and covers(acting_user, session.region)):
        raise PermissionDenied
    session.scope_code = session.region.code
    session.full_clean(exclude=["course", "region"])
    with transaction.atomic(), audit_actor(acting_user):
        session.save()
        event_record(
            acting_user=acting_user, verb="training.session_created", target=session, region_code=session.scope_code
        )
    return session


def candidate_confirm(
    *, worker: Worker, election_year: int, department: ReviewDepartment, confirmed_on: date, acting_user: User
) -> CandidateReview:
    """One department's confirmation in the 资格县级联审 of a two-committee candidate."""
    if not (acting_user.has_perm("workforce.confirm_candidate") and covers(acting_user, worker.unit)):
        raise PermissionDenied
    # Each department confirms its own line of the checklist.
    if not acting_user.has_perm("workforce.confirm_for_department", department):
        raise PermissionDenied
    if worker.employer != Employer.COMMUNITY:
        raise ValidationError(_("只有村（社区）工作者可以作为“两委”候选人"))
    with transaction.atomic():
        review, _created = CandidateReview.objects.get_or_create(worker=worker, election_year=election_year)
        try:
            with transaction.atomic():
                ReviewConfirmation.objects.create(
                    review=review, department=department, confirmed_on=confirmed_on, confirmed_by=acting_user
                )
        except IntegrityError:
            raise ValidationError(_("该部门已确认")) from None
        event_record(
            acting_user=acting_user,
            verb="candidate_review.confirmed",
            target=review,
            region_code=worker.scope_code,
            data={"department": department.code, "year": election_year},
        )
    return review
