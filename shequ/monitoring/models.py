"""Plan versions with their targets, hand-entered baselines, and snapshots of the computed figures.

A snapshot keeps, per region and indicator, what the engine computed on its day together with the
target and comparison it was judged against. A frozen snapshot (the county administrator's
year-end 冻结) is the evaluation of that year and is never written again (services.py refuses, and
the rows refuse to be saved or deleted).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.accounts.scope import RegionScopedQuerySet
from shequ.core.errors import DomainError
from shequ.monitoring.indicators import INDICATOR_CHOICES


class ScopedByCode(RegionScopedQuerySet):
    """Rows of a region (a plan's, a baseline's, a snapshot's): what lies within the user's region."""

    code_field = "region_code"


class ScopedByPlan(RegionScopedQuerySet):
    code_field = "plan__region_code"


class ScopedBySnapshot(RegionScopedQuerySet):
    code_field = "snapshot__region_code"


FIGURE = {"max_digits": 14, "decimal_places": 4, "null": True, "blank": True}


class Comparison(models.TextChoices):
    AT_LEAST = "gte", "≥"
    MORE_THAN = "gt", ">"


class PlanVersion(models.Model):
    """A plan with its targets: the county's 十四五 and 十五五, or another county's or the
    prefecture's plan entered the same way."""

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    issuer = models.CharField(_("制定单位"), max_length=100)
    region_code = models.CharField(_("适用区划代码"), max_length=15)
    first_year = models.PositiveSmallIntegerField(_("起始年份"))
    last_year = models.PositiveSmallIntegerField(_("终止年份"))
    is_example = models.BooleanField(_("示例目标"), default=False, help_text=_("目标为示例，待县里确定"))

    objects = ScopedByCode.as_manager()

    class Meta:
        verbose_name = _("规划版本")
        verbose_name_plural = _("规划版本")
        ordering = ["region_code", "first_year", "code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(last_year__gte=models.F("first_year")), name="plan_years_order")
        ]

    def __str__(self) -> str:
        return self.name


class IndicatorTarget(models.Model):
    plan = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("指标"), max_length=40, choices=INDICATOR_CHOICES)
    target = models.DecimalField(_("目标值"), max_digits=12, decimal_places=2)
    comparison = models.CharField(_("比较方式"), max_length=3, choices=Comparison.choices, default=Comparison.AT_LEAST)
    is_example = models.BooleanField(_("示例目标"), default=False)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    objects = ScopedByPlan.as_manager()

    class Meta:
        verbose_name = _("指标目标")
        verbose_name_plural = _("指标目标")
        constraints = [models.UniqueConstraint(fields=["plan", "indicator"], name="target_once_per_plan")]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.indicator}"


class Baseline(models.Model):
    """A value at the start of a plan (end of 2020 for 十四五), entered by hand with its source."""

    plan = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="baselines")
    indicator = models.CharField(_("指标"), max_length=40, choices=INDICATOR_CHOICES)
    region_code = models.CharField(_("区划代码"), max_length=15)
    value = models.DecimalField(_("基期值"), max_digits=14, decimal_places=4)
    as_of = models.DateField(_("统计日期"))
    source = models.CharField(_("来源"), max_length=200)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    objects = ScopedByCode.as_manager()

    class Meta:
        verbose_name = _("指标基期值")
        verbose_name_plural = _("指标基期值")
        constraints = [
            models.UniqueConstraint(fields=["plan", "indicator", "region_code"], name="baseline_once_per_region")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.indicator} {self.region_code}"


class SnapshotKind(models.TextChoices):
    MONTHLY = "monthly", _("月度")
    YEAR_END = "year_end", _("年末")


class Snapshot(models.Model):
    plan = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="snapshots")
    region_code = models.CharField(_("区划代码"), max_length=15)
    taken_on = models.DateField(_("统计日期"))
    kind = models.CharField(_("类别"), max_length=10, choices=SnapshotKind.choices)
    frozen_at = models.DateTimeField(_("冻结时间"), null=True, blank=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedByCode.as_manager()

    class Meta:
        verbose_name = _("指标快照")
        verbose_name_plural = _("指标快照")
        ordering = ["-taken_on", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "region_code", "taken_on", "kind"], name="snapshot_once_per_day")
        ]
        indexes = [models.Index(fields=["plan", "region_code", "taken_on"], name="snapshot_plan_date_idx")]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.region_code} {self.taken_on}"

    @property
    def frozen(self) -> bool:
        return self.frozen_at is not None


class SnapshotFigure(models.Model):
    snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="figures")
    region_code = models.CharField(max_length=15)
    indicator = models.CharField(max_length=40, choices=INDICATOR_CHOICES)
    value = models.DecimalField(**FIGURE)
    numerator = models.DecimalField(**FIGURE)
    denominator = models.DecimalField(**FIGURE)
    target = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    comparison = models.CharField(max_length=3, choices=Comparison.choices, blank=True)
    met = models.BooleanField(null=True)
    missing = models.JSONField(default=list)
    short_units = models.JSONField(default=list)

    objects = ScopedByCode.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "region_code", "indicator"], name="figure_once_per_snapshot")
        ]

    def __str__(self) -> str:
        return f"{self.snapshot_id} {self.region_code} {self.indicator}"

    def save(self, *args, **kwargs):
        self._refuse_when_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_when_frozen()
        return super().delete(*args, **kwargs)

    def _refuse_when_frozen(self) -> None:
        # Asked of the database: a snapshot object held in memory may predate the freeze.
        if Snapshot.objects.filter(pk=self.snapshot_id, frozen_at__isnull=False).exists():
            raise DomainError(_("已冻结的指标不能修改"), api_code="monitoring.frozen")


class ReportKind(models.TextChoices):
    MONITORING = "monitoring", _("规划实施监测报告")
    FINAL = "final", _("期末评估报告")
    WORKBOOK = "workbook", _("指标表（Excel）")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class Report(models.Model):
    """A report asked for on the dashboard, built by the task worker (tasks.py) and kept in the
    configured storage: who asked, for which region, plan and date, how far the build is."""

    kind = models.CharField(_("类别"), max_length=12, choices=ReportKind.choices)
    region_code = models.CharField(_("区划代码"), max_length=15)
    plan = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="reports")
    as_of = models.DateField(_("统计日期"), null=True, blank=True, help_text=_("空：当前数据"))
    language = models.CharField(_("语言"), max_length=10, default="zh-hans")
    status = models.CharField(_("状态"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    error = models.CharField(_("失败原因"), max_length=300, blank=True)
    file = models.FileField(_("文件"), upload_to="monitoring/reports/%Y/%m/", blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedByCode.as_manager()

    class Meta:
        verbose_name = _("监测报告")
        verbose_name_plural = _("监测报告")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["region_code", "-requested_at"], name="report_region_recent_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.region_code}"

    @property
    def is_pdf(self) -> bool:
        return self.kind != ReportKind.WORKBOOK
