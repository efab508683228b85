"""Writes of government-purchased services. Each checks the acting user's permission and scope and
writes its audit event in the same transaction; an evaluation also writes the provider's credit line
(through the feedback app's service) in that transaction, so a grade never exists without it."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shequ.accounts.models import User
from shequ.accounts.scope import covers
from shequ.core.audit import audit_actor
from shequ.core.events import event_record
from shequ.core.text import note_clean, text_clean
from shequ.feedback.models import CreditKind
from shequ.feedback.services import credit_entry_add
from shequ.purchases.criteria import CRITERIA, grade_for
from shequ.purchases.models import Evaluation, Milestone, PurchaseProject
from shequ.regions.codes import Level


def _event(project: PurchaseProject, verb: str, acting_user: User, target=None, **data) -> None:
    event_record(
        acting_user=acting_user, verb=verb, target=target or project, region_code=project.scope_code, data=data
    )


def _edit_check(project: PurchaseProject, acting_user: User) -> None:
    if not acting_user.has_perm("purchases.change_purchaseproject", project):
        raise PermissionDenied


def purchase_project_create(*, project: PurchaseProject, acting_user: User) -> PurchaseProject:
    """Register a project for a region within the user's own (county, township or village-level)."""
    if not acting_user.has_perm("purchases.add_purchaseproject") or not covers(acting_user, project.region):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if project.region.level not in (Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE):
        errors["region"] = [_("服务区域应为县、乡镇或村（社区）")]
    if not project.provider.active:
        errors["provider"] = [_("该服务机构已停用")]
    try:
        project.name = text_clean(project.name, max_length=100).strip()
    except ValidationError as invalid:
        errors["name"] = invalid.messages
    if project.starts_on and project.ends_on and project.ends_on < project.starts_on:
        errors["ends_on"] = [_("结束日期不能早于开始日期")]
    if errors:
        raise ValidationError(errors)
    project.scope_code = project.region.code
    project.full_clean(validate_constraints=False)
    with transaction.atomic(), audit_actor(acting_user):
        project.save()
        _event(project, "purchase_project.created", acting_user, provider=project.provider_id)
    return project


def milestone_add(
    *, project: PurchaseProject, title: str, due_on: date, amount: Decimal | None, acting_user: User
) -> Milestone:
    _edit_check(project, acting_user)
    title = text_clean(title, max_length=100).strip()
    if not title:
        raise ValidationError({"title": [_("请填写节点名称")]})
    if amount is not None and amount > project.budget:
        raise ValidationError({"amount": [_("支付金额不能超过项目预算")]})
    with transaction.atomic(), audit_actor(acting_user):
        milestone = Milestone.objects.create(project=project, title=title, due_on=due_on, amount=amount)
        _event(project, "purchase_milestone.added", acting_user, target=milestone, title=title)
    return milestone


def milestone_complete(*, milestone: Milestone, done_on: date, acting_user: User) -> Milestone:
    _edit_check(milestone.project, acting_user)
    with transaction.atomic(), audit_actor(acting_user):
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if milestone.done_on is not None:
            raise ValidationError(_("该节点已经完成"))
        milestone.done_on = done_on
        milestone.save(update_fields=["done_on"])
        _event(milestone.project, "purchase_milestone.done", acting_user, target=milestone)
    return milestone


def evaluation_record(
    *, project: PurchaseProject, scores: dict[str, int], evaluated_on: date, note: str, acting_user: User
) -> Evaluation:
    """Score every criterion (0 to its maximum); the total's grade adds its points to the provider's
    credit record."""
    _edit_check(project, acting_user)
    errors: dict[str, list[str]] = {}
    for criterion in CRITERIA:
        value = scores.get(criterion.code)
        if value is None:
            errors[criterion.code] = [_("请评分")]
        elif not 0 <= value <= criterion.max_score:
            errors[criterion.code] = [_("得分应在 0 到 %(max)d 之间") % {"max": criterion.max_score}]
    if evaluated_on < project.starts_on:
        errors["evaluated_on"] = [_("评价日期不能早于项目开始日期")]
    if errors:
        raise ValidationError(errors)
    note = note_clean(note, max_length=300).strip()
    total = sum(scores[criterion.code] for criterion in CRITERIA)
    grade = grade_for(total)
    with transaction.atomic(), audit_actor(acting_user):
        evaluation = Evaluation.objects.create(
            project=project,
            evaluated_on=evaluated_on,
            evaluator=acting_user,
            scores={criterion.code: scores[criterion.code] for criterion in CRITERIA},
            total=total,
            grade=grade.code,
            credit_points=grade.credit_points,
            note=note,
        )
        credit_entry_add(
            provider=project.provider,
            kind=CreditKind.EVALUATION,
            points=grade.credit_points,
            # The reason is read in any language: the project's name and the figures, no personal data.
            reason=f"{project.name}: {total}/100 ({grade.code})",
        )
        _event(project, "purchase_evaluation.recorded", acting_user, target=evaluation, total=total, grade=grade.code)
    return evaluation
