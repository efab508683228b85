"""What benefits add to other apps' pages (shequ.ui.panels.section_register)."""

from shequ.benefits.models import Benefit, BenefitStatus
from shequ.benefits.months import month_of
from shequ.benefits.selectors import benefits_of_person
from shequ.core.pagination import count_label


def benefit_of_case(*, user, record) -> dict | None:
    """The case page (the worker's and the resident's) of a completed benefit application: its
    benefit, status and why."""
    benefits = Benefit.objects.for_user(user).select_related("service").prefetch_related("suspensions")
    benefit = benefits.filter(application=record).first()
    return {"benefit": benefit} if benefit else None


def benefits_of_person_section(*, user, record) -> dict | None:
    benefits = list(benefits_of_person(user=user, person=record))
    return {"benefits": benefits} if benefits else None


def payments_panel(*, user, today) -> dict | None:
    """The workbench of township and county staff: how many are paid, how many suspended."""
    if not user.has_perm("benefits.view_payment_list"):
        return None
    benefits = Benefit.objects.for_user(user)
    return {
        "active": count_label(benefits.filter(status=BenefitStatus.ACTIVE)),
        "suspended": count_label(benefits.filter(status=BenefitStatus.SUSPENDED)),
        "month": month_of(today),
    }
