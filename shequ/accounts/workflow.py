"""The real-name check of a resident's own account as one table: a sign-up the registry did not
match waits (待核验) for a worker of the unit, who binds it to a person or rejects it; a worker may
unbind a verified account, which then waits again. Matching at sign-up starts it verified."""

from django.utils.translation import gettext_lazy as _

from shequ.accounts.models import SignUpStatus
from shequ.core.workflow import Step, Workflow

WORKER = "worker"

TRANSITIONS = {
    (SignUpStatus.PENDING, SignUpStatus.VERIFIED): Step(WORKER, frozenset({"person"}), _("确认并关联")),
    (SignUpStatus.PENDING, SignUpStatus.REJECTED): Step(WORKER, frozenset({"reason"}), _("不通过"), _("不通过的理由")),
    (SignUpStatus.VERIFIED, SignUpStatus.PENDING): Step(WORKER, frozenset({"reason"}), _("解除关联"), _("解除的理由")),
}

SIGNUP_WORKFLOW = Workflow(
    name="accounts",
    status=SignUpStatus,
    transitions=TRANSITIONS,
    forbidden_message=_("实名核验当前为“%(current)s”，不能变为“%(target)s”"),
)
