"""好差评: one rating per finished service, the rectification of every 差评, and the credit record of
the providers that ratings are about. Ratings keep a snapshot of what they are about (service item,
department, unit, worker, provider), so that statistics never need the rated apps' models."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shequ.accounts.models import Department, Role
from shequ.accounts.scope import RegionScopedQuerySet
from shequ.core.models import AppendOnlyModel
from shequ.core.workflow import history_base
from shequ.feedback.workflow import RatingLevel, Status, is_bad

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class RatingQuerySet(RegionScopedQuerySet):
    code_field = "scope_code"
    household_path = "resident__household"
    # County department staff see the ratings of their own department's services; 县民政局, which
    # leads the community service system and reviews appeals, sees every department's.
    department_path = "department"
    departments_seeing_all = frozenset({Department.CIVIL_AFFAIRS})

    def counted(self) -> "RatingQuerySet":
        """The ratings that count in statistics: not excluded by an appeal."""
        return self.filter(excluded=False)


class Rating(models.Model):
    target_type = models.CharField(_("评价对象类型"), max_length=32)
    target_id = models.PositiveBigIntegerField(_("评价对象编号"))
    level = models.PositiveSmallIntegerField(_("评价"), choices=RatingLevel.choices)
    efficiency = models.PositiveSmallIntegerField(_("效率"), null=True, blank=True, validators=SCORE_VALIDATORS)
    attitude = models.PositiveSmallIntegerField(_("态度"), null=True, blank=True, validators=SCORE_VALIDATORS)
    convenience = models.PositiveSmallIntegerField(_("便捷"), null=True, blank=True, validators=SCORE_VALIDATORS)
    comment = models.TextField(_("意见建议"), blank=True)
    # No rating within the set number of working days: counted as 满意 by the system.
    is_default = models.BooleanField(_("系统默认评价"), default=False)
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评价人账号"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resident = models.ForeignKey(
        "residents.Person", verbose_name=_("服务对象"), on_delete=models.PROTECT, related_name="ratings"
    )
    # What the rating is about, copied from the rated object when the rating is made.
    service = models.ForeignKey(
        "services.ServiceItem",
        verbose_name=_("服务事项"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    department = models.CharField(_("责任部门"), max_length=8, choices=Department.choices, blank=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("村（社区）"), on_delete=models.PROTECT, related_name="+"
    )
    # The grid (else the unit) the service was given in: who sees the rating, wherever the resident
    # lives later. A snapshot, like the rest.
    scope_code = models.CharField(_("区划代码"), max_length=15, db_index=True)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    provider_id = models.PositiveBigIntegerField(_("服务机构编号"), null=True, blank=True, db_index=True)
    provider_label = models.CharField(_("服务机构"), max_length=200, blank=True)
    finished_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("评价时间"), auto_now_add=True, db_index=True)
    # 申诉复核: a mistaken or malicious rating is excluded from every count, with the reason recorded.
    excluded = models.BooleanField(_("已剔除"), default=False)
    excluded_reason = models.TextField(_("剔除理由"), blank=True)
    excluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("剔除人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    excluded_at = models.DateTimeField(_("剔除时间"), null=True, blank=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务评价")
        verbose_name_plural = _("服务评价")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["target_type", "target_id"], name="rating_once_per_target"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="rating_level_1_to_5"),
            models.CheckConstraint(
                condition=(Q(efficiency__isnull=True) | Q(efficiency__gte=1, efficiency__lte=5))
                & (Q(attitude__isnull=True) | Q(attitude__gte=1, attitude__lte=5))
                & (Q(convenience__isnull=True) | Q(convenience__gte=1, convenience__lte=5)),
                name="rating_scores_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target_type}#{self.target_id} {self.get_level_display()}"

    @property
    def is_bad(self) -> bool:
        return is_bad(self.level)


class RectificationQuerySet(RegionScopedQuerySet):
    """Scoped like the rating it follows."""

    code_field = "rating__scope_code"
    household_path = "rating__resident__household"
    department_path = "rating__department"
    departments_seeing_all = RatingQuerySet.departments_seeing_all

    def open(self) -> "RectificationQuerySet":
        return self.filter(status__in=Status.open_states())


class Rectification(models.Model):
    """What follows a 差评: the return visit (回访核实), the rectification (整改), the feedback to the
    resident, and possibly an appeal (申诉复核). Due dates are in working days from `opened_on`."""

    rating = models.OneToOneField(
        Rating, verbose_name=_("评价"), on_delete=models.PROTECT, related_name="rectification"
    )
    status = models.CharField(_("状态"), max_length=24, choices=Status.choices, default=Status.RETURN_VISIT_PENDING)
    opened_on = models.DateField(_("立案日期"))
    return_visit_due = models.DateField(_("回访期限"), null=True, blank=True, db_index=True)
    rectify_due = models.DateField(_("整改期限"), null=True, blank=True, db_index=True)
    # The resident's answer to the rectification is awaited until this day; after it a handler may
    # record the answer given by phone.
    confirm_due = models.DateField(_("居民确认期限"), null=True, blank=True)
    calendar_missing = models.PositiveSmallIntegerField(_("缺少节假日安排的年份"), null=True, blank=True)
    verified = models.BooleanField(_("问题属实"), null=True, blank=True)
    visit_note = models.TextField(_("回访情况"), blank=True)
    rectify_note = models.TextField(_("整改情况"), blank=True)
    # The resident's answer to the rectification (回访意见), or the answer a handler recorded by phone.
    feedback_note = models.TextField(_("回访意见"), blank=True)
    confirmed_by_phone = models.BooleanField(_("电话回访确认"), default=False)
    dispute_note = models.TextField(_("居民异议"), blank=True)
    disputes = models.PositiveSmallIntegerField(_("异议次数"), default=0)
    appeal_reason = models.TextField(_("申诉理由"), blank=True)
    review_note = models.TextField(_("复核意见"), blank=True)
    visited_at = models.DateTimeField(_("回访时间"), null=True, blank=True)
    rectified_at = models.DateTimeField(_("整改时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    appealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申诉人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    appealed_at = models.DateTimeField(_("申诉时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("复核人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("复核时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = RectificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("差评整改")
        verbose_name_plural = _("差评整改")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "return_visit_due"], name="rectification_queue_idx")]
        permissions = [
            ("handle_rectification", _("回访、整改和反馈差评")),
            ("review_appeal", _("复核差评申诉")),
        ]

    def __str__(self) -> str:
        return f"{self.rating} · {self.get_status_display()}"


class RectificationFileQuerySet(RegionScopedQuerySet):
    code_field = "rectification__rating__scope_code"
    household_path = "rectification__rating__resident__household"
    department_path = "rectification__rating__department"
    departments_seeing_all = RatingQuerySet.departments_seeing_all


class RectificationFile(models.Model):
    """Evidence of a rectification (a photo, a scanned record), checked by shequ.core.uploads."""

    rectification = models.ForeignKey(Rectification, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("文件"), upload_to="rectifications/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=50)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = RectificationFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("整改证据")
        verbose_name_plural = _("整改证据")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class RectificationEventQuerySet(RegionScopedQuerySet):
    code_field = "rectification__rating__scope_code"
    household_path = "rectification__rating__resident__household"
    department_path = "rectification__rating__department"
    departments_seeing_all = RatingQuerySet.departments_seeing_all


class RectificationEvent(history_base(Status)):
    """The rectification's history (append-only); the system opens a case without an actor."""

    rectification = models.ForeignKey(Rectification, on_delete=models.CASCADE, related_name="history")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = RectificationEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("整改记录")
        verbose_name_plural = _("整改记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.rectification_id}: {self.from_status} → {self.to_status}"


class CreditKind(models.TextChoices):
    RATING = "rating", _("服务评价")
    UPHELD = "upheld", _("差评经核实")
    REVERSAL = "reversal", _("评价经申诉剔除")
    EVALUATION = "evaluation", _("政府购买服务绩效评价")


class CreditEntryQuerySet(models.QuerySet):
    def for_user(self, user) -> "CreditEntryQuerySet":
        """The county's overseers: administrators and 县民政局 (providers are its business)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser or user.role == Role.COUNTY_ADMIN:
            return self
        if user.role == Role.COUNTY_STAFF and user.department == Department.CIVIL_AFFAIRS:
            return self
        return self.none()


class CreditEntry(AppendOnlyModel):
    """One line of a provider's credit record (养老/托育/家政/物业). Append-only: a rating excluded on
    appeal is reversed by a compensating entry, never by changing or deleting the old one."""

    provider_id = models.PositiveBigIntegerField(_("服务机构编号"), db_index=True)
    provider_label = models.CharField(_("服务机构"), max_length=200, blank=True)
    rating = models.ForeignKey(
        Rating,
        verbose_name=_("评价"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_entries",
    )
    kind = models.CharField(_("类别"), max_length=16, choices=CreditKind.choices)
    points = models.IntegerField(_("分值"))
    reason = models.CharField(_("说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    objects = CreditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("信用记录")
        verbose_name_plural = _("信用记录")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.provider_label} {self.points:+d}"
