"""The plan's task–department matrix and what the departments and townships do with it: yearly work
items, progress reports per period reviewed by 县民政局, overdue reminders, major matters reported
upward, the townships' and villages' responsibility lists, and the scoring sheet of the
comprehensive performance assessment (综合绩效考核).

A row that belongs to a department or a township (a "party") carries both columns, exactly one of
them set, and `scope_code`: the township's code, or the county's for a department. County
department staff see the rows of their own department (县民政局, which reviews them, sees all); a
township sees its own rows (shequ.accounts.scope).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shequ.accounts.models import Department
from shequ.accounts.scope import RegionScopedQuerySet
from shequ.core.workflow import history_base
from shequ.plantasks.workflow import MatterStatus, ReportStatus

SEES_ALL = frozenset({Department.CIVIL_AFFAIRS})


class TaskKind(models.TextChoices):
    TASK = "task", _("重点任务")
    SAFEGUARD = "safeguard", _("保障措施")


class PlanTask(models.Model):
    """A key task or a safeguard of the county plan (catalogue.py). The plan's text is public: the
    matrix is read by every staff member, so it is not region-scoped."""

    code = models.SlugField(_("代码"), max_length=20, unique=True)
    county_code = models.CharField(_("县级区划代码"), max_length=6)
    kind = models.CharField(_("类别"), max_length=10, choices=TaskKind.choices)
    number = models.PositiveSmallIntegerField(_("序号"))
    position = models.PositiveSmallIntegerField(_("排序"))
    section = models.CharField(_("所属部分"), max_length=60)
    title = models.CharField(_("名称"), max_length=60)
    bracket = models.TextField(_("方案原文（责任单位）"), blank=True)
    townships = models.BooleanField(_("含各乡镇人民政府"), default=False)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    # The plan names no lead ("按职责分工负责"); the county may mark one of the task's departments.
    lead = models.CharField(_("牵头部门"), max_length=8, choices=Department.choices, blank=True)

    class Meta:
        verbose_name = _("规划任务")
        verbose_name_plural = _("规划任务")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.title


class TaskDepartment(models.Model):
    task = models.ForeignKey(PlanTask, on_delete=models.CASCADE, related_name="departments")
    department = models.CharField(_("部门"), max_length=8, choices=Department.choices)
    as_written = models.CharField(_("方案原文写法"), max_length=30)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("排序"))

    class Meta:
        verbose_name = _("任务责任部门")
        verbose_name_plural = _("任务责任部门")
        ordering = ["task__position", "position"]
        constraints = [models.UniqueConstraint(fields=["task", "department"], name="task_department_once")]

    def __str__(self) -> str:
        return f"{self.task} · {self.get_department_display()}"


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("季度")
    HALF = "half", _("半年")


class ReportSchedule(models.Model):
    """How often progress is reported in a year, and how many days after a period ends its report is
    due (configuration, kept by the county administrator). A year without a row: quarterly, 10 days."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    period = models.CharField(_("报告周期"), max_length=8, choices=PeriodKind.choices, default=PeriodKind.QUARTER)
    days_after = models.PositiveSmallIntegerField(_("期末后几日内报送"), default=10, validators=[MaxValueValidator(60)])

    class Meta:
        verbose_name = _("进度报告周期")
        verbose_name_plural = _("进度报告周期")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} {self.get_period_display()}"


class PartyQuerySet(RegionScopedQuerySet):
    code_field = "scope_code"
    department_path = "department"
    departments_seeing_all = SEES_ALL


def party_constraint(name: str) -> models.CheckConstraint:
    """Exactly one of department and township."""
    return models.CheckConstraint(
        condition=(Q(department="") & Q(township__isnull=False)) | (~Q(department="") & Q(township__isnull=True)),
        name=name,
    )


