"""Messages of emergency readiness (registered in EmergencyConfig.ready()). No personal data: a
warning is named by its public title, its level and kind; a supply by its item name."""

from django.utils.translation import gettext_lazy as _

from shequ.emergency.models import Kind, Level
from shequ.notifications.messages import Message


def _level(code: str) -> str:
    return Level(code).label if code in Level.values else code


def _kind(code: str) -> str:
    return Kind(code).label if code in Kind.values else code


FORMATS = {"level": _level, "kind": _kind}

NOTICES = {
    "emergency.warning": Message(
        title=_("【%(level)s%(kind)s预警】%(title)s"), body=_("请立即查看预警内容并做好防范。"), formats=FORMATS
    ),
    "emergency.ack_requested": Message(
        title=_("【%(level)s%(kind)s预警】%(title)s"),
        body=_("请立即确认收到，并组织本网格（村、社区）做好防范。"),
        formats=FORMATS,
    ),
    # The SMS of a warning, to residents, workers and called teams alike: short, the title only.
    "emergency.warning_sms": Message(
        title=_("【%(level)s%(kind)s预警】%(title)s"), body=_("详情请登录社区服务平台查看。"), formats=FORMATS
    ),
    "emergency.force_called": Message(
        title=_("【应急调用】%(level)s%(kind)s预警：%(title)s"), body=_("请按预案做好出动准备。"), formats=FORMATS
    ),
    "emergency.supply_low": Message(title=_("应急物资“%(name)s”低于最低储备量"), body=_("请及时补充。")),
    "emergency.supply_expiring": Message(
        title=_("应急物资“%(name)s”将于 %(expires)s 到期"), body=_("请及时轮换或补充。")
    ),
}
