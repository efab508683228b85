"""Writes of benefits: granted when a benefit item's application is completed, suspended when the
registry records a death or a move out of the county, resumed by a worker. Each change is audited
in the transaction of the change that caused it."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.models import User
from shequ.benefits.models import Benefit, BenefitStatus, BenefitSuspension, SuspensionReason
from shequ.benefits.months import month_after, month_of
from shequ.benefits.selectors import amount_for, rates_by_service
from shequ.core.audit import audit_actor
from shequ.core.events import event_record
from shequ.core.text import note_clean
from shequ.residents.models import Person
from shequ.services.models import Application


def benefit_grant(*, application: Application, acting_user: User, today: date) -> Benefit | None:
    """The benefit a completed application of a benefit item starts (None for other items): paid from
    the month after approval (按月发放, the month of approval being the month of the decision), at the
    amount of that month's age band. A person whose death or move out is already recorded gets it
    suspended from the month after that event."""
    bands = rates_by_service([application.service_id]).get(application.service_id)
    if not bands:
        return None
    person = application.applicant
    first_month = month_after(today)
    amount = amount_for(bands=bands, birth_date=person.birth_date, month=first_month)
    benefit = Benefit.objects.create(
        person=person,
        service=application.service,
        application=application,
        region_id=application.region_id,
        scope_code=application.scope_code,
        department=application.department,
        # Below every band (approved by an override): nothing is paid until the person reaches one.
        amount=amount if amount is not None else 0,
        first_month=first_month,
    )
    event_record(
        acting_user=acting_user,
        verb="benefit.granted",
        target=benefit,
        region_code=application.region.code,
        data={
            "application": application.number,
            "service": application.service.code,
            "amount": str(benefit.amount),
            "first_month": f"{first_month:%Y-%m}",
        },
    )
    for reason, on in ((SuspensionReason.DEATH, person.died_on), (SuspensionReason.MOVED_OUT, person.moved_out_on)):
        if on is not None:
            _suspend(benefit, reason=reason, on=on, acting_user=acting_user)
            break
    return benefit


def _suspend(benefit: Benefit, *, reason: str, on: date, acting_user: User) -> BenefitSuspension | None:
    if benefit.suspensions.filter(until_month__isnull=True).exists():
        return None  # already suspended (a move out, then the death): one open suspension says it
    suspension = BenefitSuspension.objects.create(
        benefit=benefit, from_month=month_after(on), reason=reason, event_on=on, created_by=acting_user
    )
    benefit.status = BenefitStatus.SUSPENDED
    benefit.save(update_fields=["status"])
    event_record(
        acting_user=acting_user,
        verb="benefit.suspended",
        target=benefit,
        region_code=benefit.region.code,
        data={"reason": reason, "on": on.isoformat(), "from_month": f"{suspension.from_month:%Y-%m}"},
    )
    return suspension


def benefits_suspend_for_departure(*, person: Person, event: str, on: date, acting_user: User) -> int:
    """Suspend every benefit of `person` being paid, from the month after the death or move out
    (`event` "death" or "moved_out"). Runs in the registry's transaction."""
    suspended = 0
    for benefit in Benefit.objects.select_for_update().filter(person=person, status=BenefitStatus.ACTIVE):
        suspended += _suspend(benefit, reason=SuspensionReason(event), on=on, acting_user=acting_user) is not None
    return suspended


def benefit_resume(*, benefit: Benefit, reason: str, acting_user: User, today: date | None = None) -> Benefit:
    """A worker resumes a suspended benefit (the registry entry was wrong, the person came back), with
    a written reason: paid again from the current month, or from the suspension's first month when
    that is later; months already suspended stay unpaid."""
    if not acting_user.has_perm("benefits.change_benefit", benefit):
        raise PermissionDenied
    try:
        reason = note_clean(reason)
    except ValidationError as invalid:
        raise ValidationError({"reason": invalid.messages}) from invalid
    if not reason:
        raise ValidationError({"reason": [_("请写明恢复发放的理由")]})
    month = month_of(today or timezone.localdate())
    with transaction.atomic(), audit_actor(acting_user):
        benefit = Benefit.objects.select_for_update().select_related("region").get(pk=benefit.pk)
        suspension = benefit.suspensions.filter(until_month__isnull=True).first()
        if suspension is None:
            raise ValidationError(_("该津贴未暂停发放"))
        suspension.until_month = max(month, suspension.from_month)
        suspension.resumed_at = timezone.now()
        suspension.resumed_by = acting_user
        suspension.resume_reason = reason
        suspension.save(update_fields=["until_month", "resumed_at", "resumed_by", "resume_reason"])
        benefit.status = BenefitStatus.ACTIVE
        benefit.save(update_fields=["status"])
        event_record(
            acting_user=acting_user,
            verb="benefit.resumed",
            target=benefit,
            region_code=benefit.region.code,
            reason=reason,
            data={"from_month": f"{suspension.until_month:%Y-%m}"},
        )
    return benefit
