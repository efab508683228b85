"""The app's notification messages (registered in PlanTasksConfig.ready()). Parameters are the task's
number, the period's code and dates: no names, no personal data."""

from django.utils.translation import gettext_lazy as _

from shequ.notifications.messages import Message
from shequ.plantasks.periods import period_label

NOTICES = {
    "plantasks.report_overdue": Message(
        title=_("进度报告逾期未报：重点任务%(task)s"),
        body=_("%(period)s的进度报告应于 %(due)s 前报送，请尽快报送。"),
        formats={"period": period_label},
    ),
    "plantasks.report_returned": Message(
        title=_("进度报告被退回：重点任务%(task)s"), body="%(note)s", formats={"period": period_label}
    ),
}
