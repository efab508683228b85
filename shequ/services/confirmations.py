"""What the page says after a step: what actually happened, from the application's real status,
never a fixed 已办理."""

from django.utils.translation import gettext as _

from shequ.services.models import Application
from shequ.services.workflow import Status


def confirmation_text(application: Application) -> str:
    """The confirmation shown after a submission or a step, in the user's language."""
    number = application.number
    texts = {
        Status.SUBMITTED: _("提交成功，等待受理。受理编号 %(number)s"),
        Status.SUPPLEMENT_REQUESTED: _("已一次性告知需补正的材料，等待申请人补正（%(number)s）"),
        Status.NOT_ACCEPTED: _("已决定不予受理，申请人会收到通知（%(number)s）"),
        Status.IN_PROGRESS: _("已开始办理（%(number)s）"),
        Status.COMPLETED: _("已办结（%(number)s）"),
        Status.REJECTED: _("已决定不予批准，申请人会收到通知（%(number)s）"),
        Status.WITHDRAWN: _("申请已撤回（%(number)s）"),
    }
    if application.status == Status.ACCEPTED:
        if application.due_date:
            return _("已受理，办结期限 %(due)s（%(number)s）") % {
                "due": application.due_date.isoformat(),
                "number": number,
            }
        return _("已受理，办结期限待定（%(number)s）") % {"number": number}
    if application.status in texts:
        return texts[application.status] % {"number": number}
    # A status added later without its own sentence still says where the application stands.
    return _("办件状态已更新为：%(status)s（%(number)s）") % {
        "status": application.get_status_display(),
        "number": number,
    }
