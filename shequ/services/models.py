from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from shequ.accounts.models import Department
from shequ.accounts.scope import RegionScopedQuerySet
from shequ.core.workflow import history_base
from shequ.services.workflow import Level, Move, Status


class ItemKind(models.TextChoices):
    GOVERNMENT = "government", _("政务服务")
    CONVENIENCE = "convenience", _("便民服务")


class HandledAt(models.TextChoices):
    VILLAGE = "village", _("村（社区）便民服务站")
    TOWNSHIP = "township", _("乡镇便民服务中心")
    COUNTY = "county", _("县政务服务中心")


class Channel(models.TextChoices):
    ONLINE = "online", _("网上办理")
    WINDOW = "window", _("窗口办理")
    BOTH = "both", _("网上或窗口")


class ServiceItem(models.Model):
    """One entry of the catalogue (政务服务事项 or 便民服务) with its guide (办事指南)."""

    code = models.CharField(_("事项编码"), max_length=32, unique=True)
    name = models.CharField(_("事项名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=16, choices=ItemKind.choices)
    department = models.CharField(_("责任部门"), max_length=8, choices=Department.choices)
    handled_at = models.CharField(_("办理地点"), max_length=16, choices=HandledAt.choices)
    channel = models.CharField(_("办理渠道"), max_length=8, choices=Channel.choices, default=Channel.BOTH)
    promised_days = models.PositiveSmallIntegerField(_("承诺时限（工作日）"))
    statutory_days = models.PositiveSmallIntegerField(_("法定时限（工作日）"), null=True, blank=True)
    materials = models.JSONField(_("申请材料"), default=list, blank=True)
    fee = models.CharField(_("收费标准"), max_length=100, default="免费")
    conditions = models.TextField(_("受理条件"), blank=True)
    process = models.TextField(_("办理流程"), blank=True)
    bookable = models.BooleanField(_("可预约上门或到站服务"), default=False)
    active = models.BooleanField(_("在用"), default=True)
    # {"ug": {"name": …, "materials": […], "conditions": …, "process": …, "fee": …}}
    translations = models.JSONField(_("译文"), default=dict, blank=True)
    # The rules an application must meet, checked at submission (services.eligibility and
    # services.materials): {"min_age": 80, "county_hukou": true, …}; which of `materials` the
    # registry already holds, {"居民身份证": "id_card", …}; whether a window may accept it while
    # materials follow by a promised date (容缺受理).
    eligibility = models.JSONField(_("申请条件（核验规则）"), default=dict, blank=True)
    registry_materials = models.JSONField(_("由户籍信息提供的材料"), default=dict, blank=True)
    deferral_allowed = models.BooleanField(_("可容缺受理"), default=False)
    # The approval chain, lowest level first, each with its working days (adding up to the promised
    # days): [{"level": "village", "days": 3}, {"level": "township", "days": 3}, …]. Empty: the item
    # is handled where `handled_at` says, in one level.
    chain = models.JSONField(_("审批层级"), default=list, blank=True)

    class Meta:
        verbose_name = _("服务事项")
        verbose_name_plural = _("服务事项")
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return self.localized("name")

    def localized(self, field: str):
        """The field in the active language, falling back to the Chinese original."""
        language = (get_language() or "").split("-")[0]
        return self.translations.get(language, {}).get(field) or getattr(self, field)

    @property
    def localized_materials(self) -> list[str]:
        return self.localized("materials")

    @property
    def localized_conditions(self) -> str:
        return self.localized("conditions")

    @property
    def localized_process(self) -> str:
        return self.localized("process")

    @property
    def localized_fee(self) -> str:
        return self.localized("fee")

    @property
    def material_requirements(self) -> list:
        """The materials with their upload fields and whether the registry holds them (services.materials)."""
        from shequ.services.materials import material_requirements

        return material_requirements(self)

    def levels(self) -> list[dict]:
        """The chain as an application snapshots it: at least one level."""
        return self.chain or [{"level": self.handled_at, "days": self.promised_days}]

    def chain_labels(self) -> list[tuple[str, int]]:
        """Each level of the chain by its name, with its working days, for the guide."""
        return [(Level(entry["level"]).label, entry["days"]) for entry in self.chain]

    def clean(self) -> None:
        from shequ.services.chain import chain_errors

        if errors := chain_errors(self.chain, promised_days=self.promised_days):
            raise ValidationError({"chain": errors})


class SubmitterFollowsMixin:
    """A resident sees their household's applications and, besides, those they submitted for
    someone outside it (with that person's authorisation, see Authorisation). The household is
    matched by its members' ids, fetched first, so that both halves of the OR read an index."""

    # The path from the row to its application ("" for Application itself).
    application_path = ""

    def for_user(self, user):
        from shequ.residents.models import Person
        from shequ.residents.selectors import own_person

        own = own_person(user) if getattr(user, "is_active", False) else None
        if own is None:
            return super().for_user(user)
        members = list(Person.objects.filter(household_id=own.household_id).values_list("pk", flat=True))
        prefix = f"{self.application_path}__" if self.application_path else ""
        return self.filter(
            models.Q(**{f"{prefix}applicant_id__in": members}) | models.Q(**{f"{prefix}submitted_by": user})
        )


class ApplicationQuerySet(SubmitterFollowsMixin, RegionScopedQuerySet):
    """The user's area; a county department sees only the items it is responsible for. Both are
    columns of the application itself, so a queue filters and sorts one table."""

    code_field = "scope_code"
    household_path = "applicant__household"
    department_path = "department"

    def open(self) -> "ApplicationQuerySet":
        return self.filter(status__in=Status.open_states())


class Application(models.Model):
    number = models.CharField(_("受理编号"), max_length=24, unique=True)
    service = models.ForeignKey(ServiceItem, verbose_name=_("服务事项"), on_delete=models.PROTECT)
    applicant = models.ForeignKey(
        "residents.Person", verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="applications"
    )
    # The applicant's unit and grid when they applied: who handles it and who may see it.
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("村（社区）"), on_delete=models.PROTECT, related_name="+"
    )
    grid = models.ForeignKey(
        "regions.Region", verbose_name=_("网格"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The grid's code, else the unit's, when they applied: scope is a prefix of this one column (a
    # county, township, unit or grid alike), read through the queue indexes below without a join.
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    # The item's responsible department when they applied: a county department's queue is then
    # filtered on the application's own row.
    department = models.CharField(_("责任部门"), max_length=8, choices=Department.choices, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交人"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    data = models.JSONField(_("申请内容"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=24, choices=Status.choices, default=Status.SUBMITTED)
    # The item's chain of levels when it was submitted (ServiceItem.levels()) and the level the
    # application waits at now; empty or one level: handled in one place, as before chains existed.
    chain = models.JSONField(_("审批层级"), default=list, blank=True, editable=False)
    level = models.CharField(_("当前层级"), max_length=8, choices=Level.choices, default=Level.VILLAGE)
    # The day it arrived at its current level (not itself counted); None: still at its first level,
    # whose clock starts on `clock_started_on`.
    level_started_on = models.DateField(_("本级起算日"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    # The clock: counted in working days from `clock_started_on` (the day of receipt, not itself
    # counted), stopped while the resident supplies materials (补正). With a chain of levels the due
    # dates are those of the current level, counted from the day it arrived there.
    clock_started_on = models.DateField(_("起算日"))
    paused_workdays = models.PositiveSmallIntegerField(_("暂停的工作日"), default=0)
    paused_since = models.DateField(_("暂停起始日"), null=True, blank=True)
    due_date = models.DateField(_("办结期限"), null=True, blank=True, db_index=True)
    warn_date = models.DateField(_("临期提醒日"), null=True, blank=True, db_index=True)
    calendar_missing = models.PositiveSmallIntegerField(_("缺少节假日安排的年份"), null=True, blank=True)
    supplement_materials = models.JSONField(_("需补正材料"), default=list, blank=True)
    escalated_at = models.DateTimeField(_("超期督办时间"), null=True, blank=True)
    completed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The item's conditions as checked against the registry at submission ([{"code", "passed",
    # "params"}], see services.eligibility), and the worker's written reason where they overrode a failure.
    eligibility = models.JSONField(_("条件核验结果"), default=list, blank=True)
    eligibility_override = models.TextField(_("条件未满足仍受理的理由"), blank=True)
    # 容缺受理: the materials still to come, by when, and the day the resident was last reminded.
    materials_deferred = models.JSONField(_("容缺材料"), default=list, blank=True)
    materials_due_on = models.DateField(_("容缺材料承诺补齐日期"), null=True, blank=True)
    materials_reminded_on = models.DateField(_("容缺材料提醒日"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("办件")
        verbose_name_plural = _("办件")
        ordering = ["-submitted_at", "-id"]
        # Each queue is one status (or three) within a scope, in its own order: the first index finds
        # a narrow scope's queue by its code range; the ordered ones let a wide scope (a township,
        # the county) read its queue already sorted and stop after a page; the last serves the list
        # of all applications, newest first. The level ones serve each level's own queue (what waits
        # for a township, for a county department) and the API's list of one level.
        indexes = [
            models.Index(fields=["status", "scope_code", "due_date"], name="application_queue_idx"),
            models.Index(fields=["status", "level", "scope_code", "due_date"], name="application_level_queue_idx"),
            models.Index(fields=["level", "scope_code", "submitted_at"], name="application_level_time_idx"),
            models.Index(fields=["status", "submitted_at"], name="application_status_time_idx"),
            models.Index(fields=["status", "due_date"], name="application_status_due_idx"),
            models.Index(fields=["scope_code", "submitted_at"], name="application_scope_time_idx"),
            models.Index(fields=["submitted_at", "id"], name="application_time_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(scope_code=""), name="application_scope_code_set"),
            # No duplicates: one open application per person and item, whoever submits it and however
            # concurrently. Written as "not finished" so that a state added to the workflow stays covered.
            models.UniqueConstraint(
                fields=["applicant", "service"],
                condition=~models.Q(status__in=Status.final_states()),
                name="application_one_open_per_item",
            ),
        ]
        permissions = [("handle_application", _("受理和办理办件"))]

    def __str__(self) -> str:
        return self.number

    @property
    def eligibility_results(self) -> list[tuple[str, bool]]:
        """The conditions checked at submission, in words of the active language, and whether each held."""
        from shequ.services.eligibility import eligibility_text

        return [(eligibility_text(result), result["passed"]) for result in self.eligibility]

    @staticmethod
    def placement(*, applicant, service: ServiceItem) -> dict:
        """Where an application is handled, fixed when it is submitted: the applicant's unit and grid,
        their scope code (who sees it), and the item's department (which county department does)."""
        return {
            "region_id": applicant.region_id,
            "grid_id": applicant.grid_id,
            "scope_code": applicant.scope_code,
            "department": service.department,
            "chain": service.levels() if service.chain else [],
            "level": service.levels()[0]["level"],
        }


class ApplicationPartQuerySet(SubmitterFollowsMixin, RegionScopedQuerySet):
    """A part of an application (its history, its files), scoped like the application."""

    application_path = "application"
    code_field = "application__scope_code"
    household_path = "application__applicant__household"
    department_path = "application__department"


class ApplicationEvent(history_base(Status)):
    """The application's history as the resident and the workers see it (append-only)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="history")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT)
    # The level at which the step was taken, and the move along the chain it made (the level it
    # moved to is in `data["to_level"]`, the day in `data["on"]`, the due date of the level it left
    # in `data["left_due"]`).
    level = models.CharField(_("层级"), max_length=8, choices=Level.choices, blank=True)
    move = models.CharField(_("流转"), max_length=12, choices=Move.choices, blank=True)

    objects = ApplicationPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status} → {self.to_status}"


class ApplicationFile(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    # Which of the item's materials the file is (its Chinese name); blank for another attachment.
    material = models.CharField(_("材料名称"), max_length=100, blank=True)
    file = models.FileField(_("文件"), upload_to="applications/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=50)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ApplicationPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class AuthorisationMethod(models.TextChoices):
    ACCOUNT = "account", _("本人在账号中授权")
    FORM = "form", _("工作人员凭授权书登记")


class AuthorisationQuerySet(RegionScopedQuerySet):
    """Scoped like the person who gave it: a worker sees the authorisations of the residents of their
    area; a resident sees those given by members of their household."""

    code_field = "grantor__scope_code"
    household_path = "grantor__household"

    def active(self) -> "AuthorisationQuerySet":
        return self.filter(revoked_at__isnull=True)


class Authorisation(models.Model):
    """A resident's consent (授权代办) that another resident, outside their household, may apply for
    them in the service hall: given in their own account, or recorded by a worker from a signed
    form whose scan is kept. Revoked, never deleted."""

    grantor = models.ForeignKey(
        "residents.Person", verbose_name=_("授权人"), on_delete=models.PROTECT, related_name="authorisations_given"
    )
    agent = models.ForeignKey(
        "residents.Person", verbose_name=_("代办人"), on_delete=models.PROTECT, related_name="authorisations_received"
    )
    method = models.CharField(_("授权方式"), max_length=8, choices=AuthorisationMethod.choices)
    form = models.FileField(_("授权书"), upload_to="authorisations/%Y/%m/", blank=True)
    form_name = models.CharField(_("文件名"), max_length=200, blank=True)
    form_content_type = models.CharField(_("类型"), max_length=50, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(_("授权时间"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤销人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = AuthorisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("代办授权")
        verbose_name_plural = _("代办授权")
        ordering = ["-granted_at", "-id"]
        constraints = [
            # One standing consent per pair: granting again while it stands changes nothing.
            models.UniqueConstraint(
                fields=["grantor", "agent"],
                condition=models.Q(revoked_at__isnull=True),
                name="authorisation_one_active_per_pair",
            ),
            models.CheckConstraint(condition=~models.Q(grantor=models.F("agent")), name="authorisation_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.grantor_id} → {self.agent_id}"
