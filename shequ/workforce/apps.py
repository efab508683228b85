from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkforceConfig(AppConfig):
    name = "shequ.workforce"
    label = "workforce"
    verbose_name = _("社区工作者")

    def ready(self):
        from auditlog.registry import auditlog

        from shequ.core.events import event_labels_register
        from shequ.workforce import models

        auditlog.register(models.Worker, exclude_fields=["updated_at"])
        # The configuration the county administrator edits in the admin.
        for configured in (
            models.PostGrade,
            models.SalaryStep,
            models.Education,
            models.Qualification,
            models.StaffingStandard,
            models.CompetencyItem,
            models.ReviewDepartment,
        ):
            auditlog.register(configured)
        event_labels_register(
            {
                "worker.saved": _("登记社区工作者"),
                "workers.imported": _("导入社区工作者"),
                "workers.exported": _("导出社区工作者"),
                "training.attendance_recorded": _("登记参训记录"),
                "training.course_created": _("新建培训课程"),
                "training.session_created": _("添加培训班次"),
                "candidate_review.confirmed": _("联审部门确认"),
            }
        )
