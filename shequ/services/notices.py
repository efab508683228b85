"""The service hall's notification messages (registered in ServicesConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from shequ.notifications.messages import Message
from shequ.services.workflow import Status

NOTICES = {
    "services.application_submitted": Message(title=_("您的申请已提交"), body=_("办件编号：%(number)s")),
    "services.application_transitioned": Message(
        title=_("您的申请状态更新为：%(status)s"),
        body=_("办件编号：%(number)s"),
        formats={"status": lambda value: Status(value).label},
    ),
    "services.application_escalated": Message(
        title=_("办件超期：%(number)s"), body=_("%(service)s，办结期限 %(due)s，请督办。")
    ),
    "services.authorisation_granted": Message(
        title=_("您已获得代办授权"), body=_("您现在可以在服务大厅为授权人申请办事。")
    ),
    "services.authorisation_recorded": Message(
        title=_("工作人员已登记您的代办授权"), body=_("如非本人意愿，请在“代办授权”页面撤销或联系村（社区）。")
    ),
}