class PartyFields(models.Model):
    department = models.CharField(_("部门"), max_length=8, choices=Department.choices, blank=True)
    township = models.ForeignKey(
        "regions.Region", verbose_name=_("乡镇"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)

    class Meta:
        abstract = True

    @property
    def party_label(self) -> str:
        return self.get_department_display() if self.department else self.township.name


class WorkItem(PartyFields):
    """One year's work of a department or township on a task: what, to what target, by when."""

    task = models.ForeignKey(PlanTask, verbose_name=_("规划任务"), on_delete=models.PROTECT, related_name="items")
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("工作事项"), max_length=100)
    target = models.TextField(_("工作目标"), max_length=1000)
    due_on = models.DateField(_("完成时限"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("年度工作事项")
        verbose_name_plural = _("年度工作事项")
        ordering = ["year", "task__position", "scope_code", "department", "id"]
        indexes = [models.Index(fields=["year", "scope_code", "department", "task"], name="workitem_year_scope_idx")]
        constraints = [party_constraint("workitem_one_party")]

    def __str__(self) -> str:
        return self.title


class ProgressReport(PartyFields):
    """A work item's report for one period of its year (1–4 quarters or 1–2 halves)."""

    item = models.ForeignKey(WorkItem, verbose_name=_("工作事项"), on_delete=models.CASCADE, related_name="reports")
    period = models.CharField(_("报告周期"), max_length=8, choices=PeriodKind.choices)
    period_index = models.PositiveSmallIntegerField(_("期次"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    due_on = models.DateField(_("报送截止日期"))
    status = models.CharField(_("状态"), max_length=24, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    text = models.TextField(_("进展情况"), max_length=4000)
    percent_done = models.PositiveSmallIntegerField(
        _("完成进度（%）"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    # [[label, number, unit], …]: the figures the reporter gives (建成站点 3 个 …).
    figures = models.JSONField(_("数据"), default=list, blank=True)
    first_submitted_at = models.DateTimeField(_("首次提交时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("进度报告")
        verbose_name_plural = _("进度报告")
        ordering = ["item", "period_index"]
        indexes = [models.Index(fields=["status", "scope_code", "submitted_at"], name="progress_queue_idx")]
        constraints = [
            models.UniqueConstraint(fields=["item", "period_index"], name="progress_once_per_period"),
            party_constraint("progress_one_party"),
        ]

    def __str__(self) -> str:
        return f"{self.item} #{self.period_index}"

    @property
    def on_time(self) -> bool | None:
        if self.first_submitted_at is None:
            return None
        from django.utils import timezone

        return timezone.localtime(self.first_submitted_at).date() <= self.due_on


class ReportChildQuerySet(RegionScopedQuerySet):
    code_field = "report__scope_code"
    department_path = "report__department"
    departments_seeing_all = SEES_ALL


class ProgressReportFile(models.Model):
    """An attachment of a progress report, checked by shequ.core.uploads."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("文件"), upload_to="progress/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=50)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ReportChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("进度报告附件")
        verbose_name_plural = _("进度报告附件")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class ProgressReportEvent(history_base(ReportStatus)):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ReportChildQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("进度报告记录")
        verbose_name_plural = _("进度报告记录")


class ItemChildQuerySet(RegionScopedQuerySet):
    code_field = "item__scope_code"
    department_path = "item__department"
    departments_seeing_all = SEES_ALL


class OverdueReminder(models.Model):
    """That the reminder for an item's overdue period was sent: at most once (the constraint holds
    it under concurrent runs of the command)."""

    item = models.ForeignKey(WorkItem, on_delete=models.CASCADE, related_name="reminders")
    period_index = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(default=0)

    objects = ItemChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("逾期提醒")
        verbose_name_plural = _("逾期提醒")
        constraints = [models.UniqueConstraint(fields=["item", "period_index"], name="reminder_once_per_period")]

    def __str__(self) -> str:
        return f"{self.item_id} #{self.period_index}"


class MajorMatter(PartyFields):
    """A major matter (重大事项) a department or township reports upward, with its handling."""

    title = models.CharField(_("事项"), max_length=100)
    description = models.TextField(_("基本情况"), max_length=4000)
    occurred_on = models.DateField(_("发生日期"))
    status = models.CharField(_("处理状态"), max_length=24, choices=MatterStatus.choices, default=MatterStatus.REPORTED)
    handling = models.TextField(_("最新处理情况"), blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(_("上报时间"), auto_now_add=True)

    objects = PartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("重大事项")
        verbose_name_plural = _("重大事项")
        ordering = ["-reported_at", "-id"]
        indexes = [models.Index(fields=["scope_code", "department", "reported_at"], name="matter_scope_idx")]
        constraints = [party_constraint("matter_one_party")]

    def __str__(self) -> str:
        return self.title


class MatterChildQuerySet(RegionScopedQuerySet):
    code_field = "matter__scope_code"
    department_path = "matter__department"
    departments_seeing_all = SEES_ALL


class MajorMatterEvent(history_base(MatterStatus)):
    matter = models.ForeignKey(MajorMatter, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = MatterChildQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("重大事项记录")
        verbose_name_plural = _("重大事项记录")


class ResponsibilityListQuerySet(RegionScopedQuerySet):
    code_field = "scope_code"


class ResponsibilityList(models.Model):
    """The responsibility list (权责清单) of a township or a village-level unit."""

    region = models.OneToOneField(
        "regions.Region", verbose_name=_("乡镇或村（社区）"), on_delete=models.PROTECT, related_name="+"
    )
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)

    objects = ResponsibilityListQuerySet.as_manager()

    class Meta:
        verbose_name = _("权责清单")
        verbose_name_plural = _("权责清单")
        ordering = ["scope_code"]

    def __str__(self) -> str:
        return self.region.name


class VersionQuerySet(RegionScopedQuerySet):
    code_field = "responsibility_list__scope_code"


class ResponsibilityListVersion(models.Model):
    """One version of a list: the document and the date from which it applies. A version is
    superseded from the effective date of the next one (selectors.list_versions)."""

    responsibility_list = models.ForeignKey(ResponsibilityList, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("版本号"))
    effective_on = models.DateField(_("生效日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    file = models.FileField(_("文件"), upload_to="responsibility/%Y/")
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=50)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("权责清单版本")
        verbose_name_plural = _("权责清单版本")
        ordering = ["responsibility_list", "effective_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["responsibility_list", "number"], name="list_version_number_once"),
            models.UniqueConstraint(fields=["responsibility_list", "effective_on"], name="list_version_date_once"),
        ]

    def __str__(self) -> str:
        return f"{self.responsibility_list} v{self.number}"


class CriterionSource(models.TextChoices):
    INDICATORS_MET = "indicators", _("规划指标达标率（自动计算）")
    REPORTS_ON_TIME = "reports", _("进度报告按时报送率（自动计算）")
    FEEDBACK_GOOD = "feedback", _("好差评好评率（自动计算）")
    ENTERED = "entered", _("评审录入")


class AppliesTo(models.TextChoices):
    BOTH = "both", _("部门和乡镇")
    DEPARTMENTS = "departments", _("县直部门")
    TOWNSHIPS = "townships", _("乡镇")


class ScoringCriterion(models.Model):
    """A line of the scoring sheet with its weight (configuration, kept by the county administrator).
    Every criterion scores 0–100; a party's total is the weighted mean over the criteria that apply
    to it and have a score."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("考核内容"), max_length=100)
    source = models.CharField(_("得分来源"), max_length=12, choices=CriterionSource.choices)
    weight = models.DecimalField(
        _("权重"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    applies_to = models.CharField(_("适用对象"), max_length=12, choices=AppliesTo.choices, default=AppliesTo.BOTH)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("考核评分项")
        verbose_name_plural = _("考核评分项")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class EnteredScore(PartyFields):
    """A reviewer's score of a party on an entered criterion for a year, with the reason."""

    criterion = models.ForeignKey(ScoringCriterion, verbose_name=_("考核评分项"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("年度"))
    points = models.DecimalField(
        _("得分"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    reason = models.TextField(_("评分理由"), max_length=1000)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    objects = PartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("考核评审得分")
        verbose_name_plural = _("考核评审得分")
        ordering = ["year", "criterion", "scope_code", "department"]
        constraints = [
            party_constraint("score_one_party"),
            models.UniqueConstraint(
                fields=["year", "criterion", "department"],
                condition=Q(township__isnull=True),
                name="score_once_per_department",
            ),
            models.UniqueConstraint(
                fields=["year", "criterion", "township"],
                condition=Q(township__isnull=False),
                name="score_once_per_township",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.criterion_id} {self.department or self.township_id}: {self.points}"
