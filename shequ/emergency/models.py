"""Emergency readiness (应急): warnings with their target regions, the workers' acknowledgements and
the teams called; and each area's preparations — plans, supplies with their movements, shelters,
micro fire stations, drills and social emergency forces.

Every row carries `scope_code`, the most specific region it belongs to (a warning: the narrowest
region holding all its targets), so that `for_user` is a prefix filter on an indexed column.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from shequ.accounts.scope import RegionScopedQuerySet, Scope
from shequ.core.models import AppendOnlyModel
from shequ.core.workflow import history_base
from shequ.emergency.workflow import WarningStatus
from shequ.regions.codes import ancestors_of


class ScopedQuerySet(RegionScopedQuerySet):
    code_field = "scope_code"


class Level(models.TextChoices):
    BLUE = "blue", _("蓝色")
    YELLOW = "yellow", _("黄色")
    ORANGE = "orange", _("橙色")
    RED = "red", _("红色")


class Kind(models.TextChoices):
    WEATHER = "weather", _("气象")
    EARTHQUAKE = "earthquake", _("地震")
    FIRE = "fire", _("火灾")
    EPIDEMIC = "epidemic", _("疫情")
    OTHER = "other", _("其他")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("居民和工作人员")
    WORKERS = "workers", _("仅工作人员")


class WarningQuerySet(RegionScopedQuerySet):
    """The warnings addressed within the user's region (its issuers' list), and the issued ones
    whose targets lie above it (what the workers below must see and acknowledge)."""

    code_field = "scope_code"

    def within(self, scope: Scope):
        own = super().within(scope)
        if scope.everything or not scope.region_code:
            return own
        above = WarningTarget.objects.filter(warning=OuterRef("pk"), code__in=ancestors_of(scope.region_code))
        return self.filter(Q(pk__in=own.values("pk")) | (Exists(above) & ~Q(status=WarningStatus.DRAFT)))


class Warning(models.Model):
    level = models.CharField(_("预警级别"), max_length=8, choices=Level.choices)
    kind = models.CharField(_("预警类型"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=120)
    body = models.TextField(_("内容"))
    title_ug = models.CharField(_("维吾尔文标题"), max_length=200)
    body_ug = models.TextField(_("维吾尔文内容"))
    audience = models.CharField(_("发送对象"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE)
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    status = models.CharField(_("状态"), max_length=8, choices=WarningStatus.choices, default=WarningStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("拟稿人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("拟稿时间"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    lifted_at = models.DateTimeField(_("解除时间"), null=True, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    objects = WarningQuerySet.as_manager()

    class Meta:
        verbose_name = _("预警")
        verbose_name_plural = _("预警")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["scope_code", "created_at", "id"], name="warning_scope_time_idx"),
            models.Index(fields=["created_at", "id"], name="warning_time_idx"),
        ]
        constraints = [models.CheckConstraint(condition=~Q(scope_code=""), name="warning_scope_code_set")]

    def __str__(self) -> str:
        return self.title

    def title_in(self, language: str) -> str:
        return self.title_ug if language == "ug" else self.title

    def body_in(self, language: str) -> str:
        return self.body_ug if language == "ug" else self.body


class WarningPartQuerySet(RegionScopedQuerySet):
    code_field = "warning__scope_code"


class WarningTarget(models.Model):
    """One region a warning is addressed to (the county, a township, a unit or a grid)."""

    warning = models.ForeignKey(Warning, on_delete=models.CASCADE, related_name="targets")
    region = models.ForeignKey("regions.Region", verbose_name=_("预警区域"), on_delete=models.PROTECT, related_name="+")
    # The region's code: residents' warnings are those targeting a region above or at their grid.
    code = models.CharField(_("区划代码"), max_length=15, db_index=True)

    objects = WarningPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("预警区域")
        verbose_name_plural = _("预警区域")
        constraints = [models.UniqueConstraint(fields=["warning", "region"], name="warning_target_once")]

    def __str__(self) -> str:
        return self.code


class WarningHistory(history_base(WarningStatus)):
    warning = models.ForeignKey(Warning, on_delete=models.CASCADE, related_name="history")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT, null=True, related_name="+"
    )

    objects = WarningPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("预警记录")
        verbose_name_plural = _("预警记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.warning_id}: {self.from_status} → {self.to_status}"


class Acknowledgement(models.Model):
    """A worker who must confirm an issued warning; written, unconfirmed, for every grid worker and
    village worker of the targets when it is issued, so that the pending ones are rows to count."""

    warning = models.ForeignKey(Warning, on_delete=models.CASCADE, related_name="acknowledgements")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("工作人员"), on_delete=models.CASCADE)
    # The worker's region (a grid or a unit), its unit, and its grid where it is one.
    scope_code = models.CharField(_("区划代码"), max_length=15)
    unit_code = models.CharField(_("村（社区）代码"), max_length=12)
    grid_code = models.CharField(_("网格代码"), max_length=15, blank=True)
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("预警确认")
        verbose_name_plural = _("预警确认")
        constraints = [models.UniqueConstraint(fields=["warning", "worker"], name="warning_ack_once")]
        indexes = [
            models.Index(fields=["warning", "unit_code", "grid_code"], name="warning_ack_unit_idx"),
            models.Index(fields=["worker", "acknowledged_at"], name="warning_ack_worker_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.warning_id}/{self.worker_id}"


class Force(models.Model):
    """A social emergency force (社会应急力量): a team, what it can do, how to reach it."""

    name = models.CharField(_("队伍名称"), max_length=100)
    skills = models.CharField(_("专业能力"), max_length=200)
    leader = models.CharField(_("负责人"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=20)
    members = models.PositiveIntegerField(_("队员人数"), default=0)
    region = models.ForeignKey("regions.Region", verbose_name=_("所在区域"), on_delete=models.PROTECT, related_name="+")
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    active = models.BooleanField(_("在册"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("社会应急力量")
        verbose_name_plural = _("社会应急力量")
        ordering = ["scope_code", "name", "id"]
        indexes = [models.Index(fields=["scope_code", "name", "id"], name="force_scope_idx")]

    def __str__(self) -> str:
        return self.name


class ForceCall(models.Model):
    """A team the issuer called out for a warning (recorded once per team)."""

    warning = models.ForeignKey(Warning, on_delete=models.CASCADE, related_name="force_calls")
    force = models.ForeignKey(Force, verbose_name=_("队伍"), on_delete=models.PROTECT, related_name="calls")
    called_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    called_at = models.DateTimeField(_("调用时间"), auto_now_add=True)

    objects = WarningPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("应急力量调用")
        verbose_name_plural = _("应急力量调用")
        constraints = [models.UniqueConstraint(fields=["warning", "force"], name="force_call_once")]

    def __str__(self) -> str:
        return f"{self.warning_id} → {self.force_id}"


class Plan(models.Model):
    """An emergency plan (应急预案) of a unit or township: one row per version, the document a
    PDF (or a scan) checked by shequ.core.uploads."""

    region = models.ForeignKey("regions.Region", verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="+")
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    title = models.CharField(_("预案名称"), max_length=120)
    version = models.CharField(_("版本"), max_length=20)
    effective_on = models.DateField(_("印发日期"))
    file = models.FileField(_("文件"), upload_to="emergency/plans/%Y/")
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=50)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("应急预案")
        verbose_name_plural = _("应急预案")
        ordering = ["scope_code", "-effective_on", "-id"]
        indexes = [models.Index(fields=["scope_code", "effective_on"], name="plan_scope_idx")]

    def __str__(self) -> str:
        return f"{self.title} {self.version}"


class Supply(models.Model):
    """A reserve item (物资储备) of a unit or township; its quantity changes only by movements."""

    region = models.ForeignKey("regions.Region", verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="+")
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    name = models.CharField(_("物资名称"), max_length=60)
    measure = models.CharField(_("计量单位"), max_length=10)
    quantity = models.DecimalField(_("库存数量"), max_digits=12, decimal_places=2, default=0)
    minimum = models.DecimalField(
        _("最低储备量"), max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    location = models.CharField(_("存放地点"), max_length=100)
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)
    # When the unit's workers were told it runs low (cleared by a restock above the minimum), and
    # the expiry date they were told of: each alert goes out once.
    low_alerted_at = models.DateTimeField(null=True, blank=True, editable=False)
    expiry_alerted_for = models.DateField(null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("应急物资")
        verbose_name_plural = _("应急物资")
        ordering = ["scope_code", "name", "id"]
        indexes = [
            models.Index(fields=["scope_code", "name", "id"], name="supply_scope_idx"),
            models.Index(fields=["expires_on"], name="supply_expiry_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=0), name="supply_quantity_not_negative"),
            models.CheckConstraint(condition=~Q(scope_code=""), name="supply_scope_code_set"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_low(self) -> bool:
        return self.quantity < self.minimum


class MovementKind(models.TextChoices):
    RESTOCK = "restock", _("入库")
    ISSUE = "issue", _("出库")


class SupplyPartQuerySet(RegionScopedQuerySet):
    code_field = "supply__scope_code"


class SupplyMovement(AppendOnlyModel):
    """One issue or restock, with the balance it left (the running balance)."""

    supply = models.ForeignKey(Supply, on_delete=models.CASCADE, related_name="movements")
    kind = models.CharField(_("类型"), max_length=8, choices=MovementKind.choices)
    quantity = models.DecimalField(_("数量"), max_digits=12, decimal_places=2)
    balance = models.DecimalField(_("结存"), max_digits=12, decimal_places=2)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    objects = SupplyPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("物资出入库")
        verbose_name_plural = _("物资出入库")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.supply_id} {self.kind} {self.quantity}"


class Shelter(models.Model):
    """An emergency shelter (避难场所)."""

    region = models.ForeignKey("regions.Region", verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="+")
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    name = models.CharField(_("名称"), max_length=100)
    address = models.CharField(_("地址"), max_length=200)
    capacity = models.PositiveIntegerField(_("可容纳人数"))
    facilities = models.TextField(_("配套设施"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("避难场所")
        verbose_name_plural = _("避难场所")
        ordering = ["scope_code", "name", "id"]
        indexes = [models.Index(fields=["scope_code", "name", "id"], name="shelter_scope_idx")]

    def __str__(self) -> str:
        return self.name


class FireStation(models.Model):
    """A micro fire station (微型消防站): its equipment and its on-duty staff."""

    region = models.ForeignKey("regions.Region", verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="+")
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    name = models.CharField(_("名称"), max_length=100)
    address = models.CharField(_("地址"), max_length=200)
    equipment = models.TextField(_("器材装备"))
    staff = models.TextField(_("值守人员"))
    phone = models.CharField(_("值班电话"), max_length=20, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("微型消防站")
        verbose_name_plural = _("微型消防站")
        ordering = ["scope_code", "name", "id"]
        indexes = [models.Index(fields=["scope_code", "name", "id"], name="firestation_scope_idx")]

    def __str__(self) -> str:
        return self.name


class Drill(models.Model):
    """An emergency drill (应急演练)."""

    region = models.ForeignKey("regions.Region", verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="+")
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    held_on = models.DateField(_("演练日期"))
    scenario = models.CharField(_("演练科目"), max_length=200)
    participants = models.PositiveIntegerField(_("参加人数"))
    notes = models.TextField(_("演练情况"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("应急演练")
        verbose_name_plural = _("应急演练")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["scope_code", "held_on"], name="drill_scope_idx")]

    def __str__(self) -> str:
        return f"{self.held_on} {self.scenario}"
