"""Community life: notices (通知公告) with their read receipts, the policy library (政策文件 and
常见问答) and residents' questions (政策咨询).

A notice is addressed to a region (its `scope_code`: the county, a township, a unit or a grid) and
an audience; a resident sees the notices addressed to any region above or at their own grid. The
policy library is public to every signed-in user; its search index lives beside the table (see
search.py). A question is scoped by the asker's unit and, when routed to a county department, by
that department.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.accounts.models import Department
from shequ.accounts.scope import RegionScopedQuerySet
from shequ.core.workflow import history_base
from shequ.participation.workflow import QuestionStatus


class Audience(models.TextChoices):
    RESIDENTS = "residents", _("全体居民")
    CARE_TAGGED = "care_tagged", _("有关爱标签的家庭")
    WORKERS = "workers", _("工作人员")
    VOLUNTEERS = "volunteers", _("志愿者")


class Languages(models.TextChoices):
    BOTH = "both", _("汉语和维吾尔语")
    ZH = "zh-hans", _("仅汉语")
    UG = "ug", _("仅维吾尔语")


class NoticeQuerySet(RegionScopedQuerySet):
    """Publishers see the notices addressed within their region; residents' notices are chosen by
    selectors.notices_for_reader (the regions above them, their audience)."""

    code_field = "scope_code"

    def current(self, now=None) -> "NoticeQuerySet":
        now = now or timezone.now()
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now), published_at__lte=now)


class Notice(models.Model):
    title = models.CharField(_("标题"), max_length=120, blank=True)
    body = models.TextField(_("正文"), blank=True)
    title_ug = models.CharField(_("维吾尔文标题"), max_length=200, blank=True)
    body_ug = models.TextField(_("维吾尔文正文"), blank=True)
    languages = models.CharField(_("语种"), max_length=8, choices=Languages.choices, default=Languages.ZH)
    region = models.ForeignKey("regions.Region", verbose_name=_("发布范围"), on_delete=models.PROTECT, related_name="+")
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    audience = models.CharField(_("对象"), max_length=16, choices=Audience.choices, default=Audience.RESIDENTS)
    care_tag = models.CharField(_("关爱标签"), max_length=24, blank=True)
    pinned = models.BooleanField(_("置顶"), default=False)
    urgent = models.BooleanField(_("紧急（同时发短信）"), default=False)
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("截止时间"), null=True, blank=True)
    publisher = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField(_("演示数据"), default=False)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("通知公告")
        verbose_name_plural = _("通知公告")
        ordering = ["-pinned", "-published_at", "-id"]
        indexes = [models.Index(fields=["scope_code", "-pinned", "-published_at"], name="notice_scope_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(scope_code=""), name="notice_scope_code_set"),
            models.CheckConstraint(
                condition=Q(audience="care_tagged") | Q(care_tag=""), name="notice_care_tag_with_audience"
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.title_ug

    def title_in(self, language: str) -> str:
        return (self.title_ug or self.title) if language == "ug" else (self.title or self.title_ug)

    def body_in(self, language: str) -> str:
        return (self.body_ug or self.body) if language == "ug" else (self.body or self.body_ug)


class NoticeReadQuerySet(RegionScopedQuerySet):
    """Receipts are seen where their readers live (the reader's unit code)."""

    code_field = "unit_code"


class NoticeRead(models.Model):
    """A read receipt: who read a notice, first when, and the unit they belong to (for the reach
    per unit, counted in one grouped query)."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="reads")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    unit_code = models.CharField(_("村（社区）代码"), max_length=12)
    read_at = models.DateTimeField(_("阅读时间"), auto_now_add=True)

    objects = NoticeReadQuerySet.as_manager()

    class Meta:
        verbose_name = _("阅读回执")
        verbose_name_plural = _("阅读回执")
        constraints = [models.UniqueConstraint(fields=["notice", "reader"], name="notice_read_once")]
        indexes = [models.Index(fields=["notice", "unit_code"], name="notice_read_unit_idx")]

    def __str__(self) -> str:
        return f"{self.notice_id}/{self.reader_id}"


class PolicyKind(models.TextChoices):
    DOCUMENT = "document", _("政策文件")
    FAQ = "faq", _("常见问答")


class Policy(models.Model):
    """A policy document or an FAQ entry, with its full text (Chinese, and Uyghur where written).
    Searched through search.py; never edited except through services (which reindex it)."""

    kind = models.CharField(_("类别"), max_length=12, choices=PolicyKind.choices, default=PolicyKind.DOCUMENT)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    title_ug = models.CharField(_("维吾尔文标题"), max_length=300, blank=True)
    body_ug = models.TextField(_("维吾尔文正文"), blank=True)
    department = models.CharField(_("责任部门"), max_length=8, choices=Department.choices, blank=True)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    issued_on = models.DateField(_("发布日期"), null=True, blank=True)
    published = models.BooleanField(_("已公开"), default=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("政策")
        verbose_name_plural = _("政策")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.title


class QuestionQuerySet(RegionScopedQuerySet):
    code_field = "scope_code"
    household_path = "asker_household"
    department_path = "department"
    departments_seeing_all = frozenset({Department.CIVIL_AFFAIRS})

    def open(self) -> "QuestionQuerySet":
        return self.filter(status=QuestionStatus.ASKED)


class Question(models.Model):
    """A resident's question. Routed when asked: to the county department responsible for the topic
    (`department`) when there is one, else to the asker's unit, whose workers answer it; either way
    it stays within the asker's unit (`scope_code`) for the region's staff."""

    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提问人"), on_delete=models.PROTECT, related_name="+"
    )
    asker_household = models.ForeignKey(
        "residents.Household", verbose_name=_("家庭户"), on_delete=models.PROTECT, related_name="+"
    )
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    department = models.CharField(_("责任部门"), max_length=8, choices=Department.choices, blank=True)
    policy = models.ForeignKey(
        Policy, verbose_name=_("相关政策"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("咨询内容"))
    public = models.BooleanField(_("答复可以公开"), default=False)
    status = models.CharField(_("状态"), max_length=24, choices=QuestionStatus.choices, default=QuestionStatus.ASKED)
    asked_at = models.DateTimeField(_("提问时间"), auto_now_add=True)
    due_at = models.DateTimeField(_("答复期限"), null=True, blank=True)
    # The year whose holidays the due time waits for (asked late in December before the county
    # entered next year's schedule); entering that year computes it.
    calendar_missing = models.PositiveSmallIntegerField(_("缺少节假日安排的年份"), null=True, blank=True)
    answer = models.TextField(_("答复内容"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(
        _("满意度"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    score_note = models.TextField(_("评价意见"), blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("政策咨询")
        verbose_name_plural = _("政策咨询")
        ordering = ["-asked_at", "-id"]
        indexes = [
            models.Index(fields=["scope_code", "status", "due_at"], name="question_scope_due_idx"),
            models.Index(fields=["asker", "-asked_at"], name="question_asker_idx"),
            models.Index(fields=["public", "status", "-answered_at"], name="question_public_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(scope_code=""), name="question_scope_code_set"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5), name="question_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:30]

    @property
    def is_overdue(self) -> bool:
        return self.status == QuestionStatus.ASKED and self.due_at is not None and self.due_at < timezone.now()


class QuestionPartQuerySet(RegionScopedQuerySet):
    """A question's history, seen by whoever sees the question."""

    code_field = "question__scope_code"
    household_path = "question__asker_household"
    department_path = "question__department"
    departments_seeing_all = frozenset({Department.CIVIL_AFFAIRS})


class QuestionHistory(history_base(QuestionStatus)):
    """The question's steps (append-only)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="history")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT, null=True, related_name="+"
    )

    objects = QuestionPartQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("咨询处理记录")
        verbose_name_plural = _("咨询处理记录")
