"""Reads of government-purchased services: every list goes through `for_user` first."""

from django.db.models import Prefetch, QuerySet

from shequ.accounts.models import User
from shequ.purchases.models import Evaluation, Milestone, PurchaseProject


def project_list(*, user: User, within: str = "") -> QuerySet[PurchaseProject]:
    rows = PurchaseProject.objects.for_user(user)
    if within:
        rows = rows.filter(scope_code__within=within)
    return rows.select_related("provider", "region").order_by("-starts_on", "-id")


def project_details(rows: QuerySet[PurchaseProject]) -> QuerySet[PurchaseProject]:
    return rows.prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "id")),
        Prefetch("evaluations", queryset=Evaluation.objects.order_by("evaluated_on", "id")),
    )
