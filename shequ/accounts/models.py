from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.accounts.scope import RegionScopedQuerySet
from shequ.core.masking import mask_id_number, mask_phone
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
    # The departments the plan's brackets name besides those above (shequ/plantasks/catalogue.py).
    PUBLICITY = "xcb", _("县委宣传部")
    POLITICAL_LEGAL = "zfw", _("县委政法委")
    UNITED_FRONT = "tzb", _("县委统战部")
    CYBERSPACE = "wxb", _("县委网信办")
    SCIENCE_ASSOCIATION = "kx", _("县科协")
    SUPPLY_COOPERATIVE = "gxs", _("县供销社")
    POSTAL = "yzj", _("县邮政管理局")
    PETITIONS = "xfj", _("县信访局")
    ECOLOGY_ENVIRONMENT = "sthj", _("县生态环境局")
    FIRE_RESCUE = "xfdd", _("县消防救援大队")
    INDUSTRY_IT = "gxj", _("县工信局")
    SCIENCE_TECHNOLOGY = "kjj", _("县科技局")


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


class CodePurpose(models.TextChoices):
    SIGNUP = "signup", _("注册")
    RESET = "reset", _("找回密码")
    LOGIN = "login", _("验证码登录")


class SmsCode(models.Model):
    """The verification code last sent to one phone, with the phone's sending quota.

    One row per phone, locked while a code is sent or checked, so that the limits hold under
    concurrent requests. Neither the phone nor the code is stored: both as keyed hashes (HMAC with
    SECRET_KEY), see shequ.accounts.sms_codes."""

    phone_key = models.CharField(max_length=64, unique=True)
    purpose = models.CharField(max_length=8, choices=CodePurpose.choices)
    code_hash = models.CharField(max_length=64)
    sent_at = models.DateTimeField(null=True)
    expires_at = models.DateTimeField(null=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True)
    # The local day the quota counts, and how many codes were sent to the phone on it.
    day = models.DateField(null=True)
    day_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("短信验证码")
        verbose_name_plural = _("短信验证码")

    def __str__(self) -> str:
        return str(self.get_purpose_display())


class SignUpStatus(models.TextChoices):
    VERIFIED = "verified", _("已实名核验")
    PENDING = "pending", _("待核验")
    REJECTED = "rejected", _("未通过核验")


class SignUpQuerySet(RegionScopedQuerySet):
    """A sign-up waits in the unit the resident named (or the county, when they named none)."""

    code_field = "scope_code"


class SignUp(models.Model):
    """A resident's own account and what they gave to bind it to their registry record.

    The binding itself is Person.account (one account, one person); this row says how it came about
    and, while none exists, who is to decide (the workers of `region`)."""

    account = models.OneToOneField(User, verbose_name=_("账号"), on_delete=models.CASCADE, related_name="signup")
    name = models.CharField(_("姓名"), max_length=50)
    id_number = models.CharField(_("身份证号"), max_length=18)
    region = models.ForeignKey("regions.Region", verbose_name=_("核验单位"), on_delete=models.PROTECT, related_name="+")
    scope_code = models.CharField(_("区划代码"), max_length=15)
    status = models.CharField(_("核验状态"), max_length=10, choices=SignUpStatus.choices)
    reason = models.TextField(_("理由"), blank=True)
    decided_by = models.ForeignKey(
        User, verbose_name=_("核验人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("核验时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("注册时间"), auto_now_add=True)

    objects = SignUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("实名核验")
        verbose_name_plural = _("实名核验")
        ordering = ["created_at", "id"]
        # The workbench lists one status of its scope, oldest first.
        indexes = [models.Index(fields=["status", "scope_code", "created_at"], name="signup_queue_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.account.phone)
