from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanTasksConfig(AppConfig):
    name = "shequ.plantasks"
    label = "plantasks"
    verbose_name = _("规划任务分工与考核")

    def ready(self):
        from auditlog.registry import auditlog

        from shequ.core.events import event_labels_register
        from shequ.notifications.messages import messages_register
        from shequ.plantasks import rules  # noqa: F401  (registers the permissions)
        from shequ.plantasks.models import EnteredScore, PlanTask, ReportSchedule, ScoringCriterion, WorkItem
        from shequ.plantasks.notices import NOTICES

        for model in (PlanTask, WorkItem, ReportSchedule, ScoringCriterion, EnteredScore):
            auditlog.register(model)
        messages_register(NOTICES)
        event_labels_register(
            {
                "plan_task.lead_marked": _("标记牵头部门"),
                "work_item.saved": _("登记年度工作事项"),
                "progress_report.saved": _("保存进度报告"),
                "progress_report.submitted": _("提交进度报告"),
                "progress_report.accepted": _("进度报告审核通过"),
                "progress_report.returned": _("退回进度报告"),
                "major_matter.reported": _("上报重大事项"),
                "major_matter.updated": _("报告重大事项处理情况"),
                "responsibility_list.version_added": _("上传权责清单版本"),
                "score.entered": _("录入考核得分"),
            }
        )
