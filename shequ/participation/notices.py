"""Notification messages of community life (registered in ParticipationConfig.ready()). No
personal data: a notice's title is the publisher's public text; questions are named by number."""

from django.utils.translation import gettext_lazy as _

from shequ.notifications.messages import Message

NOTICES = {
    # The SMS of an urgent notice: its title only, the resident reads the rest in the portal.
    "participation.urgent_notice": Message(title=_("【紧急通知】%(title)s"), body=_("详情请登录社区服务平台查看。")),
    "participation.question_asked": Message(title=_("新的政策咨询 %(number)s"), body=_("请在 %(due)s 前答复。")),
    "participation.question_answered": Message(title=_("您的政策咨询 %(number)s 已答复"), body=_("请查看答复并评价。")),
}
