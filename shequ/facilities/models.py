"""The community facility registry (社区综合服务设施 and the other facilities of the plan), the
per-community figures, planning checks of new areas and the organisation-structure checklist.

Every row that belongs to a village-level unit carries that unit's code in `scope_code`, so that
`for_user` is one indexed prefix match without a join (shequ.accounts.scope).

Area sharing: a facility belongs to one unit (`unit`) and may serve others (a shared 党群服务中心).
Every served unit, the facility's own included, has a `FacilityServedUnit` row; its `share` is the
fraction of the facility's areas counted for that unit. A share left empty takes an equal part of
what the explicit shares leave (so with no shares at all, the units share equally); explicit
shares may not add up to more than 1. See `shares.py`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shequ.accounts.scope import RegionScopedQuerySet

# The plan period of 新建社区.
PLAN_FIRST_YEAR, PLAN_LAST_YEAR = 2021, 2025
# The plan: 社区服务设施开放和服务时间一般不少于每天8小时.
MIN_DAILY_HOURS = Decimal("8")
AREA = {"max_digits": 10, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class Datum(models.TextChoices):
    GCJ02 = "gcj02", _("GCJ-02（高德、腾讯地图）")
    WGS84 = "wgs84", _("WGS-84（GPS）")


class Ownership(models.TextChoices):
    OWNED = "owned", _("自有")
    RENTED = "rented", _("租用")
    HANDED_OVER = "handed_over", _("开发商配建，已产权移交")
    HANDOVER_PENDING = "handover_pending", _("开发商配建，产权待移交")


class FacilityType(models.Model):
    code = models.CharField(_("代码"), max_length=16, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    group = models.CharField(_("分组"), max_length=16)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("设施类型")
        verbose_name_plural = _("设施类型")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        # The shipped names are msgids; a name edited in the admin is shown as typed.
        return gettext(self.name)


class ScopedByUnit(RegionScopedQuerySet):
    code_field = "scope_code"


class Facility(models.Model):
    unit = models.ForeignKey(
        "regions.Region", verbose_name=_("村（社区）"), on_delete=models.PROTECT, related_name="facilities"
    )
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    type = models.ForeignKey(FacilityType, verbose_name=_("设施类型"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("名称"), max_length=100)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    longitude = models.DecimalField(
        _("经度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("73")), MaxValueValidator(Decimal("136"))],
    )
    latitude = models.DecimalField(
        _("纬度"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("3")), MaxValueValidator(Decimal("54"))],
    )
    datum = models.CharField(_("坐标系"), max_length=8, choices=Datum.choices, default=Datum.GCJ02)
    building_area = models.DecimalField(_("总建筑面积（㎡）"), **AREA)
    activity_area = models.DecimalField(_("居民活动区域面积（㎡）"), default=Decimal("0"), **AREA)
    commercial_area = models.DecimalField(_("商业面积（㎡）"), default=Decimal("0"), **AREA)
    year_built = models.PositiveSmallIntegerField(
        _("建成年份"), null=True, blank=True, validators=[MinValueValidator(1949), MaxValueValidator(2100)]
    )
    ownership = models.CharField(_("产权"), max_length=20, choices=Ownership.choices, default=Ownership.OWNED)
    next_to_health_facility = models.BooleanField(_("与卫生服务设施毗邻"), default=False)
    self_service_terminals = models.PositiveSmallIntegerField(_("政务通用自助服务一体机（台）"), default=0)
    barrier_free = models.BooleanField(_("无障碍设施"), default=False)
    elderly_friendly = models.BooleanField(_("适老化改造"), default=False)
    child_friendly = models.BooleanField(_("适儿化改造"), default=False)
    last_retrofit_on = models.DateField(_("最近改造日期"), null=True, blank=True)
    last_verified_on = models.DateField(_("最近核实日期"), null=True, blank=True)
    # The fewest hours it is open on a working day (Monday to Friday); None while no hours are
    # recorded. Kept by the services whenever the hours change, so lists filter on it.
    min_daily_open_hours = models.DecimalField(
        _("工作日最短开放时长（小时）"), max_digits=4, decimal_places=2, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedByUnit.as_manager()

    class Meta:
        verbose_name = _("服务设施")
        verbose_name_plural = _("服务设施")
        ordering = ["scope_code", "name", "id"]
        indexes = [
            # The list's order within a scope (PostgreSQL runs with the C collation, so this B-tree
            # also serves the scope's LIKE prefix).
            models.Index(fields=["scope_code", "name", "id"], name="facility_scope_name_idx"),
            models.Index(fields=["type", "scope_code", "name", "id"], name="facility_type_scope_idx"),
            models.Index(fields=["min_daily_open_hours", "scope_code"], name="facility_open_hours_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(scope_code=""), name="facility_scope_code_set"),
            models.CheckConstraint(
                condition=Q(activity_area__lte=models.F("building_area")), name="facility_activity_within_building"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.scope_code = self.unit.code
        super().save(*args, **kwargs)

    @property
    def short_hours(self) -> bool:
        """Open fewer than 8 hours on some working day (the plan: 一般不少于每天8小时)."""
        return self.min_daily_open_hours is not None and self.min_daily_open_hours < MIN_DAILY_HOURS


class ScopedByFacility(RegionScopedQuerySet):
    """Rows that belong to a facility: scoped like the facility."""

    code_field = "facility__scope_code"


class OpeningPeriod(models.Model):
    """One period a facility is open on a weekday; a day with a lunch break has two."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("星期一")
        TUESDAY = 1, _("星期二")
        WEDNESDAY = 2, _("星期三")
        THURSDAY = 3, _("星期四")
        FRIDAY = 4, _("星期五")
        SATURDAY = 5, _("星期六")
        SUNDAY = 6, _("星期日")

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="opening_periods")
    weekday = models.PositiveSmallIntegerField(_("星期"), choices=Weekday.choices)
    opens = models.TimeField(_("开放时间"))
    closes = models.TimeField(_("关闭时间"))

    objects = ScopedByFacility.as_manager()

    class Meta:
        verbose_name = _("开放时段")
        verbose_name_plural = _("开放时段")
        ordering = ["facility", "weekday", "opens"]
        constraints = [models.CheckConstraint(condition=Q(closes__gt=models.F("opens")), name="period_closes_after")]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"

    @property
    def hours(self) -> Decimal:
        minutes = (self.closes.hour * 60 + self.closes.minute) - (self.opens.hour * 60 + self.opens.minute)
        return Decimal(minutes) / 60


