"""Incident notification messages (registered in IncidentsConfig.ready()). No names or places in
them: the link leads to the incident itself."""

from django.utils.translation import gettext_lazy as _

from shequ.incidents.workflow import Status
from shequ.notifications.messages import Message


def _status(value) -> str:
    return Status(value).label if value in Status.values else value


NOTICES = {
    "incidents.transitioned": Message(
        title=_("您上报的事件 #%(id)s：%(status)s"), body="%(note)s", formats={"status": _status}
    ),
    "incidents.dispatched": Message(title=_("新派遣的事件 #%(id)s：%(category)s"), body=_("请在 %(due)s 前处置。")),
    "incidents.to_verify": Message(title=_("事件 #%(id)s 已处置，请核查"), body="%(note)s"),
    "incidents.returned": Message(title=_("事件 #%(id)s 被退回，请重新派遣"), body="%(note)s"),
    "incidents.extension_requested": Message(title=_("事件 #%(id)s 申请延期至 %(until)s"), body="%(note)s"),
    "incidents.escalated_township": Message(
        title=_("事件超期督办 #%(id)s：%(category)s"), body=_("处置期限 %(due)s 已过，请督促办理。")
    ),
    "incidents.escalated_county": Message(
        title=_("事件超期未办结，报县级督办 #%(id)s：%(category)s"),
        body=_("处置期限 %(due)s 已过，乡镇督办后仍未办结。"),
    ),
    "incidents.police_handover": Message(title=_("涉警事件移交警务室 #%(id)s：%(category)s"), body="%(note)s"),
}
