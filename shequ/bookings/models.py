"""Bookable time slots of 便民服务 (home repairs, 家政, 助浴, health checks, 托育 consultations) and the
residents' bookings of them.

`Slot.booked_count` is the number of places taken; it only ever changes through one conditional
UPDATE in the services (never read-modify-write), and a database constraint keeps it between 0 and
the capacity, so a slot cannot be overbooked whatever the concurrency.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.accounts.models import Role
from shequ.accounts.scope import RegionScopedQuerySet
from shequ.regions.codes import Level, ancestors_of


class ProviderKind(models.TextChoices):
    ELDERLY_CARE = "elderly_care", _("养老")
    CHILDCARE = "childcare", _("托育")
    HOUSEKEEPING = "housekeeping", _("家政")
    PROPERTY = "property", _("物业")
    HEALTH = "health", _("医疗卫生")
    SOCIAL_WORK = "social_work", _("社会工作")
    OTHER = "other", _("其他")


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("已预约")
    CANCELLED = "cancelled", _("已取消")
    NO_SHOW = "no_show", _("未到")
    COMPLETED = "completed", _("已完成")


class ProviderQuerySet(RegionScopedQuerySet):
    """Staff: providers whose region lies within theirs; a provider account: the providers it acts for."""

    provider_path = "accounts"

    def serving(self, region) -> "ProviderQuerySet":
        """Active providers that serve `region`: bound to it or to a region above it."""
        return self.filter(active=True, region__code__in=ancestors_of(region.code, include_self=True))


class Provider(models.Model):
    """A service provider (养老机构, 家政公司, 卫生院, 社工站 …) and the region it serves."""

    name = models.CharField(_("机构名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=16, choices=ProviderKind.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("服务区域"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("所服务的乡镇或村（社区）"),
    )
    phone = models.CharField(_("联系电话"), max_length=13, blank=True)
    active = models.BooleanField(_("在用"), default=True)
    accounts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("机构账号"),
        blank=True,
        related_name="providers",
        limit_choices_to={"role": Role.PROVIDER},
    )

    objects = ProviderQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务机构")
        verbose_name_plural = _("服务机构")
        ordering = ["region__code", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.region_id and self.region.level not in (Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE):
            raise ValidationError({"region": _("服务区域应为县、乡镇或村（社区）")})


class SlotQuerySet(RegionScopedQuerySet):
    """Staff: slots of the units within their region; a resident: slots of their own unit; a
    provider account: its providers' slots."""

    provider_path = "provider__accounts"
    resident_unit_path = "region"

    def upcoming(self, now) -> "SlotQuerySet":
        return self.filter(starts_at__gt=now)


class Slot(models.Model):
    """One time slot of a bookable service item, offered by a provider to one village-level unit."""

    service = models.ForeignKey(
        "services.ServiceItem",
        verbose_name=_("服务事项"),
        on_delete=models.PROTECT,
        related_name="slots",
        limit_choices_to={"bookable": True},
    )
    provider = models.ForeignKey(Provider, verbose_name=_("服务机构"), on_delete=models.PROTECT, related_name="slots")
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("村（社区）"), on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("服务地点"), max_length=100, help_text=_("如：上门、社区服务站"))
    capacity = models.PositiveSmallIntegerField(_("名额"))
    booked_count = models.PositiveSmallIntegerField(_("已预约"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = SlotQuerySet.as_manager()

    class Meta:
        verbose_name = _("预约时段")
        verbose_name_plural = _("预约时段")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(booked_count__gte=0) & Q(booked_count__lte=F("capacity")),
                name="slot_booked_within_capacity",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="slot_capacity_at_least_one"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="slot_ends_after_start"),
        ]
        indexes = [models.Index(fields=["region", "starts_at"], name="slot_region_start_idx")]

    def __str__(self) -> str:
        return f"{self.service} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    @property
    def remaining(self) -> int:
        return max(self.capacity - self.booked_count, 0)

    @property
    def is_full(self) -> bool:
        return self.booked_count >= self.capacity


class BookingQuerySet(RegionScopedQuerySet):
    """Staff: bookings of the residents within their region (a grid worker: the grid); a resident:
    their household's; a provider account: the bookings of its providers' slots."""

    grid_path = "grid"
    household_path = "person__household"
    provider_path = "slot__provider__accounts"


class Booking(models.Model):
    slot = models.ForeignKey(Slot, verbose_name=_("预约时段"), on_delete=models.PROTECT, related_name="bookings")
    person = models.ForeignKey(
        "residents.Person", verbose_name=_("居民"), on_delete=models.PROTECT, related_name="bookings"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("预约人"), on_delete=models.PROTECT, related_name="+"
    )
    # The person's unit and grid when they booked: who may see the booking.
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("村（社区）"), on_delete=models.PROTECT, related_name="+"
    )
    grid = models.ForeignKey(
        "regions.Region", verbose_name=_("网格"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=BookingStatus.choices, default=BookingStatus.BOOKED, db_index=True
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("预约时间"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("预约")
        verbose_name_plural = _("预约")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "person"],
                condition=Q(status="booked"),
                name="booking_one_active_per_person_and_slot",
            )
        ]
        indexes = [models.Index(fields=["status", "reminded_at"], name="booking_reminder_idx")]
        permissions = [
            ("cancel_booking", _("取消预约")),
            ("complete_booking", _("标记预约完成或未到")),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.slot}"
