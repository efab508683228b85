from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "shequ.benefits"
    label = "benefits"
    verbose_name = _("津贴补贴发放")

    def ready(self):
        from auditlog.registry import auditlog

        from shequ.benefits.models import BenefitRate
        from shequ.benefits.sections import benefit_of_case, benefits_of_person_section, payments_panel
        from shequ.benefits.selectors import held_benefit_application, is_benefit_item
        from shequ.core.events import event_labels_register
        from shequ.residents.signals import person_departed
        from shequ.services.duplicates import holder_register
        from shequ.services.signals import application_transitioned
        from shequ.ui.panels import Panel, Section, panel_register, section_register

        auditlog.register(BenefitRate)
        application_transitioned.connect(_grant_when_completed, dispatch_uid="benefits.grant")
        person_departed.connect(_suspend_when_departed, dispatch_uid="benefits.suspend")
        # A person with a benefit of an item may not apply for it again (409 with its application).
        holder_register("benefits", covers=is_benefit_item, holding=held_benefit_application)
        section_register("services.case", Section(template="benefits/_case.html", context=benefit_of_case))
        section_register("services.my_application", Section(template="benefits/_my_case.html", context=benefit_of_case))
        section_register(
            "residents.person", Section(template="benefits/_person.html", context=benefits_of_person_section)
        )
        panel_register(Panel(template="benefits/_panel.html", context=payments_panel, order=30))
        event_labels_register(
            {
                "benefit.granted": _("核定津贴补贴"),
                "benefit.suspended": _("暂停发放"),
                "benefit.resumed": _("恢复发放"),
                "benefits.payment_list_exported": _("导出发放名册"),
            }
        )


def _grant_when_completed(sender, *, application, previous, acting_user, today, **kwargs):
    from shequ.benefits.services import benefit_grant
    from shequ.services.workflow import Status

    if application.status == Status.COMPLETED:
        benefit_grant(application=application, acting_user=acting_user, today=today)


def _suspend_when_departed(sender, *, person, event, on, acting_user, **kwargs):
    from shequ.benefits.services import benefits_suspend_for_departure

    benefits_suspend_for_departure(person=person, event=event, on=on, acting_user=acting_user)
