"""Government-purchased services (政府购买服务): projects bought from a provider of the service hall
(`bookings.Provider`), their contract milestones and performance evaluations. A project belongs to
a region (the county, a township or a village-level unit) whose code it carries in `scope_code`, so
staff see the projects of their region and below (shequ.accounts.scope)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from shequ.accounts.scope import RegionScopedQuerySet
from shequ.purchases.criteria import GRADE_CHOICES

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class TargetGroup(models.TextChoices):
    ELDERLY = "elderly", _("老年人")
    CHILDREN = "children", _("儿童")
    DISABLED = "disabled", _("残疾人")
    HARDSHIP = "hardship", _("困难群众")
    MIGRANTS = "migrants", _("外出务工人员及留守人员")
    ALL = "all", _("全体居民")


class ProjectQuerySet(RegionScopedQuerySet):
    code_field = "scope_code"


class PurchaseProject(models.Model):
    name = models.CharField(_("项目名称"), max_length=100)
    provider = models.ForeignKey(
        "bookings.Provider", verbose_name=_("承接机构"), on_delete=models.PROTECT, related_name="purchase_projects"
    )
    budget = models.DecimalField(_("预算（元）"), **MONEY)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    region = models.ForeignKey("regions.Region", verbose_name=_("服务区域"), on_delete=models.PROTECT, related_name="+")
    scope_code = models.CharField(max_length=15, editable=False)
    target_group = models.CharField(_("服务对象"), max_length=16, choices=TargetGroup.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("政府购买服务项目")
        verbose_name_plural = _("政府购买服务项目")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["scope_code", "starts_on"], name="purchase_scope_idx")]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="purchase_period_order")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.scope_code = self.region.code
        super().save(*args, **kwargs)


class ScopedByProject(RegionScopedQuerySet):
    code_field = "project__scope_code"


class Milestone(models.Model):
    project = models.ForeignKey(PurchaseProject, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("节点"), max_length=100)
    due_on = models.DateField(_("约定日期"))
    amount = models.DecimalField(_("支付金额（元）"), null=True, blank=True, **MONEY)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    objects = ScopedByProject.as_manager()

    class Meta:
        verbose_name = _("合同节点")
        verbose_name_plural = _("合同节点")
        ordering = ["project", "due_on", "id"]

    def __str__(self) -> str:
        return self.title


class Evaluation(models.Model):
    """A performance evaluation: a score per criterion (criteria.py), their total, the grade it earns
    and the credit points written to the provider's record."""

    project = models.ForeignKey(PurchaseProject, on_delete=models.CASCADE, related_name="evaluations")
    evaluated_on = models.DateField(_("评价日期"))
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scores = models.JSONField(_("各项得分"), default=dict)
    total = models.PositiveSmallIntegerField(_("总分"))
    grade = models.CharField(_("评价等次"), max_length=16, choices=GRADE_CHOICES)
    credit_points = models.SmallIntegerField(_("信用分值"))
    note = models.CharField(_("评价意见"), max_length=300, blank=True)

    objects = ScopedByProject.as_manager()

    class Meta:
        verbose_name = _("绩效评价")
        verbose_name_plural = _("绩效评价")
        ordering = ["project", "evaluated_on", "id"]

    def __str__(self) -> str:
        return f"{self.project_id} {self.evaluated_on}"
