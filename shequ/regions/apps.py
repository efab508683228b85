from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "shequ.regions"
    label = "regions"
    verbose_name = _("行政区划")

    def ready(self):
        from auditlog.registry import auditlog

        from shequ.core.events import event_labels_register
        from shequ.regions.models import Region

        event_labels_register({"region.figures_updated": _("更新统计数据")})

        auditlog.register(Region)
