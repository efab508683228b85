"""Grid incidents (网格事件): the category catalogue and its routing rules, the incidents with their
files and history, grid workers' patrols and their findings, and the hand-over of police matters to
the unit's 警务室 (警社联动)."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from shequ.accounts.models import Department
from shequ.accounts.scope import RegionScopedQuerySet
from shequ.core.workflow import history_base
from shequ.incidents.workflow import Move, Status


class HandledAt(models.TextChoices):
    UNIT = "unit", _("村（社区）")
    TOWNSHIP = "township", _("乡镇")
    DEPARTMENT = "department", _("县直部门")


class LimitUnit(models.TextChoices):
    HOURS = "hours", _("小时")
    WORKDAYS = "workdays", _("工作日")


class Source(models.TextChoices):
    RESIDENT = "resident", _("居民上报")
    PATROL = "patrol", _("网格员巡查")
    HOTLINE = "hotline", _("热线受理")
    REFERRAL = "referral", _("上级交办")


class Category(models.Model):
    """A category of the two-level catalogue; incidents are filed under a leaf."""

    code = models.CharField(_("编码"), max_length=8, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级类别"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    department = models.CharField(_("责任部门"), max_length=8, choices=Department.choices, blank=True)
    handled_at = models.CharField(_("默认处置层级"), max_length=12, choices=HandledAt.choices, default=HandledAt.UNIT)
    time_limit = models.PositiveSmallIntegerField(_("处置时限"), default=5)
    time_limit_unit = models.CharField(
        _("时限单位"), max_length=8, choices=LimitUnit.choices, default=LimitUnit.WORKDAYS
    )
    # Matters for the police: dispatched with a hand-over to the unit's 警务室.
    police = models.BooleanField(_("移交警务室"), default=False)
    translations = models.JSONField(_("译文"), default=dict, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("事件类别")
        verbose_name_plural = _("事件类别")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def local_name(self) -> str:
        language = (get_language() or "").split("-")[0]
        return self.translations.get(language, {}).get("name") or self.name


class RoutingRule(models.Model):
    """Where a category's incidents go within a region (a prefix of the incident's scope code): the
    most specific rule wins, else the category's own default."""

    category = models.ForeignKey(Category, verbose_name=_("事件类别"), on_delete=models.CASCADE, related_name="rules")
    region_code = models.CharField(_("区划代码"), max_length=15)
    handled_at = models.CharField(_("处置层级"), max_length=12, choices=HandledAt.choices)
    department = models.CharField(_("责任部门"), max_length=8, choices=Department.choices, blank=True)

    class Meta:
        verbose_name = _("派遣规则")
        verbose_name_plural = _("派遣规则")
        constraints = [models.UniqueConstraint(fields=["category", "region_code"], name="routing_rule_once")]

    def __str__(self) -> str:
        return f"{self.category.code}@{self.region_code} → {self.handled_at}"


class IncidentQuerySet(RegionScopedQuerySet):
    """The area of a worker (a grid worker: the grid); a county department sees the cases dispatched
    to it (县民政局 all of them); a resident the cases their household reported."""

    code_field = "scope_code"
    household_path = "reporter_person__household"
    department_path = "assigned_department"
    departments_seeing_all = frozenset({Department.CIVIL_AFFAIRS})

    def open(self) -> "IncidentQuerySet":
        return self.filter(status__in=Status.open_states())


