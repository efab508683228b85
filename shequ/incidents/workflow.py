"""The incident workflow (网格事件: 采集 → 立案 → 派遣 → 处置 → 反馈 → 核查 → 结案) as one table on the
shared workflow core: which state may follow which, who takes the step, what it must carry."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.workflow import Step, Workflow


class Status(models.TextChoices):
    REPORTED = "reported", _("已上报")
    REGISTERED = "registered", _("已立案")
    NOT_REGISTERED = "not_registered", _("不予立案")
    DISPATCHED = "dispatched", _("已派遣")
    HANDLING = "handling", _("处置中")
    HANDLED = "handled", _("已处置待核查")
    VERIFIED = "verified", _("已核查")
    CLOSED = "closed", _("已结案")
    SUSPENDED = "suspended", _("已挂起")

    @classmethod
    def open_states(cls) -> list[str]:
        return [cls.REPORTED, cls.REGISTERED, cls.DISPATCHED, cls.HANDLING, cls.HANDLED, cls.VERIFIED, cls.SUSPENDED]

    @classmethod
    def running_states(cls) -> list[str]:
        """The states whose clock runs: overdue means not handled by the due time."""
        return [cls.REPORTED, cls.REGISTERED, cls.DISPATCHED, cls.HANDLING]


class Move(models.TextChoices):
    """Steps that keep the status: an extension asked for, granted or refused (延期 with approval)."""

    EXTENSION_REQUESTED = "extension_requested", _("申请延期")
    EXTENSION_GRANTED = "extension_granted", _("批准延期")
    EXTENSION_REFUSED = "extension_refused", _("不批准延期")


# Who takes a step (shequ/incidents/rules.py says who each one is for a given incident):
# - DISPATCHER: the staff who register, dispatch, suspend and close — the unit's workers, the
#   township's staff, the county administrator — within their scope;
# - HANDLER: whoever the case was dispatched to — the county department's staff, or the workers of
#   the unit or township it was sent to;
# - VERIFIER: the grid worker of the incident's grid (核查), or the unit's workers where it has no grid.
DISPATCHER = "dispatcher"
HANDLER = "handler"
VERIFIER = "verifier"

# What a step may require: "reason" (a written note), "until" (the extended due time), "note"
# (the handling feedback, 处置反馈). Returning (退回) goes back to the dispatcher as `registered`.
TRANSITIONS: dict[tuple[str, str], Step] = {
    (Status.REPORTED, Status.REGISTERED): Step(DISPATCHER, label=_("立案")),
    (Status.REPORTED, Status.NOT_REGISTERED): Step(DISPATCHER, frozenset({"reason"}), _("不予立案"), _("理由")),
    (Status.REGISTERED, Status.DISPATCHED): Step(DISPATCHER, label=_("派遣")),
    (Status.DISPATCHED, Status.HANDLING): Step(HANDLER, label=_("接收处置")),
    (Status.DISPATCHED, Status.REGISTERED): Step(HANDLER, frozenset({"reason"}), _("退回派遣人"), _("退回理由")),
    (Status.HANDLING, Status.REGISTERED): Step(HANDLER, frozenset({"reason"}), _("退回派遣人"), _("退回理由")),
    (Status.HANDLING, Status.HANDLED): Step(HANDLER, frozenset({"reason"}), _("处置反馈"), _("处置情况")),
    (Status.HANDLING, Move.EXTENSION_REQUESTED): Step(
        HANDLER, frozenset({"reason", "until"}), Move.EXTENSION_REQUESTED.label, _("延期理由"), keeps_status=True
    ),
    (Status.HANDLING, Move.EXTENSION_GRANTED): Step(
        DISPATCHER, label=Move.EXTENSION_GRANTED.label, note_label=_("审批意见"), keeps_status=True
    ),
    (Status.HANDLING, Move.EXTENSION_REFUSED): Step(
        DISPATCHER, frozenset({"reason"}), Move.EXTENSION_REFUSED.label, _("审批意见"), keeps_status=True
    ),
    (Status.HANDLED, Status.VERIFIED): Step(VERIFIER, label=_("核查通过"), note_label=_("核查情况")),
    (Status.HANDLED, Status.HANDLING): Step(VERIFIER, frozenset({"reason"}), _("核查不通过"), _("未通过的原因")),
    (Status.VERIFIED, Status.CLOSED): Step(DISPATCHER, label=_("结案")),
    # 挂起: the clock stops; resuming returns the case to the state it was suspended in.
    (Status.REGISTERED, Status.SUSPENDED): Step(DISPATCHER, frozenset({"reason"}), _("挂起"), _("挂起理由")),
    (Status.DISPATCHED, Status.SUSPENDED): Step(DISPATCHER, frozenset({"reason"}), _("挂起"), _("挂起理由")),
    (Status.HANDLING, Status.SUSPENDED): Step(DISPATCHER, frozenset({"reason"}), _("挂起"), _("挂起理由")),
    (Status.SUSPENDED, Status.REGISTERED): Step(DISPATCHER, label=_("恢复办理")),
    (Status.SUSPENDED, Status.DISPATCHED): Step(DISPATCHER, label=_("恢复办理")),
    (Status.SUSPENDED, Status.HANDLING): Step(DISPATCHER, label=_("恢复办理")),
}

INCIDENT_WORKFLOW = Workflow(
    name="incidents",
    status=Status,
    transitions=TRANSITIONS,
    forbidden_message=_("事件当前为“%(current)s”，不能变为“%(target)s”"),
)
