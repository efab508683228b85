"""The bookings' notification messages (registered in BookingsConfig.ready()); each body names the
slot: its service item, start and place."""

from django.utils.translation import gettext_lazy as _

from shequ.notifications.messages import Message

SLOT = _("%(service)s，%(time)s，地点：%(place)s")

NOTICES = {
    "bookings.booked": Message(title=_("预约成功"), body=SLOT),
    "bookings.cancelled": Message(title=_("您的预约已取消"), body=SLOT),
    "bookings.completed": Message(title=_("您预约的服务已完成，欢迎评价"), body=SLOT),
    "bookings.no_show": Message(title=_("您预约的服务已记为未到"), body=SLOT),
    "bookings.reminder": Message(title=_("预约提醒：您预约的服务即将开始"), body=SLOT),
}