class FacilityServedUnit(models.Model):
    """A unit a facility serves, and the share of its areas counted for that unit (see the module)."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="served")
    unit = models.ForeignKey(
        "regions.Region", verbose_name=_("服务村（社区）"), on_delete=models.PROTECT, related_name="+"
    )
    # The unit's code, so that sums per unit read one index.
    unit_code = models.CharField(max_length=15, editable=False)
    share = models.DecimalField(
        _("面积分摊比例"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("0 到 1；不填则与其他未填的单位平分剩余部分"),
    )

    objects = ScopedByFacility.as_manager()

    class Meta:
        verbose_name = _("服务范围")
        verbose_name_plural = _("服务范围")
        constraints = [models.UniqueConstraint(fields=["facility", "unit"], name="facility_serves_unit_once")]
        indexes = [models.Index(fields=["unit_code", "facility"], name="served_unit_idx")]

    def __str__(self) -> str:
        return f"{self.facility_id} → {self.unit_code}"

    def save(self, *args, **kwargs):
        self.unit_code = self.unit.code
        super().save(*args, **kwargs)


class FacilityPhoto(models.Model):
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("照片"), upload_to="facilities/%Y/%m/")
    content_type = models.CharField(max_length=40, editable=False)
    display_name = models.CharField(max_length=120, editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ScopedByFacility.as_manager()

    class Meta:
        verbose_name = _("设施照片")
        verbose_name_plural = _("设施照片")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.display_name


class CommunityProfile(models.Model):
    """What the registry knows of a village-level unit as a whole (the regions table stays the
    national divisions; this sits beside it, one row per unit)."""

    unit = models.OneToOneField(
        "regions.Region", verbose_name=_("村（社区）"), on_delete=models.CASCADE, related_name="community_profile"
    )
    scope_code = models.CharField(max_length=15, editable=False, db_index=True)
    total_building_area = models.DecimalField(_("社区总建筑面积（㎡）"), null=True, blank=True, **AREA)
    newly_built_year = models.PositiveSmallIntegerField(
        _("新建社区建成年份"),
        null=True,
        blank=True,
        validators=[MinValueValidator(PLAN_FIRST_YEAR), MaxValueValidator(PLAN_LAST_YEAR)],
        help_text=_("规划期（2021–2025 年）内新建的社区填写建成年份；不是新建社区的不填"),
    )

    objects = ScopedByUnit.as_manager()

    class Meta:
        verbose_name = _("社区概况")
        verbose_name_plural = _("社区概况")

    def __str__(self) -> str:
        return self.scope_code

    def save(self, *args, **kwargs):
        self.scope_code = self.unit.code
        super().save(*args, **kwargs)


class AreaKind(models.TextChoices):
    NEW_URBAN = "new_urban", _("新建城区")
    RESIDENTIAL = "residential", _("新建住宅区")


class Handover(models.TextChoices):
    MISSING = "missing", _("未配建")
    RESERVED = "reserved", _("已预留，产权待移交")
    HANDED_OVER = "handed_over", _("已产权移交")


class PlanningArea(models.Model):
    """A new urban area or residential area and its 配建 of elderly-care and infant-care facilities."""

    unit = models.ForeignKey("regions.Region", verbose_name=_("村（社区）"), on_delete=models.PROTECT, related_name="+")
    scope_code = models.CharField(max_length=15, editable=False)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=16, choices=AreaKind.choices)
    planned_residents = models.PositiveIntegerField(_("规划居住人口"))
    elderly_care_land = models.DecimalField(_("养老服务设施用地（㎡）"), null=True, blank=True, **AREA)
    elderly_care_handover = models.CharField(
        _("养老服务设施配建"), max_length=16, choices=Handover.choices, default=Handover.MISSING
    )
    infant_care_area = models.DecimalField(_("婴幼儿照护设施面积（㎡）"), null=True, blank=True, **AREA)
    infant_care_handover = models.CharField(
        _("婴幼儿照护设施配建"), max_length=16, choices=Handover.choices, default=Handover.MISSING
    )
    checked_on = models.DateField(_("核查日期"), null=True, blank=True)

    objects = ScopedByUnit.as_manager()

    class Meta:
        verbose_name = _("新建城区、住宅区配建")
        verbose_name_plural = _("新建城区、住宅区配建")
        ordering = ["scope_code", "name", "id"]
        indexes = [models.Index(fields=["scope_code", "name", "id"], name="planning_scope_name_idx")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.scope_code = self.unit.code
        super().save(*args, **kwargs)


class OrgModel(models.Model):
    """An organisation model of the plan (一支部三中心, 两中心一站): configuration, see catalogue.py."""

    code = models.CharField(_("代码"), max_length=16, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("组织体系模式")
        verbose_name_plural = _("组织体系模式")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return gettext(self.name)


class OrgComponent(models.Model):
    model = models.ForeignKey(OrgModel, on_delete=models.CASCADE, related_name="components")
    code = models.CharField(_("代码"), max_length=32)
    name = models.CharField(_("名称"), max_length=60)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("组织体系组成部分")
        verbose_name_plural = _("组织体系组成部分")
        ordering = ["model", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["model", "code"], name="org_component_code_once")]

    def __str__(self) -> str:
        return gettext(self.name)


class OrgCheck(models.Model):
    """The latest check of one unit against one organisation model: which components are present."""

    unit = models.ForeignKey("regions.Region", verbose_name=_("村（社区）"), on_delete=models.PROTECT, related_name="+")
    scope_code = models.CharField(max_length=15, editable=False)
    model = models.ForeignKey(OrgModel, verbose_name=_("组织体系模式"), on_delete=models.PROTECT, related_name="+")
    present = models.ManyToManyField(OrgComponent, verbose_name=_("已具备"), blank=True, related_name="+")
    checked_on = models.DateField(_("核查日期"))
    complete = models.BooleanField(_("完整"), default=False, editable=False)

    objects = ScopedByUnit.as_manager()

    class Meta:
        verbose_name = _("组织体系核查")
        verbose_name_plural = _("组织体系核查")
        ordering = ["scope_code", "model"]
        constraints = [models.UniqueConstraint(fields=["unit", "model"], name="org_check_once_per_unit_model")]
        indexes = [models.Index(fields=["scope_code", "model"], name="org_check_scope_idx")]

    def __str__(self) -> str:
        return f"{self.scope_code} {self.model_id}"

    def save(self, *args, **kwargs):
        self.scope_code = self.unit.code
        super().save(*args, **kwargs)
