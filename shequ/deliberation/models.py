"""Deliberation (议事协商): topics residents raise, meetings (村民说事日 / 居民恳谈日) that take them up,
motions decided by household or person vote, attendance, proxies, and resolutions followed up in
public.

One vote per household is a database rule, not a check: a vote's `ballot_key` is the household (or
the person, for a person vote) and is unique per motion, so an online vote and a vote recorded at
the meeting for the same household can never both count, whatever their order or timing."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.accounts.scope import RegionScopedQuerySet


class MeetingKind(models.TextChoices):
    VILLAGE_DAY = "village_day", _("村民说事日")
    RESIDENT_TALK = "resident_talk", _("居民恳谈日")
    OTHER = "other", _("其他议事会议")


class Basis(models.TextChoices):
    HOUSEHOLD = "household", _("按户表决（每户一票）")
    PERSON = "person", _("按人表决（每人一票）")


class Majority(models.TextChoices):
    SIMPLE = "simple", _("赞成票超过投票数的一半")
    TWO_THIRDS = "two_thirds", _("赞成票达到投票数的三分之二")
    ABSOLUTE = "absolute", _("赞成票超过应投票数的一半")


class Channel(models.TextChoices):
    ONLINE = "online", _("网上投票")
    ONSITE = "onsite", _("现场投票")


class ResolutionStatus(models.TextChoices):
    PENDING = "pending", _("未开始")
    IN_PROGRESS = "in_progress", _("办理中")
    DONE = "done", _("已办结")


# Who may vote: adults (18 and over) of the meeting's unit.
VOTING_AGE = 18

CHOICES = {"yes": _("赞成"), "no": _("反对"), "abstain": _("弃权")}


class MeetingQuerySet(RegionScopedQuerySet):
    """Staff see the meetings of their region; a resident those of their own unit."""

    code_field = "scope_code"
    resident_unit_path = "unit"


class Meeting(models.Model):
    unit = models.ForeignKey("regions.Region", verbose_name=_("村（社区）"), on_delete=models.PROTECT, related_name="+")
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    kind = models.CharField(
        _("会议类型"), max_length=16, choices=MeetingKind.choices, default=MeetingKind.RESIDENT_TALK
    )
    title = models.CharField(_("会议名称"), max_length=120)
    place = models.CharField(_("地点"), max_length=120)
    starts_at = models.DateTimeField(_("开始时间"))
    agenda = models.TextField(_("议程"))
    minutes = models.TextField(_("会议纪要"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("议事会议")
        verbose_name_plural = _("议事会议")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["scope_code", "-starts_at"], name="meeting_scope_idx")]

    def __str__(self) -> str:
        return self.title


class TopicQuerySet(RegionScopedQuerySet):
    code_field = "scope_code"
    household_path = "household"


class Topic(models.Model):
    """A matter a resident raises for deliberation; a worker takes it onto a meeting's agenda."""

    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    household = models.ForeignKey("residents.Household", on_delete=models.PROTECT, related_name="+")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("议题内容"))
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("列入会议"), on_delete=models.SET_NULL, null=True, blank=True, related_name="topics"
    )
    raised_at = models.DateTimeField(_("提出时间"), auto_now_add=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("议题")
        verbose_name_plural = _("议题")
        ordering = ["-raised_at", "-id"]
        indexes = [models.Index(fields=["scope_code", "-raised_at"], name="topic_scope_idx")]

    def __str__(self) -> str:
        return self.text[:30]


class MeetingPartQuerySet(RegionScopedQuerySet):
    """Motions, proxies, votes, attendance and resolutions are seen where their meeting is."""

    code_field = "meeting__scope_code"
    resident_unit_path = "meeting__unit"


class Motion(models.Model):
    """A question put to the vote. `quorum_percent` of those entitled (households or adults of the
    unit) must vote for the result to stand; `majority` says how many yes votes carry it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="motions")
    title = models.CharField(_("表决事项"), max_length=200)
    text = models.TextField(_("说明"), blank=True)
    basis = models.CharField(_("表决方式"), max_length=12, choices=Basis.choices, default=Basis.HOUSEHOLD)
    quorum_percent = models.PositiveSmallIntegerField(_("最低投票率（%）"), default=50)
    majority = models.CharField(_("通过规则"), max_length=12, choices=Majority.choices, default=Majority.SIMPLE)
    is_open = models.BooleanField(_("正在表决"), default=False)
    closed_at = models.DateTimeField(_("表决结束时间"), null=True, blank=True)

    objects = MeetingPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("表决事项")
        verbose_name_plural = _("表决事项")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title

    @property
    def choices(self) -> list[str]:
        return list(CHOICES)


class Proxy(models.Model):
    """A recorded authorisation: `proxy` votes for `household` at this meeting (委托投票)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="proxies")
    household = models.ForeignKey("residents.Household", on_delete=models.PROTECT, related_name="+")
    proxy = models.ForeignKey("residents.Person", on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("委托说明"), max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("委托投票")
        verbose_name_plural = _("委托投票")
        constraints = [models.UniqueConstraint(fields=["meeting", "household"], name="proxy_one_per_household")]

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.household_id}"


class VoteQuerySet(RegionScopedQuerySet):
    code_field = "motion__meeting__scope_code"
    resident_unit_path = "motion__meeting__unit"


class Vote(models.Model):
    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="votes")
    # The household's id for a household vote, the person's for a person vote (see the module).
    ballot_key = models.PositiveBigIntegerField()
    household = models.ForeignKey("residents.Household", on_delete=models.PROTECT, related_name="+")
    cast_by = models.ForeignKey("residents.Person", on_delete=models.PROTECT, related_name="+")
    proxy = models.ForeignKey(Proxy, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    channel = models.CharField(_("投票方式"), max_length=8, choices=Channel.choices)
    choice = models.CharField(_("意见"), max_length=8)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    cast_at = models.DateTimeField(auto_now_add=True)

    objects = VoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("投票")
        verbose_name_plural = _("投票")
        constraints = [models.UniqueConstraint(fields=["motion", "ballot_key"], name="vote_one_per_ballot")]

    def __str__(self) -> str:
        return f"{self.motion_id}/{self.ballot_key}"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("residents.Person", on_delete=models.PROTECT, related_name="+")
    checked_in_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = MeetingPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("签到")
        verbose_name_plural = _("签到")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once")]

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.person_id}"


class Resolution(models.Model):
    """What a meeting decided, who carries it out by when, and how far it has come (公开)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="resolutions")
    motion = models.ForeignKey(Motion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    text = models.TextField(_("决议内容"))
    responsible = models.CharField(_("责任人"), max_length=60)
    due_on = models.DateField(_("完成期限"))
    status = models.CharField(
        _("办理情况"), max_length=12, choices=ResolutionStatus.choices, default=ResolutionStatus.PENDING
    )
    follow_up = models.TextField(_("进展说明"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("决议")
        verbose_name_plural = _("决议")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.text[:30]
