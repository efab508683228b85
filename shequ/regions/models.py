from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.regions.codes import Kind, Level


class RegionQuerySet(models.QuerySet):
    def for_user(self, user) -> "RegionQuerySet":
        from shequ.accounts.scope import region_scope_q

        return self.filter(region_scope_q(user))


class Region(models.Model):
    """One administrative division, keyed by its national statistical code.

    Codes nest: 652327 (county) → 652327100 (township) → 652327100003 (village-level unit) →
    652327100003001 (grid). Province and city levels exist only when a whole country file is imported.
    """

    code = models.CharField(_("区划代码"), max_length=15, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices, db_index=True)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    households = models.PositiveIntegerField(_("户数"), null=True, blank=True)
    households_on = models.DateField(_("户数统计日期"), null=True, blank=True)
    registered_population = models.PositiveIntegerField(_("户籍人口"), null=True, blank=True)
    registered_population_on = models.DateField(_("户籍人口统计日期"), null=True, blank=True)
    resident_population = models.PositiveIntegerField(_("常住人口"), null=True, blank=True)
    resident_population_on = models.DateField(_("常住人口统计日期"), null=True, blank=True)
    urban_resident_population = models.PositiveIntegerField(_("城镇常住人口"), null=True, blank=True)
    urban_resident_population_on = models.DateField(_("城镇常住人口统计日期"), null=True, blank=True)

    is_demo = models.BooleanField(_("演示数据"), default=False)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["code"], name="region_code_prefix_idx", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def counts_in_indicators(self) -> bool:
        """兵团 and industrial-park units (codes 400+) are shown, but counted only when configured."""
        return self.level != Level.VILLAGE or self.kind != Kind.OTHER or settings.COUNT_OTHER_UNITS

    @property
    def short_name(self) -> str:
        """The name as people say it: 文化路社区 rather than 文化路社区居委会."""
        for suffix in ("居民委员会", "居委会", "村民委员会", "村委会"):
            if self.name.endswith(suffix) and len(self.name) > len(suffix):
                return self.name[: -len(suffix)]
        return self.name


FIGURE_FIELDS = ("households", "registered_population", "resident_population", "urban_resident_population")
