"""People's mediation (人民调解) and legal services of a village-level unit: mediation cases with
their parties, sessions and history; the unit's legal adviser (一村（社区）一法律顾问) and the
consultations they give; legal-education and other publicity activities (普法、反邪教、禁毒宣传 …).

Every row carries its unit's code in `scope_code`. Workers see their unit, the township its units;
among county departments only the justice bureau (县司法局), which guides this work, sees them — the
disputes of named people are nobody else's business.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from shequ.accounts.models import Department
from shequ.accounts.scope import RegionScopedQuerySet, Scope
from shequ.core.masking import mask_name, mask_phone
from shequ.core.workflow import history_base
from shequ.mediation.workflow import Status

DEPARTMENTS_SEEING = frozenset({Department.JUSTICE})


def mask_party_value(value: str) -> str:
    """A party's name or phone in an audit diff: a phone's digits as on screens, a name's first
    character."""
    value = str(value or "")
    return mask_phone(value) if value[:1].isdigit() else mask_name(value)


class LegalServicesQuerySet(RegionScopedQuerySet):
    """The rows of the user's region; a county department other than the justice bureau sees none."""

    code_field = "scope_code"

    def within(self, scope: Scope):
        if scope.department is not None and scope.department not in DEPARTMENTS_SEEING:
            return self.none()
        return super().within(scope)


class CasePartQuerySet(LegalServicesQuerySet):
    """Parties, sessions and history rows: scoped like their case."""

    code_field = "case__scope_code"


class PhotoQuerySet(LegalServicesQuerySet):
    """An activity's photos: scoped like the activity."""

    code_field = "activity__scope_code"


