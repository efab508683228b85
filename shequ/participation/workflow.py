"""A resident's question (政策咨询) as one table: asked → answered → rated by the asker. Nothing
else decides which step may follow which."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.workflow import Step, Workflow


class QuestionStatus(models.TextChoices):
    ASKED = "asked", _("待答复")
    ANSWERED = "answered", _("已答复")
    RATED = "rated", _("已评价")


# HANDLER: a worker whose scope holds the question (its unit, township or county; a county
# department's staff for the questions routed to their department). ASKER: the resident who asked.
HANDLER = "handler"
ASKER = "asker"

TRANSITIONS = {
    (QuestionStatus.ASKED, QuestionStatus.ANSWERED): Step(HANDLER, frozenset({"answer"}), _("答复"), _("答复内容")),
    (QuestionStatus.ANSWERED, QuestionStatus.RATED): Step(ASKER, frozenset({"score"}), _("评价答复"), _("评价意见")),
}

QUESTION_WORKFLOW = Workflow(
    name="participation",
    status=QuestionStatus,
    transitions=TRANSITIONS,
    forbidden_message=_("咨询当前为“%(current)s”，不能变为“%(target)s”"),
)
