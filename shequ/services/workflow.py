"""The application workflow (一窗受理、一站办理) as one table: which state may follow which, who may
take the step, and what the step must carry. Nothing else in the code decides this."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.workflow import Step, Workflow


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("待补正")
    ACCEPTED = "accepted", _("已受理")
    NOT_ACCEPTED = "not_accepted", _("不予受理")
    IN_PROGRESS = "in_progress", _("办理中")
    COMPLETED = "completed", _("已办结")
    REJECTED = "rejected", _("不予批准")
    WITHDRAWN = "withdrawn", _("已撤回")

    @classmethod
    def open_states(cls) -> list[str]:
        return [cls.SUBMITTED, cls.SUPPLEMENT_REQUESTED, cls.ACCEPTED, cls.IN_PROGRESS]

    @classmethod
    def final_states(cls) -> list[str]:
        return [cls.COMPLETED, cls.REJECTED, cls.NOT_ACCEPTED, cls.WITHDRAWN]


class Level(models.TextChoices):
    """The levels an approval chain climbs, in order (村（社区）受理 → 乡镇审核 → 县直部门审批)."""

    VILLAGE = "village", _("村（社区）")
    TOWNSHIP = "township", _("乡镇")
    COUNTY = "county", _("县直部门")


class Move(models.TextChoices):
    """Steps along an item's approval chain: the application changes level and stays 办理中."""

    FORWARDED = "forwarded", _("报上一级审核")
    RETURNED = "returned", _("退回下一级")


WORKER = "worker"
RESIDENT = "resident"
# Steps nobody takes by hand: the daily run takes them (services.materials).
SYSTEM = "system"

# What a step may require: "reason" (a written reason), "legal_basis", "materials" (the complete
# list of missing materials). Forwarding and returning move an application along its item's chain of
# levels (shequ/services/chain.py says which levels and who acts at each); only the last level
# completes it, any level may reject it.
TRANSITIONS: dict[tuple[str, str], Step] = {
    (Status.SUBMITTED, Status.ACCEPTED): Step(WORKER, label=_("受理")),
    (Status.SUBMITTED, Status.NOT_ACCEPTED): Step(WORKER, frozenset({"reason"}), _("不予受理")),
    (Status.SUBMITTED, Status.SUPPLEMENT_REQUESTED): Step(WORKER, frozenset({"materials"}), _("一次性告知补正")),
    (Status.SUBMITTED, Status.WITHDRAWN): Step(RESIDENT, label=_("撤回申请")),
    (Status.SUPPLEMENT_REQUESTED, Status.SUBMITTED): Step(RESIDENT, label=_("提交补正材料")),
    (Status.SUPPLEMENT_REQUESTED, Status.WITHDRAWN): Step(RESIDENT, label=_("撤回申请")),
    (Status.ACCEPTED, Status.IN_PROGRESS): Step(WORKER, label=_("开始办理")),
    (Status.ACCEPTED, Status.WITHDRAWN): Step(RESIDENT, label=_("撤回申请")),
    (Status.IN_PROGRESS, Move.FORWARDED): Step(WORKER, label=Move.FORWARDED.label, keeps_status=True),
    (Status.IN_PROGRESS, Move.RETURNED): Step(
        WORKER, frozenset({"reason"}), label=Move.RETURNED.label, keeps_status=True
    ),
    (Status.IN_PROGRESS, Status.COMPLETED): Step(WORKER, label=_("办结")),
    (Status.IN_PROGRESS, Status.REJECTED): Step(WORKER, frozenset({"reason", "legal_basis"}), _("不予批准")),
    (Status.IN_PROGRESS, Status.WITHDRAWN): Step(RESIDENT, label=_("撤回申请")),
    # 容缺受理: materials promised by a date that has passed send the case back to the resident.
    (Status.ACCEPTED, Status.SUPPLEMENT_REQUESTED): Step(SYSTEM, frozenset({"materials"}), _("容缺材料逾期")),
    (Status.IN_PROGRESS, Status.SUPPLEMENT_REQUESTED): Step(SYSTEM, frozenset({"materials"}), _("容缺材料逾期")),
}


APPLICATION_WORKFLOW = Workflow(
    name="services",
    status=Status,
    transitions=TRANSITIONS,
    forbidden_message=_("办件当前为“%(current)s”，不能变为“%(target)s”"),
)
