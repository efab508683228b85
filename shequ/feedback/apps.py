from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

PANEL_TEMPLATE = "feedback/_panel.html"


class FeedbackConfig(AppConfig):
    name = "shequ.feedback"
    label = "feedback"
    verbose_name = _("好差评")

    def ready(self):
        from auditlog.registry import auditlog

        from shequ.core.events import event_labels_register
        from shequ.core.workflow import deadline_rescheduler_register
        from shequ.feedback.models import CreditEntry, Rating, Rectification
        from shequ.feedback.notices import NOTICES
        from shequ.feedback.selectors import rectification_panel
        from shequ.notifications.messages import messages_register
        from shequ.ui.panels import PANELS, Panel, panel_register

        messages_register(NOTICES)
        auditlog.register(Rating)
        auditlog.register(Rectification, exclude_fields=["updated_at"])
        auditlog.register(CreditEntry)
        deadline_rescheduler_register("feedback.rectifications", _reschedule)
        if not any(panel.template == PANEL_TEMPLATE for panel in PANELS):
            panel_register(Panel(template=PANEL_TEMPLATE, context=rectification_panel, order=40))
        event_labels_register(
            {
                "rating.created": _("服务评价"),
                "rating.defaulted": _("超期未评价，默认满意"),
                "rating.excluded": _("评价经申诉复核剔除"),
                "rectification.opened": _("差评整改立案"),
                "rectification.transitioned": _("差评整改状态变更"),
                "rectification.file_downloaded": _("下载整改证据"),
                "ratings.exported": _("导出服务评价"),
            }
        )


def _reschedule(year: int) -> int:
    from shequ.feedback.services import rectifications_reschedule

    return rectifications_reschedule(year=year)
