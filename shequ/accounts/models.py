from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.accounts.scope import RegionScopedQuerySet
from shequ.regions.codes import Level


class Role(models.TextChoices):
    RESIDENT = "resident", _("居民")
    GRID_WORKER = "grid_worker", _("网格员")
    VILLAGE_WORKER = "village_worker", _("村（社区）工作者")
    TOWNSHIP_STAFF = "township_staff", _("乡镇工作人员")
    COUNTY_STAFF = "county_staff", _("县直部门工作人员")
    COUNTY_ADMIN = "county_admin", _("县级管理员")
    PROVIDER = "provider", _("服务机构")
    VOLUNTEER = "volunteer", _("志愿者")


class Department(models.TextChoices):
    """County departments named in the seed plan's division of responsibilities."""

    CIVIL_AFFAIRS = "mzj", _("县民政局")
    ORGANIZATION = "zzb", _("县委组织部")
    HOUSING = "zjj", _("县住建局")
    HEALTH = "wjw", _("县卫健委")
    HUMAN_RESOURCES = "rsj", _("县人社局")
    PUBLIC_SECURITY = "gaj", _("县公安局")
    JUSTICE = "sfj", _("县司法局")
    EMERGENCY = "yjj", _("县应急管理局")
    CULTURE_TOURISM = "wlj", _("县文旅局")
    EDUCATION = "jyj", _("县教育局")
    FINANCE = "czj", _("县财政局")
    DEVELOPMENT_REFORM = "fgw", _("县发展改革委")
    AGRICULTURE = "nyj", _("县农业农村局")
    NATURAL_RESOURCES = "zrj", _("县自然资源局")
    VETERANS = "tyjr", _("县退役军人事务局")
    GOVERNMENT_SERVICES = "zzj", _("县政资局")
    YOUTH_LEAGUE = "tw", _("县团委")
    WOMENS_FEDERATION = "fl", _("县妇联")
    DISABLED_FEDERATION = "cl", _("县残联")
    MEDICAL_INSURANCE = "ybj", _("县医疗保障局")
    COMMERCE = "swj", _("县商务局")


# The level of region each staff role is bound to; residents, providers and volunteers live somewhere
# too, but their region does not widen what they see.
ROLE_REGION_LEVEL = {
    Role.GRID_WORKER: Level.GRID,
    Role.VILLAGE_WORKER: Level.VILLAGE,
    Role.TOWNSHIP_STAFF: Level.TOWNSHIP,
    Role.COUNTY_STAFF: Level.COUNTY,
    Role.COUNTY_ADMIN: Level.COUNTY,
}
STAFF_ROLES = frozenset(ROLE_REGION_LEVEL)


class UserQuerySet(RegionScopedQuerySet):
    """Accounts bound to a region within the user's (a grid worker: the grid's)."""

    grid_path = "region"


class ScopedUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.RESIDENT)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所属区划"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    department = models.CharField(_("部门"), max_length=8, choices=Department.choices, blank=True)
    phone = models.CharField(_("手机号"), max_length=11, blank=True)
    elder_mode = models.BooleanField(_("长辈模式"), default=False)
    language = models.CharField(_("界面语言"), max_length=8, blank=True)
    # The head of the user's unit (村（社区）书记或主任, a county department's leader), set by the county
    # administrators in the admin: the head handles the rectification of the unit's 差评.
    is_unit_head = models.BooleanField(
        _("单位负责人"), default=False, help_text=_("村（社区）或县直部门负责人，负责本单位差评整改")
    )

    objects = ScopedUserManager()

    class Meta:
        verbose_name = _("账号")
        verbose_name_plural = _("账号")

    def save(self, *args, **kwargs):
        revoke = self._credentials_withdrawn(kwargs.get("update_fields"))
        super().save(*args, **kwargs)
        if revoke:
            from shequ.accounts.tokens import tokens_revoke

            tokens_revoke(user=self)

    def _credentials_withdrawn(self, update_fields) -> bool:
        """Whether this save changes the password or deactivates the account, whichever path set
        it (password change and reset pages, the admin, a service): API tokens die with either."""
        if self.pk is None or (update_fields is not None and not {"password", "is_active"} & set(update_fields)):
            return False
        stored = type(self).objects.filter(pk=self.pk).values("password", "is_active").first()
        return stored is not None and (
            stored["password"] != self.password or (stored["is_active"] and not self.is_active)
        )

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES

    def clean(self):
        super().clean()
        expected_level = ROLE_REGION_LEVEL.get(self.role)
        if expected_level and (self.region is None or self.region.level != expected_level):
            raise ValidationError(
                {"region": _("该角色必须绑定到一个%(level)s区划") % {"level": Level(expected_level).label}}
            )
        if self.role == Role.COUNTY_STAFF and not self.department:
            raise ValidationError({"department": _("县直部门工作人员必须选择部门")})
        if self.role != Role.COUNTY_STAFF and self.department:
            raise ValidationError({"department": _("只有县直部门工作人员有部门")})
