from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpecialCareConfig(AppConfig):
    name = "shequ.specialcare"
    label = "specialcare"
    verbose_name = _("特殊群体关爱")

    def ready(self):
        from auditlog.registry import auditlog

        from shequ.core.events import event_labels_register
        from shequ.notifications.messages import messages_register
        from shequ.specialcare.models import DutyGrant
        from shequ.specialcare.notices import NOTICES
        from shequ.specialcare.panels import care_panel
        from shequ.ui.panels import Panel, panel_register

        # Grants are kept in auditlog's field diffs too. Records and visits are not: auditlog's
        # list is open to superusers, who must not learn who is under care; their domain events
        # name the record by id only.
        auditlog.register(DutyGrant)
        messages_register(NOTICES)
        panel_register(Panel(template="specialcare/_panel.html", context=care_panel, order=35))
        event_labels_register(
            {
                "specialcare.grant_created": _("授予特殊群体关爱职责"),
                "specialcare.grant_revoked": _("撤销特殊群体关爱职责"),
                "specialcare.record_created": _("登记特殊群体关爱对象"),
                "specialcare.record_ended": _("结束特殊群体关爱"),
                "specialcare.visit_recorded": _("登记关爱走访"),
                "specialcare.list_viewed": _("查看特殊群体名单"),
                "specialcare.record_viewed": _("查看特殊群体关爱记录"),
                "specialcare.exported": _("导出特殊群体名单"),
            }
        )
