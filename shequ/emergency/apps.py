from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

PANEL_TEMPLATE = "emergency/_panel.html"


class EmergencyConfig(AppConfig):
    name = "shequ.emergency"
    label = "emergency"
    verbose_name = _("应急管理")

    def ready(self):
        from auditlog.registry import auditlog

        from shequ.core.events import event_labels_register
        from shequ.emergency.models import Drill, FireStation, Force, Plan, Shelter, Supply, Warning
        from shequ.emergency.notices import NOTICES
        from shequ.emergency.selectors import emergency_panel
        from shequ.notifications.messages import messages_register
        from shequ.ui.panels import PANELS, Panel, panel_register

        for model in (Warning, Supply, Shelter, FireStation, Drill, Force, Plan):
            auditlog.register(model)
        messages_register(NOTICES)
        if not any(panel.template == PANEL_TEMPLATE for panel in PANELS):
            panel_register(Panel(template=PANEL_TEMPLATE, context=emergency_panel, order=5))
        event_labels_register(
            {
                "warning.drafted": _("拟制预警"),
                "warning.transitioned": _("预警状态变更"),
                "warning.acknowledged": _("确认收到预警"),
                "warning.forces_called": _("调用应急力量"),
                "supply.created": _("新增应急物资"),
                "supply.moved": _("应急物资出入库"),
                "supply.supply_low": _("应急物资低于最低储备量提醒"),
                "supply.supply_expiring": _("应急物资临期提醒"),
                "emergency.plan_uploaded": _("上传应急预案"),
                "emergency.shelter_added": _("新增避难场所"),
                "emergency.station_added": _("新增微型消防站"),
                "emergency.drill_added": _("记录应急演练"),
                "emergency.force_added": _("新增社会应急力量"),
                "supplies.exported": _("导出应急物资"),
            }
        )
