from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliberationConfig(AppConfig):
    name = "shequ.deliberation"
    label = "deliberation"
    verbose_name = _("议事协商")

    def ready(self):
        from auditlog.registry import auditlog

        from shequ.core.events import event_labels_register
        from shequ.deliberation.models import Meeting, Motion, Resolution

        auditlog.register(Meeting)
        auditlog.register(Motion)
        auditlog.register(Resolution)
        event_labels_register(
            {
                "topic.raised": _("提出议题"),
                "meeting.created": _("安排议事会议"),
                "motion.added": _("添加表决事项"),
                "motion.opened": _("开始表决"),
                "motion.closed": _("结束表决"),
                "vote.cast": _("投票"),
                "meeting.checked_in": _("会议签到"),
                "meeting.proxy_recorded": _("登记委托投票"),
                "meeting.minutes": _("记录会议纪要"),
                "resolution.added": _("形成决议"),
                "resolution.followed_up": _("更新决议办理情况"),
            }
        )
