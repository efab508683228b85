"""Special-care notification messages (registered in SpecialCareConfig.ready()). A number only:
no name, group or place, so that an inbox, an SMS or an email reveals nobody."""

from django.utils.translation import gettext_lazy as _

from shequ.notifications.messages import Message

NOTICES = {
    "specialcare.visits_due": Message(
        title=_("您有 %(count)s 次关爱走访已到期"), body=_("请登录工作台查看并按时走访。")
    ),
}
