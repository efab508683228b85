from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

PANEL_TEMPLATE = "grids/_panel.html"


class GridsConfig(AppConfig):
    name = "shequ.grids"
    label = "grids"
    verbose_name = _("网格与平安组织")

    def ready(self):
        from auditlog.registry import auditlog

        from shequ.core.events import event_labels_register
        from shequ.grids.models import (
            ChecklistItem,
            CrowdedPlace,
            GridMember,
            GridProfile,
            SafetyBody,
            SafetyBodyMember,
        )
        from shequ.grids.panels import grids_panel
        from shequ.ui.panels import PANELS, Panel, panel_register

        for model in (GridProfile, GridMember, SafetyBody, SafetyBodyMember, CrowdedPlace, ChecklistItem):
            auditlog.register(model)
        if not any(panel.template == PANEL_TEMPLATE for panel in PANELS):
            panel_register(Panel(template=PANEL_TEMPLATE, context=grids_panel, order=25))
        event_labels_register(
            {
                "grid.profile_saved": _("修改网格信息"),
                "grid.member_added": _("网格人员任职"),
                "grid.member_ended": _("网格人员离任"),
                "grid.households_moved": _("调整家庭户网格"),
                "safety_body.member_added": _("平安组织成员任职"),
                "safety_body.member_ended": _("平安组织成员离任"),
                "crowded_place.registered": _("登记人员密集场所"),
                "crowded_place.inspected": _("人员密集场所安全检查"),
                "grids.exported": _("导出网格人员和场所"),
            }
        )
