from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PurchasesConfig(AppConfig):
    name = "shequ.purchases"
    label = "purchases"
    verbose_name = _("政府购买服务")

    def ready(self):
        from shequ.core.events import event_labels_register

        event_labels_register(
            {
                "purchase_project.created": _("登记政府购买服务项目"),
                "purchase_milestone.added": _("添加合同节点"),
                "purchase_milestone.done": _("合同节点完成"),
                "purchase_evaluation.recorded": _("绩效评价"),
            }
        )
