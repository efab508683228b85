"""A warning's life (预警: 拟稿 → 发布 → 解除) as one table on the shared workflow core."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.workflow import Step, Workflow


class WarningStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ISSUED = "issued", _("已发布")
    LIFTED = "lifted", _("已解除")


# ISSUER: the emergency bureau (县应急管理局) and 民政局 staff and the county administrators for the
# county, township staff for their township (shequ/emergency/rules.py), within their scope.
ISSUER = "issuer"

TRANSITIONS = {
    (WarningStatus.DRAFT, WarningStatus.ISSUED): Step(ISSUER, label=_("发布预警")),
    (WarningStatus.ISSUED, WarningStatus.LIFTED): Step(ISSUER, label=_("解除预警"), note_label=_("解除说明")),
}

WARNING_WORKFLOW = Workflow(
    name="emergency",
    status=WarningStatus,
    transitions=TRANSITIONS,
    forbidden_message=_("预警当前为“%(current)s”，不能变为“%(target)s”"),
)
