"""Protected care of special groups: duty grants, the records of people under care, and the visits.

A record is seen only through a duty grant: `CareRecord.objects.for_user(user)` is the user's region
scope intersected with their active grants (group and region). Holding a role — county staff, the
county administrator, a superuser — grants nothing by itself.
"""

from datetime import date
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.accounts.scope import RegionScopedQuerySet
from shequ.core.masking import mask_phone
from shequ.core.models import AppendOnlyModel
from shequ.specialcare.groups import Group


class DutyGrantQuerySet(RegionScopedQuerySet):
    """Grants within the user's region (the county administrator: all of them)."""

    code_field = "scope_code"

    def active(self, *, on: date | None = None) -> "DutyGrantQuerySet":
        on = on or timezone.localdate()
        return self.filter(revoked_at__isnull=True, starts_on__lte=on).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=on)
        )


class DutyGrant(models.Model):
    """The special-group duty of one user for some groups within a region (theirs or below),
    granted and revoked by the county administrator, from one date to another."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("承担职责的账号"), on_delete=models.CASCADE, related_name="care_duties"
    )
    region = models.ForeignKey("regions.Region", verbose_name=_("职责区域"), on_delete=models.PROTECT, related_name="+")
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    groups = models.JSONField(_("特殊群体"), default=list)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("授权人"), on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(_("授权时间"), auto_now_add=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤销人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoke_reason = models.TextField(_("撤销理由"), blank=True)

    objects = DutyGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("特殊群体关爱职责")
        verbose_name_plural = _("特殊群体关爱职责")
        ordering = ["-granted_at", "-id"]
        indexes = [models.Index(fields=["user", "revoked_at"], name="care_grant_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.scope_code}"

    def group_labels(self) -> list[str]:
        return [str(Group(group).label) for group in self.groups if group in Group.values]


def duty_q(user) -> Q | None:
    """What the user's active grants cover, as a filter on a record's group and scope code; None
    when they hold no duty."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    grants = DutyGrant.objects.filter(user=user).active().values_list("groups", "scope_code")
    covered = [Q(group__in=groups, scope_code__within=code) for groups, code in grants if groups]
    return reduce(or_, covered) if covered else None


class RecordStatus(models.TextChoices):
    ACTIVE = "active", _("关爱中")
    ENDED = "ended", _("已结束")


class CareRecordQuerySet(RegionScopedQuerySet):
    """Records the user's duty covers, within their own region. Nobody else sees any: not county
    staff, not the county administrator, not a superuser (the scope base would give them everything;
    the grants give them nothing)."""

    code_field = "scope_code"

    def for_user(self, user):
        covered = duty_q(user)
        if covered is None or not user.region_id:
            return self.none()
        return self.filter(scope_code__within=user.region.code).filter(covered)

    def within(self, scope):
        # A region alone grants nothing here: only for_user, through the duty grants.
        return self.none()

    def active(self) -> "CareRecordQuerySet":
        return self.filter(status=RecordStatus.ACTIVE)


class CareRecord(models.Model):
    person = models.ForeignKey(
        "residents.Person", verbose_name=_("关爱对象"), on_delete=models.PROTECT, related_name="+"
    )
    group = models.CharField(_("特殊群体"), max_length=24, choices=Group.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("村（社区）"), on_delete=models.PROTECT, related_name="+"
    )
    # The person's most specific code (grid, else unit) when registered: duty grants match its prefix.
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    status = models.CharField(_("状态"), max_length=10, choices=RecordStatus.choices, default=RecordStatus.ACTIVE)
    started_on = models.DateField(_("纳入日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    end_reason = models.TextField(_("结束原因"), blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("责任人"), on_delete=models.PROTECT, related_name="+"
    )
    guardian_name = models.CharField(_("监护人姓名"), max_length=50, blank=True)
    guardian_relation = models.CharField(_("与监护人关系"), max_length=20, blank=True)
    guardian_phone = models.CharField(_("监护人电话"), max_length=12, blank=True)
    rehabilitation_service = models.CharField(_("社区康复服务"), max_length=200, blank=True)
    supervision_starts_on = models.DateField(_("矫正期起"), null=True, blank=True)
    supervision_ends_on = models.DateField(_("矫正期止"), null=True, blank=True)
    notes = models.TextField(_("情况说明"), blank=True)
    last_visited_on = models.DateField(_("最近走访"), null=True, blank=True)
    # When the next required visit is due (the last visit, else the start, plus the group's interval).
    next_visit_due = models.DateField(_("下次走访期限"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = CareRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("特殊群体关爱记录")
        verbose_name_plural = _("特殊群体关爱记录")
        ordering = ["next_visit_due", "id"]
        indexes = [
            # A duty's list: one group within a region's prefix, most urgent first.
            models.Index(fields=["group", "scope_code", "status", "next_visit_due"], name="care_record_duty_idx"),
            models.Index(fields=["status", "next_visit_due"], name="care_record_due_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "group"], condition=Q(status="active"), name="care_record_once_active"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()} #{self.pk}"

    @property
    def guardian_phone_masked(self) -> str:
        return mask_phone(self.guardian_phone)

    def is_overdue(self, today: date | None = None) -> bool:
        return self.status == RecordStatus.ACTIVE and self.next_visit_due < (today or timezone.localdate())


class VisitKind(models.TextChoices):
    HOME = "home", _("入户走访")
    TALK = "talk", _("约谈")
    PHONE = "phone", _("电话联系")
    WITH_GUARDIAN = "guardian", _("与监护人面谈")
    OTHER = "other", _("其他")


class CareVisitQuerySet(RegionScopedQuerySet):
    """Visits of the records the user's duty covers."""

    def for_user(self, user):
        return self.filter(record__in=CareRecord.objects.for_user(user).values("pk"))

    def within(self, scope):
        return self.none()


class CareVisit(AppendOnlyModel):
    """One care visit, as logged; a mistake is corrected by a further entry."""

    record = models.ForeignKey(CareRecord, verbose_name=_("关爱记录"), on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("走访日期"))
    kind = models.CharField(_("方式"), max_length=10, choices=VisitKind.choices)
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("走访人"), on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(_("走访情况"), blank=True)
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = CareVisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("关爱走访")
        verbose_name_plural = _("关爱走访")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.get_kind_display()}"
