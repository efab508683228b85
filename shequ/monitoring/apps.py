from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "shequ.monitoring"
    label = "monitoring"
    verbose_name = _("规划实施监测")

    def ready(self):
        from shequ.core.events import event_labels_register

        event_labels_register(
            {
                "indicator_snapshot.taken": _("生成指标快照"),
                "indicator_snapshot.frozen": _("冻结年末指标"),
                "indicator_baseline.saved": _("登记指标基期值"),
            }
        )
