"""Grids and their people (网格化管理): each grid's profile (综合网格 or 专属网格), its dated roster
of leader, grid workers and volunteer 楼栋长/联户长, the history of households moved between grids,
the unit-level safety bodies (警务室, 治保会, 人民调解委员会, 公共卫生委员会) with dated memberships,
and the crowded places of a grid with their periodic safety inspections.

Every row carries the code of the most specific region it belongs to in `scope_code` (a grid's code,
or a unit's for the safety bodies), so `for_user` filters it without a join (shequ.accounts.scope).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from shequ.accounts.scope import RegionScopedQuerySet
from shequ.core.masking import mask_phone


class ScopedQuerySet(RegionScopedQuerySet):
    code_field = "scope_code"


class DatedQuerySet(ScopedQuerySet):
    def current(self, on=None) -> "DatedQuerySet":
        """Memberships in force on `on` (today when None): started, and not yet ended."""
        from django.utils import timezone

        on = on or timezone.localdate()
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on), starts_on__lte=on)


class GridKind(models.TextChoices):
    COMPREHENSIVE = "comprehensive", _("综合网格")
    DEDICATED = "dedicated", _("专属网格")


class GridSubject(models.TextChoices):
    SCHOOL = "school", _("学校")
    HOSPITAL = "hospital", _("医院")
    ENTERPRISE = "enterprise", _("企业")
    MARKET = "market", _("市场")


class GridProfile(models.Model):
    """What kind of grid a grid region is; a 专属网格 names the school, hospital, enterprise or
    market it covers."""

    grid = models.OneToOneField(
        "regions.Region", verbose_name=_("网格"), on_delete=models.CASCADE, related_name="grid_profile"
    )
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False, db_index=True)
    kind = models.CharField(_("网格类型"), max_length=16, choices=GridKind.choices, default=GridKind.COMPREHENSIVE)
    subject = models.CharField(_("专属对象类型"), max_length=12, choices=GridSubject.choices, blank=True)
    subject_name = models.CharField(_("专属对象名称"), max_length=100, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("网格信息")
        verbose_name_plural = _("网格信息")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="comprehensive", subject="") | Q(kind="dedicated") & ~Q(subject=""),
                name="grid_profile_subject_matches_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.grid} {self.get_kind_display()}"


class GridRole(models.TextChoices):
    LEADER = "leader", _("网格长")
    FULL_TIME = "full_time", _("专职网格员")
    PART_TIME = "part_time", _("兼职网格员")
    BUILDING_HEAD = "building_head", _("楼栋长")
    HOUSEHOLDS_HEAD = "households_head", _("联户长")

    @classmethod
    def volunteers(cls) -> tuple[str, ...]:
        return (cls.BUILDING_HEAD, cls.HOUSEHOLDS_HEAD)


class GridMember(models.Model):
    """One person's post in a grid, from a day to a day (open while serving): ended, never deleted,
    so the roster's history stays."""

    grid = models.ForeignKey("regions.Region", verbose_name=_("网格"), on_delete=models.PROTECT, related_name="+")
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    role = models.CharField(_("职责"), max_length=16, choices=GridRole.choices)
    # The account of a grid worker who has one; volunteers mostly have none.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grid_posts",
    )
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    # The building(s) or households a 楼栋长/联户长 looks after.
    building = models.CharField(_("负责楼栋或联户"), max_length=100, blank=True)
    starts_on = models.DateField(_("任职开始"))
    ends_on = models.DateField(_("任职结束"), null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("网格人员")
        verbose_name_plural = _("网格人员")
        ordering = ["scope_code", "role", "name", "id"]
        indexes = [models.Index(fields=["scope_code", "role", "name", "id"], name="grid_member_scope_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="grid_member_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)


class HouseholdMove(models.Model):
    """A household moved from one grid of its unit to another: when, by whom, why."""

    household = models.ForeignKey(
        "residents.Household", verbose_name=_("家庭户"), on_delete=models.CASCADE, related_name="grid_moves"
    )
    # The unit's code: both grids lie in it, and whoever sees either sees the move.
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    from_grid = models.ForeignKey(
        "regions.Region", verbose_name=_("原网格"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_grid = models.ForeignKey("regions.Region", verbose_name=_("新网格"), on_delete=models.PROTECT, related_name="+")
    moved_at = models.DateTimeField(_("调整时间"))
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("调整人"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("调整原因"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("家庭户网格调整记录")
        verbose_name_plural = _("家庭户网格调整记录")
        ordering = ["-moved_at", "-id"]
        indexes = [models.Index(fields=["household", "moved_at"], name="household_move_idx")]

    def __str__(self) -> str:
        return f"{self.household} → {self.to_grid}"


class BodyKind(models.TextChoices):
    POLICE_ROOM = "police_room", _("警务室")
    SECURITY = "security", _("治保会")
    MEDIATION = "mediation", _("人民调解委员会")
    PUBLIC_HEALTH = "public_health", _("公共卫生委员会")


class SafetyBody(models.Model):
    """One of a unit's safety bodies (one of each kind per unit)."""

    unit = models.ForeignKey("regions.Region", verbose_name=_("村（社区）"), on_delete=models.PROTECT, related_name="+")
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    kind = models.CharField(_("组织类型"), max_length=16, choices=BodyKind.choices)
    phone = models.CharField(_("值班电话"), max_length=20, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("平安组织")
        verbose_name_plural = _("平安组织")
        ordering = ["scope_code", "kind"]
        constraints = [models.UniqueConstraint(fields=["unit", "kind"], name="safety_body_once_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_kind_display()}"


class SafetyBodyMember(models.Model):
    """A dated membership of a safety body: the community police officer of the 警务室, a mediator
    of the 人民调解委员会… `user` where the member has an account (notified of hand-overs)."""

    body = models.ForeignKey(SafetyBody, verbose_name=_("平安组织"), on_delete=models.PROTECT, related_name="members")
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="safety_posts",
    )
    name = models.CharField(_("姓名"), max_length=50)
    post = models.CharField(_("职务"), max_length=30, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    starts_on = models.DateField(_("任职开始"))
    ends_on = models.DateField(_("任职结束"), null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("平安组织成员")
        verbose_name_plural = _("平安组织成员")
        ordering = ["scope_code", "body", "name", "id"]
        indexes = [models.Index(fields=["scope_code", "body"], name="safety_member_scope_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="safety_member_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.body.get_kind_display()})"

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)


class PlaceKind(models.TextChoices):
    MARKET = "market", _("市场")
    SCHOOL = "school", _("学校")
    CLINIC = "clinic", _("医疗机构")
    HALL = "hall", _("活动场所")
    SHOP = "shop", _("商场超市")
    OTHER = "other", _("其他")


class CrowdedPlace(models.Model):
    """A crowded place (人员密集场所) of a grid, inspected every `interval_days`; `next_due_on` is
    kept with each inspection so the due list reads an index instead of computing it per row."""

    grid = models.ForeignKey("regions.Region", verbose_name=_("网格"), on_delete=models.PROTECT, related_name="+")
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("场所类型"), max_length=10, choices=PlaceKind.choices)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    interval_days = models.PositiveSmallIntegerField(
        _("检查周期（天）"), default=30, validators=[MinValueValidator(1), MaxValueValidator(366)]
    )
    next_due_on = models.DateField(_("下次检查日期"))
    active = models.BooleanField(_("在用"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("人员密集场所")
        verbose_name_plural = _("人员密集场所")
        ordering = ["scope_code", "name", "id"]
        indexes = [
            models.Index(fields=["active", "next_due_on", "scope_code"], name="crowded_place_due_idx"),
            models.Index(fields=["scope_code", "name", "id"], name="crowded_place_scope_idx"),
        ]
        constraints = [models.UniqueConstraint(fields=["grid", "name"], name="crowded_place_name_once_per_grid")]

    def __str__(self) -> str:
        return self.name


class ChecklistItem(models.Model):
    """One item of the safety checklist (data, kept by the county administrator); `kinds` empty:
    asked of every kind of place."""

    code = models.CharField(_("编码"), max_length=8, unique=True)
    text = models.CharField(_("检查内容"), max_length=120)
    translations = models.JSONField(_("译文"), default=dict, blank=True)
    kinds = models.JSONField(_("适用场所类型"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("安全检查项目")
        verbose_name_plural = _("安全检查项目")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"

    @property
    def local_text(self) -> str:
        language = (get_language() or "").split("-")[0]
        return self.translations.get(language) or self.text


class Inspection(models.Model):
    place = models.ForeignKey(
        CrowdedPlace, verbose_name=_("人员密集场所"), on_delete=models.PROTECT, related_name="inspections"
    )
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    inspected_on = models.DateField(_("检查日期"))
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("检查人"), on_delete=models.PROTECT, related_name="+"
    )
    passed = models.BooleanField(_("全部合格"))
    note = models.TextField(_("检查情况"), blank=True)
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("安全检查")
        verbose_name_plural = _("安全检查")
        ordering = ["-inspected_on", "-id"]
        indexes = [models.Index(fields=["scope_code", "inspected_on", "id"], name="inspection_scope_idx")]

    def __str__(self) -> str:
        return f"{self.place} {self.inspected_on}"


class InspectionResultQuerySet(RegionScopedQuerySet):
    code_field = "inspection__scope_code"


class InspectionResult(models.Model):
    """One checklist item's result; a failed item is reported as a 安全隐患 incident (linked here)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="results")
    item = models.ForeignKey(ChecklistItem, verbose_name=_("检查项目"), on_delete=models.PROTECT, related_name="+")
    passed = models.BooleanField(_("合格"))
    note = models.CharField(_("问题说明"), max_length=200, blank=True)
    incident = models.OneToOneField(
        "incidents.Incident",
        verbose_name=_("隐患事件"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspection_result",
    )

    objects = InspectionResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("检查结果")
        verbose_name_plural = _("检查结果")
        ordering = ["item__order", "id"]
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="inspection_item_once")]

    def __str__(self) -> str:
        return f"{self.item.code}: {'✓' if self.passed else '✗'}"