class Incident(models.Model):
    category = models.ForeignKey(Category, verbose_name=_("事件类别"), on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("事件描述"))
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("村（社区）"), on_delete=models.PROTECT, related_name="+"
    )
    grid = models.ForeignKey(
        "regions.Region", verbose_name=_("网格"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The grid's code, else the unit's: who sees it, read by the queue indexes without a join.
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    location = models.CharField(_("位置"), max_length=200, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上报账号"), on_delete=models.PROTECT, related_name="+"
    )
    # The resident who reported it (follows it and rates it), when a resident did.
    reporter_person = models.ForeignKey(
        "residents.Person",
        verbose_name=_("报告人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.REPORTED)
    # Where it was dispatched: a county department, or a unit or township (派遣对象).
    assigned_department = models.CharField(_("承办部门"), max_length=8, choices=Department.choices, blank=True)
    assigned_unit = models.ForeignKey(
        "regions.Region",
        verbose_name=_("承办单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    police = models.BooleanField(_("涉警事件"), default=False)
    reported_at = models.DateTimeField(_("上报时间"))
    due_at = models.DateTimeField(_("处置期限"), null=True, blank=True)
    warn_at = models.DateTimeField(_("临期提醒时间"), null=True, blank=True)
    calendar_missing = models.PositiveSmallIntegerField(_("缺少节假日安排的年份"), null=True, blank=True)
    suspended_from = models.CharField(_("挂起前状态"), max_length=16, choices=Status.choices, blank=True)
    suspended_at = models.DateTimeField(_("挂起时间"), null=True, blank=True)
    extension_until = models.DateTimeField(_("申请延期至"), null=True, blank=True)
    # 0: not escalated; 1: the township was told it is overdue; 2: the county too.
    escalation_level = models.PositiveSmallIntegerField(_("督办层级"), default=0)
    escalated_at = models.DateTimeField(_("督办时间"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处置人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("网格事件")
        verbose_name_plural = _("网格事件")
        ordering = ["-reported_at", "-id"]
        # The queues are one status (or a few) within a scope ordered by due time: the first index
        # finds a narrow scope's queue by its code range, the second lets the county read a queue
        # already sorted, the third the running cases (overdue, due soon) in due order, which an
        # index led by the status cannot give across four statuses; the last two serve the lists
        # newest first.
        indexes = [
            models.Index(fields=["status", "scope_code", "due_at"], name="incident_queue_idx"),
            models.Index(fields=["status", "due_at"], name="incident_status_due_idx"),
            models.Index(
                fields=["due_at", "id"],
                condition=models.Q(status__in=Status.running_states()),
                name="incident_running_due_idx",
            ),
            models.Index(fields=["scope_code", "reported_at"], name="incident_scope_time_idx"),
            models.Index(fields=["reported_at", "id"], name="incident_time_idx"),
        ]
        constraints = [models.CheckConstraint(condition=~models.Q(scope_code=""), name="incident_scope_code_set")]
        permissions = [("dispatch_incident", _("立案、派遣和结案网格事件"))]

    def __str__(self) -> str:
        return f"#{self.pk} {self.category.name}"


class IncidentPartQuerySet(RegionScopedQuerySet):
    code_field = "incident__scope_code"
    household_path = "incident__reporter_person__household"
    department_path = "incident__assigned_department"
    departments_seeing_all = IncidentQuerySet.departments_seeing_all


class FileStage(models.TextChoices):
    REPORT = "report", _("上报照片")
    HANDLED = "handled", _("处置照片")


class IncidentFile(models.Model):
    """A photo of the reported problem or of the handling (checked by shequ.core.uploads)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="files")
    stage = models.CharField(_("阶段"), max_length=8, choices=FileStage.choices)
    file = models.FileField(_("文件"), upload_to="incidents/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=50)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = IncidentPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("事件照片")
        verbose_name_plural = _("事件照片")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class IncidentEvent(history_base(Status)):
    """The incident's history (append-only); `move` names a step that kept the status (延期)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="history")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    move = models.CharField(_("操作"), max_length=24, blank=True)

    objects = IncidentPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("事件记录")
        verbose_name_plural = _("事件记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.from_status} → {self.to_status}"

    @property
    def step_label(self) -> str:
        return Move(self.move).label if self.move in Move.values else self.get_to_status_display()


class PoliceHandover(models.Model):
    """A police matter handed to the unit's 警务室 (警社联动), with who handed it over and when."""

    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="police_handover")
    unit = models.ForeignKey("regions.Region", verbose_name=_("警务室所在村（社区）"), on_delete=models.PROTECT)
    handed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("移交人"), on_delete=models.PROTECT, related_name="+"
    )
    handed_at = models.DateTimeField(_("移交时间"), auto_now_add=True)
    note = models.TextField(_("移交说明"), blank=True)

    objects = IncidentPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("警务室移交记录")
        verbose_name_plural = _("警务室移交记录")

    def __str__(self) -> str:
        return f"#{self.incident_id} → {self.unit}"


class PatrolQuerySet(RegionScopedQuerySet):
    code_field = "scope_code"


class Patrol(models.Model):
    """One patrol of a grid worker: when, where, what was found."""

    worker = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("网格员"), on_delete=models.PROTECT)
    grid = models.ForeignKey("regions.Region", verbose_name=_("网格"), on_delete=models.PROTECT, related_name="+")
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    started_at = models.DateTimeField(_("开始时间"))
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    places = models.TextField(_("巡查地点"))
    note = models.TextField(_("巡查情况"), blank=True)

    objects = PatrolQuerySet.as_manager()

    class Meta:
        verbose_name = _("巡查记录")
        verbose_name_plural = _("巡查记录")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["scope_code", "started_at"], name="patrol_scope_time_idx")]

    def __str__(self) -> str:
        return f"{self.grid} {self.started_at:%Y-%m-%d}"


class PatrolFindingQuerySet(RegionScopedQuerySet):
    code_field = "patrol__scope_code"


class PatrolFinding(models.Model):
    """Something found on a patrol; reported as an incident in one step."""

    patrol = models.ForeignKey(Patrol, on_delete=models.CASCADE, related_name="findings")
    description = models.TextField(_("发现情况"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    incident = models.OneToOneField(
        Incident, verbose_name=_("事件"), on_delete=models.PROTECT, null=True, blank=True, related_name="finding"
    )

    objects = PatrolFindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("巡查发现")
        verbose_name_plural = _("巡查发现")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description[:40]
