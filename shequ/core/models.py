from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyModel(models.Model):
    """A record that, once written, is never changed or deleted through the ORM (history, audit,
    credit); corrections are new records."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError(f"{type(self).__name__} records are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{type(self).__name__} records are append-only.")


class DomainEvent(AppendOnlyModel):
    """Append-only record of what happened in the domain, in words a supervisor can read.

    django-auditlog keeps field-level diffs of rows; this log keeps the acts people take (a reveal of
    an ID number, an import, a transition) with their reason, written in the same transaction.
    """

    occurred_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    verb = models.CharField(_("事件"), max_length=64, db_index=True)
    target_type = models.CharField(_("对象类型"), max_length=64)
    target_id = models.CharField(_("对象编号"), max_length=64, db_index=True)
    region_code = models.CharField(_("区划代码"), max_length=15, blank=True, db_index=True)
    reason = models.TextField(_("理由"), blank=True)
    data = models.JSONField(_("内容"), default=dict, blank=True)
    # Where the act came from, as the trusted proxies report it; empty for scheduled jobs.
    client_address = models.GenericIPAddressField(_("客户端地址"), null=True, blank=True)
    user_agent = models.CharField(_("客户端软件"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("业务事件")
        verbose_name_plural = _("业务事件")
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.verb} {self.target_type}#{self.target_id}"

    @property
    def verb_label(self) -> str:
        from shequ.core.events import EVENT_LABELS

        return str(EVENT_LABELS.get(self.verb, self.verb))


class CalendarYear(models.Model):
    """A year of the State Council's holiday schedule entered by hand, for years the
    chinese-calendar package does not know yet (it is published each November for the next year)."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.CharField(_("依据"), max_length=200, help_text=_("如：国办发明电〔2026〕X号"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """A day of an entered year that differs from the Monday-to-Friday pattern: a statutory holiday
    on a weekday, or a make-up working day (调休) on a weekend."""

    calendar_year = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days")
    day = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否上班"))
    name = models.CharField(_("名称"), max_length=50, blank=True, help_text=_("如：春节、国庆节调休上班"))

    class Meta:
        verbose_name = _("节假日或调休日")
        verbose_name_plural = _("节假日或调休日")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.name}"
