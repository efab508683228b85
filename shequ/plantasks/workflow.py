"""Two transition tables on the shared workflow core.

A progress report is written by the department or township that carries the work item (REPORTER),
submitted, and reviewed by 县民政局 (REVIEWER): accepted, or returned with a reason, after which the
reporter corrects and submits it again. A major matter (重大事项) is reported upward and its handling
followed by whoever reported it, until it is closed."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.workflow import Step, Workflow

REPORTER = "reporter"
REVIEWER = "reviewer"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    ACCEPTED = "accepted", _("已通过")
    RETURNED = "returned", _("已退回")


REPORT_TRANSITIONS = {
    (ReportStatus.DRAFT, ReportStatus.SUBMITTED): Step(REPORTER, label=_("提交")),
    (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED): Step(REVIEWER, label=_("审核通过"), note_label=_("审核意见")),
    (ReportStatus.SUBMITTED, ReportStatus.RETURNED): Step(REVIEWER, frozenset({"reason"}), _("退回"), _("退回理由")),
    (ReportStatus.RETURNED, ReportStatus.SUBMITTED): Step(REPORTER, label=_("重新提交")),
}

REPORT_WORKFLOW = Workflow(
    name="plantasks",
    status=ReportStatus,
    transitions=REPORT_TRANSITIONS,
    forbidden_message=_("进度报告不能从“%(current)s”变为“%(target)s”"),
)

# States in which the reporter may still change the text, figures and files.
EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)
# States in which the period counts as reported (not overdue).
REPORTED = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


class MatterStatus(models.TextChoices):
    REPORTED = "reported", _("已上报")
    HANDLING = "handling", _("处理中")
    CLOSED = "closed", _("已办结")


MATTER_TRANSITIONS = {
    (MatterStatus.REPORTED, MatterStatus.HANDLING): Step(
        REPORTER, frozenset({"reason"}), _("报告处理进展"), _("处理情况")
    ),
    (MatterStatus.HANDLING, MatterStatus.HANDLING): Step(
        REPORTER, frozenset({"reason"}), _("报告处理进展"), _("处理情况")
    ),
    (MatterStatus.REPORTED, MatterStatus.CLOSED): Step(REPORTER, frozenset({"reason"}), _("办结"), _("办结情况")),
    (MatterStatus.HANDLING, MatterStatus.CLOSED): Step(REPORTER, frozenset({"reason"}), _("办结"), _("办结情况")),
}

MATTER_WORKFLOW = Workflow(
    name="plantasks",
    status=MatterStatus,
    transitions=MATTER_TRANSITIONS,
    forbidden_message=_("重大事项不能从“%(current)s”变为“%(target)s”"),
)
