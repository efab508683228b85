"""A room booking as one transition table on the shared workflow core: a booking of a room that
needs approval waits for the unit's staff; any booking may be cancelled until it ends."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.workflow import Step, Workflow


class Status(models.TextChoices):
    PENDING = "pending", _("待审批")
    CONFIRMED = "confirmed", _("已确认")
    REJECTED = "rejected", _("已驳回")
    CANCELLED = "cancelled", _("已取消")


# Who takes a step: STAFF, the staff whose scope holds the room (venues/rules.py); BOOKER, whoever
# made the booking, or the staff on their behalf.
STAFF = "staff"
BOOKER = "booker"

TRANSITIONS: dict[tuple[str, str], Step] = {
    (Status.PENDING, Status.CONFIRMED): Step(STAFF, label=_("批准"), note_label=_("审批意见")),
    (Status.PENDING, Status.REJECTED): Step(STAFF, frozenset({"reason"}), _("驳回"), _("驳回理由")),
    (Status.PENDING, Status.CANCELLED): Step(BOOKER, label=_("取消预约"), note_label=_("取消原因")),
    (Status.CONFIRMED, Status.CANCELLED): Step(BOOKER, label=_("取消预约"), note_label=_("取消原因")),
}

BOOKING_WORKFLOW = Workflow(
    name="venues",
    status=Status,
    transitions=TRANSITIONS,
    forbidden_message=_("场地预约不能从“%(current)s”变为“%(target)s”"),
)

# Bookings that hold their time on the calendar.
ACTIVE = (Status.PENDING, Status.CONFIRMED)
