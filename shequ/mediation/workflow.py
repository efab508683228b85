"""A people's mediation case (人民调解) as one transition table on the shared workflow core:
受理 → 调解中 → 调解成功 | 调解不成功 | 终止调解, and a successful case's agreement followed up until it is
performed (已履行)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.workflow import Step, Workflow


class Status(models.TextChoices):
    ACCEPTED = "accepted", _("已受理")
    MEDIATING = "mediating", _("调解中")
    AGREED = "agreed", _("调解成功")
    FAILED = "failed", _("调解不成功")
    TERMINATED = "terminated", _("终止调解")
    FULFILLED = "fulfilled", _("协议已履行")

    @classmethod
    def open_states(cls) -> list[str]:
        return [cls.ACCEPTED, cls.MEDIATING, cls.AGREED]


# Who takes a step: MEDIATOR, the staff who keep the unit's mediation work (the unit's workers, the
# township, the county justice bureau and administrator, within their scope; rules.py).
MEDIATOR = "mediator"

# "reason": a written note is required (why it failed or ended; how the agreement was performed).
TRANSITIONS: dict[tuple[str, str], Step] = {
    (Status.ACCEPTED, Status.MEDIATING): Step(MEDIATOR, label=_("开始调解"), note_label=_("说明")),
    (Status.ACCEPTED, Status.TERMINATED): Step(MEDIATOR, frozenset({"reason"}), _("终止调解"), _("终止原因")),
    (Status.MEDIATING, Status.AGREED): Step(MEDIATOR, label=_("调解成功"), note_label=_("协议内容摘要")),
    (Status.MEDIATING, Status.FAILED): Step(MEDIATOR, frozenset({"reason"}), _("调解不成功"), _("未达成协议的原因")),
    (Status.MEDIATING, Status.TERMINATED): Step(MEDIATOR, frozenset({"reason"}), _("终止调解"), _("终止原因")),
    (Status.AGREED, Status.FULFILLED): Step(MEDIATOR, frozenset({"reason"}), _("协议已履行"), _("履行情况")),
}

MEDIATION_WORKFLOW = Workflow(
    name="mediation",
    status=Status,
    transitions=TRANSITIONS,
    forbidden_message=_("调解案件当前为“%(current)s”，不能变为“%(target)s”"),
)
