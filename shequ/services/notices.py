"""The service hall's notification messages (registered in ServicesConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from shequ.notifications.messages import Message
from shequ.services.workflow import Level, Status

NOTICES = {
    "services.application_submitted": Message(title=_("您的申请已提交"), body=_("办件编号：%(number)s")),
    "services.application_transitioned": Message(
        title=_("您的申请状态更新为：%(status)s"),
        body=_("办件编号：%(number)s"),
        formats={"status": lambda value: Status(value).label},
    ),
    # The due date waited for next year's holiday schedule, which has now been entered.
    "services.due_date_set": Message(title=_("办结期限已确定：%(number)s"), body=_("办结期限为 %(due)s。")),
    "services.materials_deferred": Message(
        title=_("请按期补齐容缺材料"),
        body=_("办件编号：%(number)s。尚缺 %(count)s 项材料，请于 %(due)s 前补齐，逾期办件将转为待补正。"),
    ),
    "services.application_forwarded": Message(
        title=_("您的申请已报%(level)s审核"),
        body=_("办件编号：%(number)s"),
        formats={"level": lambda value: Level(value).label},
    ),
    "services.application_returned": Message(
        title=_("您的申请已退回%(level)s重新办理"),
        body=_("办件编号：%(number)s，退回理由见办理记录。"),
        formats={"level": lambda value: Level(value).label},
    ),
    "services.application_approved": Message(
        title=_("您的申请已经%(level)s审批通过"),
        body=_("办件编号：%(number)s"),
        formats={"level": lambda value: Level(value).label},
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
