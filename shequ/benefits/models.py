"""Benefits paid monthly (按月发放): the amount table per item, the benefits approvals start, and
the periods in which they are suspended.

Which items are benefits: those with a rate in the table. 高龄津贴 has one rate per age band (each
row a band from its `min_age` up to the next row's); another benefit item has one flat rate
(`min_age` 0). A month's amount is the band of the age the person reaches by the month's last day
(a person turning 90 in March is paid the 90–99 amount for March), so the amount follows the age
band over time; the benefit records the amount of its first month as approved.

Months are stored as the first day of the month.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.accounts.scope import RegionScopedQuerySet


class BenefitRate(models.Model):
    service = models.ForeignKey(
        "services.ServiceItem", verbose_name=_("服务事项"), on_delete=models.CASCADE, related_name="benefit_rates"
    )
    min_age = models.PositiveSmallIntegerField(
        _("起始年龄"), default=0, help_text=_("本档从该年龄起，到下一档的起始年龄为止；不分年龄的填 0")
    )
    monthly_amount = models.DecimalField(_("每月金额（元）"), max_digits=8, decimal_places=2)
    is_demo = models.BooleanField(_("演示数据"), default=False, help_text=_("演示金额，不是本县公布的标准"))

    class Meta:
        verbose_name = _("津贴标准")
        verbose_name_plural = _("津贴标准")
        ordering = ["service__code", "min_age"]
        constraints = [
            models.UniqueConstraint(fields=["service", "min_age"], name="benefit_rate_band_unique"),
            models.CheckConstraint(condition=models.Q(monthly_amount__gt=0), name="benefit_rate_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.service} {self.min_age}+ {self.monthly_amount}"


class BenefitStatus(models.TextChoices):
    ACTIVE = "active", _("发放中")
    SUSPENDED = "suspended", _("已暂停")


class SuspensionReason(models.TextChoices):
    DEATH = "death", _("死亡")
    MOVED_OUT = "moved_out", _("户籍迁出本县")


class BenefitQuerySet(RegionScopedQuerySet):
    """Scoped like the application that started it: its scope code and department are copied."""

    code_field = "scope_code"
    household_path = "person__household"
    department_path = "department"


class Benefit(models.Model):
    person = models.ForeignKey(
        "residents.Person", verbose_name=_("享受人"), on_delete=models.PROTECT, related_name="benefits"
    )
    service = models.ForeignKey("services.ServiceItem", verbose_name=_("服务事项"), on_delete=models.PROTECT)
    application = models.OneToOneField(
        "services.Application", verbose_name=_("办件"), on_delete=models.PROTECT, related_name="benefit"
    )
    # The application's unit, scope code and department: who pays and who sees it.
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("村（社区）"), on_delete=models.PROTECT, related_name="+"
    )
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    department = models.CharField(_("责任部门"), max_length=8, editable=False)
    amount = models.DecimalField(_("核定月金额（元）"), max_digits=8, decimal_places=2)
    first_month = models.DateField(_("起始发放月份"))
    status = models.CharField(_("状态"), max_length=12, choices=BenefitStatus.choices, default=BenefitStatus.ACTIVE)
    created_at = models.DateTimeField(_("核定时间"), auto_now_add=True)

    objects = BenefitQuerySet.as_manager()

    class Meta:
        verbose_name = _("津贴补贴")
        verbose_name_plural = _("津贴补贴")
        ordering = ["scope_code", "id"]
        # The payment list reads a scope's benefits in its own order (scope code, id).
        indexes = [models.Index(fields=["scope_code", "id"], name="benefit_scope_idx")]
        constraints = [models.CheckConstraint(condition=~models.Q(scope_code=""), name="benefit_scope_code_set")]
        permissions = [
            ("view_payment_list", _("查看发放名册")),
            ("export_payment_list", _("导出发放名册（含完整身份证号）")),
        ]

    def __str__(self) -> str:
        return f"{self.service} · {self.person}"


class SuspensionQuerySet(RegionScopedQuerySet):
    code_field = "benefit__scope_code"
    household_path = "benefit__person__household"
    department_path = "benefit__department"


class BenefitSuspension(models.Model):
    """Months in which a benefit is not paid: from `from_month` until `until_month` (excluded; open
    while not resumed)."""

    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="suspensions")
    from_month = models.DateField(_("暂停起始月份"))
    until_month = models.DateField(_("恢复发放月份"), null=True, blank=True)
    reason = models.CharField(_("暂停原因"), max_length=12, choices=SuspensionReason.choices)
    event_on = models.DateField(_("事由发生日期"))
    created_at = models.DateTimeField(_("暂停时间"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    resumed_at = models.DateTimeField(_("恢复时间"), null=True, blank=True)
    resumed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resume_reason = models.TextField(_("恢复理由"), blank=True)

    objects = SuspensionQuerySet.as_manager()

    class Meta:
        verbose_name = _("暂停发放")
        verbose_name_plural = _("暂停发放")
        ordering = ["from_month", "id"]
        indexes = [models.Index(fields=["benefit", "from_month"], name="benefit_suspension_idx")]
        constraints = [
            # At most one open suspension per benefit: a second departure while suspended adds none.
            models.UniqueConstraint(
                fields=["benefit"], condition=models.Q(until_month__isnull=True), name="benefit_one_open_suspension"
            )
        ]

    def __str__(self) -> str:
        return f"{self.benefit_id}: {self.from_month:%Y-%m}"
