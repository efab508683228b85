"""The registry of community workers (社区工作者) and of social-work professionals working elsewhere
(社工站, civil-affairs and social-security offices, social-service organisations), the 三岗十八级 grade
configuration, staffing standards, 资格县级联审 of two-committee candidates, and training.

Every person row carries the code of the region they work in (`scope_code`): a community worker's
village-level unit, a 社工站's township, a county office's county; `for_user` is one indexed prefix
match. The grade is computed, never stored (grading.py): it changes with the calendar.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shequ.accounts.models import Department
from shequ.accounts.scope import RegionScopedQuerySet


class Post(models.TextChoices):
    PRINCIPAL = "principal", _("正职")
    DEPUTY = "deputy", _("副职")
    OTHER = "other", _("其他")


class Employer(models.TextChoices):
    COMMUNITY = "community", _("村（社区）")
    STATION = "station", _("乡镇（街道）社工站")
    OFFICE = "office", _("民政、社会保障部门")
    ORGANISATION = "organisation", _("社会服务机构")


class _Configured(models.Model):
    """A row of a list kept as data (catalogue.py); shipped names are msgids, edited ones show as typed."""

    code = models.CharField(_("代码"), max_length=24, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return gettext(self.name)


class PostGrade(models.Model):
    """Where a post starts and ends on the 三岗十八级 sequence, and the years that make one grade."""

    post = models.CharField(_("岗位"), max_length=16, choices=Post.choices, unique=True)
    start_grade = models.PositiveSmallIntegerField(_("起始等级"), validators=[MinValueValidator(1)])
    max_grade = models.PositiveSmallIntegerField(_("最高等级"), validators=[MinValueValidator(1)])
    years_per_grade = models.PositiveSmallIntegerField(
        _("每晋升一级所需年限"), default=3, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("岗位等级")
        verbose_name_plural = _("岗位等级")
        constraints = [
            models.CheckConstraint(condition=Q(max_grade__gte=models.F("start_grade")), name="post_grade_range")
        ]

    def __str__(self) -> str:
        return self.get_post_display()


class Education(_Configured):
    extra_years = models.PositiveSmallIntegerField(_("折算工作年限"), default=0)

    class Meta(_Configured.Meta):
        verbose_name = _("学历")
        verbose_name_plural = _("学历")


class Qualification(_Configured):
    """A social-work professional level; its holders are 社会工作专业人才 wherever they work."""

    extra_grades = models.PositiveSmallIntegerField(_("加等级数"), default=0)

    class Meta(_Configured.Meta):
        verbose_name = _("社会工作职业资格")
        verbose_name_plural = _("社会工作职业资格")


class SalaryStep(models.Model):
    grade = models.PositiveSmallIntegerField(_("等级"), unique=True, validators=[MinValueValidator(1)])
    monthly_pay = models.DecimalField(_("月薪（元）"), max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = _("薪酬标准")
        verbose_name_plural = _("薪酬标准")
        ordering = ["grade"]

    def __str__(self) -> str:
        return f"{self.grade}: {self.monthly_pay}"


class ScopedByCode(RegionScopedQuerySet):
    code_field = "scope_code"


class Worker(models.Model):
    name = models.CharField(_("姓名"), max_length=40)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("系统账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="worker_record",
    )
    employer = models.CharField(_("工作单位类别"), max_length=16, choices=Employer.choices, default=Employer.COMMUNITY)
    organisation = models.CharField(_("工作单位名称"), max_length=100, blank=True)
    unit = models.ForeignKey(
        "regions.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT, related_name="workers"
    )
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    # Community workers only (employer = community); empty for social workers elsewhere.
    post = models.CharField(_("岗位"), max_length=16, choices=Post.choices, blank=True)
    service_start = models.DateField(_("参加社区工作时间"), null=True, blank=True)
    education = models.ForeignKey(
        Education, verbose_name=_("学历"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    qualification = models.ForeignKey(
        Qualification,
        verbose_name=_("社会工作职业资格"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    party_committee = models.BooleanField(_("村（社区）党组织委员"), default=False)
    residents_committee = models.BooleanField(_("村（居）民委员会委员"), default=False)
    one_shoulder = models.BooleanField(_("书记、主任“一肩挑”"), default=False)
    social_insurance = models.BooleanField(_("参加社会保险"), default=False)
    secretary_reserve = models.BooleanField(_("党组织书记后备人才"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedByCode.as_manager()

    class Meta:
        verbose_name = _("社区工作者")
        verbose_name_plural = _("社区工作者")
        ordering = ["scope_code", "name", "id"]
        indexes = [
            # The list's order within a scope (the C collation on PostgreSQL: it serves the prefix too).
            models.Index(fields=["employer", "scope_code", "name", "id"], name="worker_scope_name_idx"),
            models.Index(fields=["employer", "post", "scope_code", "name", "id"], name="worker_post_scope_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(scope_code=""), name="worker_scope_code_set"),
            models.CheckConstraint(
                condition=Q(employer="community", post__in=Post.values, service_start__isnull=False)
                | (~Q(employer="community") & Q(post="")),
                name="worker_post_only_in_community",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.scope_code = self.unit.code
        super().save(*args, **kwargs)

    @property
    def two_committees(self) -> bool:
        return self.party_committee or self.residents_committee


class StaffingBasis(models.TextChoices):
    HOUSEHOLDS = "households", _("按户数")
    RESIDENTS = "residents", _("按常住人口")


class StaffingStandard(models.Model):
    """配备标准 for one kind of unit (社区 or 村): one worker per `per` households or residents, and
    never fewer than `minimum`. Configuration: the county sets its own."""

    unit_kind = models.CharField(_("单位类别"), max_length=16, unique=True)
    basis = models.CharField(_("计算依据"), max_length=16, choices=StaffingBasis.choices)
    per = models.PositiveIntegerField(_("每名工作者服务数"), validators=[MinValueValidator(1)])
    minimum = models.PositiveSmallIntegerField(_("最少人数"), default=0)

    class Meta:
        verbose_name = _("社区工作者配备标准")
        verbose_name_plural = _("社区工作者配备标准")

    def __str__(self) -> str:
        return self.unit_kind


class ReviewDepartment(_Configured):
    """A department that must confirm a two-committee candidate in the 资格县级联审. Staff accounts of
    `account_department` confirm its line; a department without accounts on the platform (empty) sends
    its reply on paper and the county administrator enters it."""

    account_department = models.CharField(
        _("对应账号部门"), max_length=8, choices=Department.choices, blank=True, db_index=True
    )

    class Meta(_Configured.Meta):
        verbose_name = _("联审部门")
        verbose_name_plural = _("联审部门")


class ScopedByWorker(RegionScopedQuerySet):
    code_field = "worker__scope_code"


class CandidateReview(models.Model):
    """资格县级联审 of one candidate for one election: complete when every department confirmed."""

    worker = models.ForeignKey(Worker, verbose_name=_("候选人"), on_delete=models.CASCADE, related_name="reviews")
    election_year = models.PositiveSmallIntegerField(_("换届年份"))

    objects = ScopedByWorker.as_manager()

    class Meta:
        verbose_name = _("资格县级联审")
        verbose_name_plural = _("资格县级联审")
        constraints = [models.UniqueConstraint(fields=["worker", "election_year"], name="review_once_per_election")]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.election_year}"


class ScopedByReview(RegionScopedQuerySet):
    code_field = "review__worker__scope_code"


class ReviewConfirmation(models.Model):
    review = models.ForeignKey(CandidateReview, on_delete=models.CASCADE, related_name="confirmations")
    department = models.ForeignKey(ReviewDepartment, on_delete=models.PROTECT, related_name="+")
    confirmed_on = models.DateField(_("确认日期"))
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    # A department's confirmation of a candidate is seen where the candidate is.
    objects = ScopedByReview.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "department"], name="confirmed_once_per_department")]

    def __str__(self) -> str:
        return f"{self.review_id} {self.department_id}"


# --- training -------------------------------------------------------------------------------------


class CompetencyItem(_Configured):
    """An item of the 能力指标体系; courses map to items, a worker's gaps are the items no course
    they attended covered."""

    class Meta(_Configured.Meta):
        verbose_name = _("能力指标")
        verbose_name_plural = _("能力指标")


class Topic(models.TextChoices):
    POLICY = "policy", _("党建与政策理论")
    ETHNIC_RELIGIOUS = "ethnic_religious", _("民族宗教政策法规")
    SOCIAL_WORK = "social_work", _("社会工作专业")
    SERVICES = "services", _("便民服务与政务服务")
    DIGITAL = "digital", _("信息化应用")
    SAFETY = "safety", _("安全与应急")
    VOCATIONAL = "vocational", _("职业技能")


class Audience(models.TextChoices):
    WORKERS = "workers", _("城乡社区工作者")
    MIGRANT = "migrant", _("农民工")
    CLEANING = "cleaning", _("保洁、保绿、公共设施维护")
    CARE = "care", _("养老托幼助残、妇幼保健")
    EXPRESS = "express", _("快递收发")


class Mode(models.TextChoices):
    ONLINE = "online", _("线上")
    OFFLINE = "offline", _("线下")


class Course(models.Model):
    title = models.CharField(_("课程名称"), max_length=100)
    mode = models.CharField(_("形式"), max_length=8, choices=Mode.choices)
    topic = models.CharField(_("主题"), max_length=20, choices=Topic.choices)
    audience = models.CharField(_("培训对象"), max_length=16, choices=Audience.choices, default=Audience.WORKERS)
    competencies = models.ManyToManyField(CompetencyItem, verbose_name=_("对应能力指标"), blank=True)

    class Meta:
        verbose_name = _("培训课程")
        verbose_name_plural = _("培训课程")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class TrainingSession(models.Model):
    course = models.ForeignKey(Course, verbose_name=_("课程"), on_delete=models.PROTECT, related_name="sessions")
    region = models.ForeignKey("regions.Region", verbose_name=_("举办区划"), on_delete=models.PROTECT, related_name="+")
    scope_code = models.CharField(max_length=15, editable=False)
    held_on = models.DateField(_("日期"))
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)])
    # People trained who are not in the registry (migrant workers, 便民服务类人才): counted, not named.
    headcount = models.PositiveIntegerField(_("参训人数（不在名册中的）"), default=0)

    objects = ScopedByCode.as_manager()

    class Meta:
        verbose_name = _("培训班次")
        verbose_name_plural = _("培训班次")
        ordering = ["-held_on", "id"]
        indexes = [models.Index(fields=["scope_code", "held_on"], name="session_scope_date_idx")]

    def __str__(self) -> str:
        return f"{self.course} {self.held_on}"

    def save(self, *args, **kwargs):
        self.scope_code = self.region.code
        super().save(*args, **kwargs)


class Attendance(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendances")
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="attendances")
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)])
    # The session's year, so that "trained this year" is one index probe per worker.
    year = models.PositiveSmallIntegerField(editable=False)

    objects = ScopedByWorker.as_manager()

    class Meta:
        verbose_name = _("参训记录")
        verbose_name_plural = _("参训记录")
        constraints = [models.UniqueConstraint(fields=["session", "worker"], name="attended_once_per_session")]
        indexes = [models.Index(fields=["worker", "year"], name="attendance_worker_year_idx")]

    def __str__(self) -> str:
        return f"{self.session_id} {self.worker_id}"

    def save(self, *args, **kwargs):
        self.year = self.session.held_on.year
        super().save(*args, **kwargs)
