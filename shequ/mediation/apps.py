from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "shequ.mediation"
    label = "mediation"
    verbose_name = _("人民调解与法律服务")

    def ready(self):
        from auditlog.registry import auditlog

        from shequ.core.events import event_labels_register
        from shequ.mediation.models import (
            DisputeType,
            LegalAdviser,
            LegalConsultation,
            MediationCase,
            MediationParty,
            PublicityActivity,
            PublicityKind,
        )

        # Audit diffs mask the parties' and advisers' phones as screens do, and parties' names.
        auditlog.register(
            MediationParty, mask_fields=["name", "phone"], mask_callable="shequ.mediation.models.mask_party_value"
        )
        auditlog.register(LegalAdviser, mask_fields=["phone"], mask_callable="shequ.core.masking.mask_phone")
        for model in (
            MediationCase,
            LegalConsultation,
            PublicityActivity,
            DisputeType,
            PublicityKind,
        ):
            auditlog.register(model)
        event_labels_register(
            {
                "mediation_case.created": _("受理调解案件"),
                "mediation_case.transitioned": _("调解案件状态变更"),
                "mediation_case.session_recorded": _("记录调解过程"),
                "mediation_case.agreement_uploaded": _("上传调解协议书"),
                "mediation_party.revealed": _("查看当事人完整信息"),
                "legal_adviser.saved": _("登记法律顾问"),
                "legal_consultation.recorded": _("记录法律咨询"),
                "publicity_activity.recorded": _("记录普法宣传活动"),
                "mediation_cases.exported": _("导出人民调解案件"),
            }
        )