class Catalogue(models.Model):
    """A list kept as data (dispute types, publicity kinds), with its Uyghur names."""

    code = models.CharField(_("编码"), max_length=16, unique=True)
    name = models.CharField(_("名称"), max_length=40)
    translations = models.JSONField(_("译文"), default=dict, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        abstract = True
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        language = (get_language() or "").split("-")[0]
        return self.translations.get(language, {}).get("name") or self.name


class DisputeType(Catalogue):
    class Meta(Catalogue.Meta):
        verbose_name = _("纠纷类型")
        verbose_name_plural = _("纠纷类型")


class PublicityKind(Catalogue):
    class Meta(Catalogue.Meta):
        verbose_name = _("宣传活动类型")
        verbose_name_plural = _("宣传活动类型")


class MediationCase(models.Model):
    unit = models.ForeignKey("regions.Region", verbose_name=_("村（社区）"), on_delete=models.PROTECT, related_name="+")
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    dispute_type = models.ForeignKey(
        DisputeType, verbose_name=_("纠纷类型"), on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField(_("纠纷简要情况"))
    # The committee's roster is kept elsewhere; the name is what the record keeps, the account when
    # the mediator has one.
    mediator_name = models.CharField(_("调解员"), max_length=40)
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("调解员账号"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    incident = models.OneToOneField(
        "incidents.Incident",
        verbose_name=_("来源事件"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mediation_case",
    )
    status = models.CharField(_("状态"), max_length=24, choices=Status.choices, default=Status.ACCEPTED)
    accepted_on = models.DateField(_("受理日期"))
    outcome_note = models.TextField(_("调解结果说明"), blank=True)
    fulfilment = models.TextField(_("履行情况"), blank=True)
    agreement_file = models.FileField(_("调解协议书"), upload_to="mediation/%Y/%m/", blank=True)
    agreement_name = models.CharField(_("协议书文件名"), max_length=200, blank=True)
    agreement_type = models.CharField(_("协议书类型"), max_length=50, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    objects = LegalServicesQuerySet.as_manager()

    class Meta:
        verbose_name = _("人民调解案件")
        verbose_name_plural = _("人民调解案件")
        ordering = ["-accepted_on", "-id"]
        indexes = [
            models.Index(fields=["scope_code", "-accepted_on", "-id"], name="mediation_case_scope_idx"),
            models.Index(fields=["scope_code", "status", "-accepted_on", "-id"], name="mediation_case_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.pk} {self.dispute_type_id}"

    def save(self, *args, **kwargs):
        self.scope_code = self.unit.code
        super().save(*args, **kwargs)


class PartyRole(models.TextChoices):
    APPLICANT = "applicant", _("申请人")
    RESPONDENT = "respondent", _("被申请人")
    OTHER = "other", _("其他当事人")


class MediationParty(models.Model):
    """A party to the dispute. Screens, the API and exports show the name and phone masked; the full
    values only through the audited reveal."""

    case = models.ForeignKey(MediationCase, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("当事人身份"), max_length=12, choices=PartyRole.choices)
    name = models.CharField(_("姓名"), max_length=40)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)

    objects = CasePartQuerySet.as_manager()

    class Meta:
        verbose_name = _("调解当事人")
        verbose_name_plural = _("调解当事人")
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return self.masked_name

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class MediationSession(models.Model):
    case = models.ForeignKey(MediationCase, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("调解日期"))
    place = models.CharField(_("调解地点"), max_length=100)
    notes = models.TextField(_("调解记录"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = CasePartQuerySet.as_manager()

    class Meta:
        verbose_name = _("调解记录")
        verbose_name_plural = _("调解记录")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.held_on}"


class MediationEvent(history_base(Status)):
    case = models.ForeignKey(MediationCase, on_delete=models.CASCADE, related_name="history")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = CasePartQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("调解案件记录")
        verbose_name_plural = _("调解案件记录")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_status} → {self.to_status}"


class LegalAdviser(models.Model):
    """The legal adviser of a unit (一村（社区）一法律顾问) for a term."""

    unit = models.ForeignKey("regions.Region", verbose_name=_("村（社区）"), on_delete=models.PROTECT, related_name="+")
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    name = models.CharField(_("姓名"), max_length=40)
    law_firm = models.CharField(_("律师事务所"), max_length=100)
    phone = models.CharField(_("联系电话"), max_length=20)
    term_start = models.DateField(_("聘任开始"))
    term_end = models.DateField(_("聘任结束"))

    objects = LegalServicesQuerySet.as_manager()

    class Meta:
        verbose_name = _("法律顾问")
        verbose_name_plural = _("法律顾问")
        ordering = ["scope_code", "-term_end", "id"]
        indexes = [models.Index(fields=["scope_code", "term_end"], name="legal_adviser_scope_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__gte=models.F("term_start")), name="legal_adviser_term_ends_after"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.scope_code = self.unit.code
        super().save(*args, **kwargs)


class LegalConsultation(models.Model):
    """A question put to the unit's legal adviser and the advice given."""

    unit = models.ForeignKey("regions.Region", verbose_name=_("村（社区）"), on_delete=models.PROTECT, related_name="+")
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    adviser = models.ForeignKey(
        LegalAdviser, verbose_name=_("法律顾问"), on_delete=models.PROTECT, related_name="consultations"
    )
    asked_on = models.DateField(_("咨询日期"))
    asker = models.ForeignKey(
        "residents.Person",
        verbose_name=_("咨询居民"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    question = models.TextField(_("咨询问题摘要"))
    advice = models.TextField(_("解答意见"))
    follow_up = models.TextField(_("后续跟进"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = LegalServicesQuerySet.as_manager()

    class Meta:
        verbose_name = _("法律咨询")
        verbose_name_plural = _("法律咨询")
        ordering = ["-asked_on", "-id"]
        indexes = [models.Index(fields=["scope_code", "-asked_on", "-id"], name="legal_consult_scope_idx")]

    def __str__(self) -> str:
        return f"{self.asked_on} {self.adviser_id}"

    def save(self, *args, **kwargs):
        self.scope_code = self.unit.code
        super().save(*args, **kwargs)


class PublicityActivity(models.Model):
    """A legal-education or other publicity activity organised by a unit."""

    unit = models.ForeignKey("regions.Region", verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+")
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    kind = models.ForeignKey(PublicityKind, verbose_name=_("活动类型"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("活动主题"), max_length=100)
    held_on = models.DateField(_("活动日期"))
    place = models.CharField(_("活动地点"), max_length=100)
    audience = models.CharField(_("宣传对象"), max_length=100)
    attendance = models.PositiveIntegerField(_("参加人数"), validators=[MinValueValidator(1)])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = LegalServicesQuerySet.as_manager()

    class Meta:
        verbose_name = _("普法宣传活动")
        verbose_name_plural = _("普法宣传活动")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["scope_code", "-held_on", "-id"], name="publicity_scope_idx")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.scope_code = self.unit.code
        super().save(*args, **kwargs)


class PublicityPhoto(models.Model):
    activity = models.ForeignKey(PublicityActivity, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("文件"), upload_to="publicity/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=50)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("活动照片")
        verbose_name_plural = _("活动照片")
        ordering = ["activity", "id"]

    def __str__(self) -> str:
        return self.original_name
