from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

PANEL_TEMPLATE = "participation/_panel.html"


class ParticipationConfig(AppConfig):
    name = "shequ.participation"
    label = "participation"
    verbose_name = _("社区生活")

    def ready(self):
        from shequ.core.events import event_labels_register
        from shequ.core.workflow import deadline_rescheduler_register
        from shequ.notifications.messages import messages_register
        from shequ.participation.notices import NOTICES
        from shequ.participation.selectors import question_panel
        from shequ.ui.panels import PANELS, Panel, panel_register

        messages_register(NOTICES)
        deadline_rescheduler_register("participation.questions", _reschedule)
        if not any(panel.template == PANEL_TEMPLATE for panel in PANELS):
            panel_register(Panel(template=PANEL_TEMPLATE, context=question_panel, order=45))
        event_labels_register(
            {
                "notice.published": _("发布通知公告"),
                "notice.withdrawn": _("撤回通知公告"),
                "policy.created": _("新增政策"),
                "policy.updated": _("修改政策"),
                "question.asked": _("提出政策咨询"),
                "question.transitioned": _("政策咨询状态变更"),
            }
        )


def _reschedule(year: int) -> int:
    from shequ.participation.services import questions_reschedule

    return questions_reschedule(year=year)
