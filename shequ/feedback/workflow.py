"""The rectification of a 差评 (回访核实 → 整改 → 居民确认, with 申诉复核) as one table: which state may
follow which, who may take the step, and what the step must carry. Nothing else decides this."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.workflow import Step, Workflow


class RatingLevel(models.IntegerChoices):
    VERY_SATISFIED = 5, _("非常满意")
    SATISFIED = 4, _("满意")
    BASICALLY_SATISFIED = 3, _("基本满意")
    DISSATISFIED = 2, _("不满意")
    VERY_DISSATISFIED = 1, _("非常不满意")


# 不满意 and 非常不满意 are 差评; the other three count as 好评 in the published rates.
BAD_LEVELS = (RatingLevel.DISSATISFIED, RatingLevel.VERY_DISSATISFIED)
GOOD_LEVELS = (RatingLevel.VERY_SATISFIED, RatingLevel.SATISFIED, RatingLevel.BASICALLY_SATISFIED)


def is_bad(level: int) -> bool:
    return level <= RatingLevel.DISSATISFIED


class Status(models.TextChoices):
    RETURN_VISIT_PENDING = "return_visit_pending", _("待回访")
    VISITED = "visited", _("已回访核实")
    RECTIFIED = "rectified", _("已整改，待居民确认")
    DISPUTED = "disputed", _("居民有异议")
    CLOSED = "closed", _("居民已确认")
    APPEALED = "appealed", _("申诉中")
    EXCLUDED = "excluded", _("已剔除")

    @classmethod
    def open_states(cls) -> list[str]:
        return [cls.RETURN_VISIT_PENDING, cls.VISITED, cls.RECTIFIED, cls.DISPUTED, cls.APPEALED]


# Who takes a step:
# - HANDLER: the head of the rated unit (User.is_unit_head), the township's staff, the county
#   administrator, or the head of the county department whose service was rated — never the worker
#   who was rated (feedback/rules.py);
# - RESIDENT: the rated person (or their household's account) answers the 回访 on the rectification;
#   once `confirm_due` (settings.RECTIFICATION_CONFIRM_DAYS working days) has passed without an
#   answer, a handler records the answer the resident gave by phone (电话回访), marked as such;
# - REVIEWER: a reviewer of appeals (township staff of the township, county administrator, 县民政局).
HANDLER = "handler"
RESIDENT = "resident"
REVIEWER = "reviewer"

# Every step carries a note (its label names the form field). The return visit also requires
# "verified" (whether the complaint was confirmed); a rectification requires written "evidence" (a
# note of at least EVIDENCE_MIN_CHARS) and at least one attached file ("attachment").
TRANSITIONS: dict[tuple[str, str], Step] = {
    (Status.RETURN_VISIT_PENDING, Status.VISITED): Step(HANDLER, frozenset({"verified"}), _("回访核实"), _("回访情况")),
    (Status.VISITED, Status.RECTIFIED): Step(
        HANDLER, frozenset({"evidence", "attachment"}), _("整改完成，请居民确认"), _("整改情况和证据")
    ),
    # The resident's 回访 on the rectification: confirmed closes the case; a dispute sends it back
    # to be rectified again (with new evidence), and the township hears of it.
    (Status.RECTIFIED, Status.CLOSED): Step(RESIDENT, label=_("确认整改结果"), note_label=_("回访意见")),
    (Status.RECTIFIED, Status.DISPUTED): Step(RESIDENT, label=_("对整改结果有异议"), note_label=_("异议理由")),
    (Status.DISPUTED, Status.RECTIFIED): Step(
        HANDLER, frozenset({"evidence", "attachment"}), _("重新整改，请居民确认"), _("整改情况和证据")
    ),
    (Status.RETURN_VISIT_PENDING, Status.APPEALED): Step(HANDLER, label=_("提出申诉"), note_label=_("申诉理由")),
    (Status.VISITED, Status.APPEALED): Step(HANDLER, label=_("提出申诉"), note_label=_("申诉理由")),
    (Status.DISPUTED, Status.APPEALED): Step(HANDLER, label=_("提出申诉"), note_label=_("申诉理由")),
    (Status.APPEALED, Status.EXCLUDED): Step(REVIEWER, label=_("申诉成立，剔除评价"), note_label=_("复核意见")),
    (Status.APPEALED, Status.VISITED): Step(REVIEWER, label=_("驳回申诉"), note_label=_("复核意见")),
}

EVIDENCE_MIN_CHARS = 10


RECTIFICATION_WORKFLOW = Workflow(
    name="feedback",
    status=Status,
    transitions=TRANSITIONS,
    forbidden_message=_("整改当前为“%(current)s”，不能变为“%(target)s”"),
)
