from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "shequ.services"
    label = "services"
    verbose_name = _("服务大厅")

    def ready(self):
        from auditlog.registry import auditlog
        from django.db.models.signals import post_delete, post_save

        from shequ.core.events import event_labels_register
        from shequ.core.workflow import deadline_rescheduler_register
        from shequ.feedback.targets import RatableKind, ratable_register
        from shequ.notifications.messages import messages_register
        from shequ.services.caching import applications_changed, catalogue_changed
        from shequ.services.models import Application, ServiceItem
        from shequ.services.notices import NOTICES
        from shequ.services.panels import application_panel
        from shequ.ui.panels import Panel, panel_register

        auditlog.register(Application, exclude_fields=["data"])
        auditlog.register(ServiceItem)
        post_save.connect(catalogue_changed, sender=ServiceItem, dispatch_uid="services.catalogue_changed")
        post_delete.connect(catalogue_changed, sender=ServiceItem, dispatch_uid="services.catalogue_changed")
        post_save.connect(applications_changed, sender=Application, dispatch_uid="services.applications_changed")
        post_delete.connect(applications_changed, sender=Application, dispatch_uid="services.applications_changed")
        deadline_rescheduler_register("services.applications", _reschedule)
        messages_register(NOTICES)
        panel_register(Panel(template="services/_panel.html", context=application_panel, order=10))
        ratable_register(
            RatableKind(
                name="application", model=Application, describe=_describe_application, finished=_finished_applications
            )
        )
        event_labels_register(
            {
                "application.submitted": _("提交申请"),
                "application.transitioned": _("办件状态变更"),
                "application.escalated": _("超期督办"),
                "application.material_downloaded": _("下载申请材料"),
                "applications.exported": _("导出办件"),
                "application.eligibility_overridden": _("条件未满足仍受理"),
                "application.deferred_materials_received": _("收到容缺材料"),
                "application.deferred_materials_overdue": _("容缺材料逾期转待补正"),
                "authorisation.granted": _("代办授权"),
                "authorisation.revoked": _("撤销代办授权"),
                "authorisation.form_downloaded": _("下载授权委托书"),
            }
        )


def _reschedule(year: int) -> int:
    from shequ.services.caching import applications_changed
    from shequ.services.services import applications_reschedule

    rescheduled = applications_reschedule(year=year)
    applications_changed()  # new deadlines move applications between queues, without a save signal
    return rescheduled


def _describe_application(application):
    from shequ.feedback.targets import RatingContext
    from shequ.services.workflow import Status

    return RatingContext(
        resident=application.applicant,
        finished_at=application.completed_at if application.status == Status.COMPLETED else None,
        service=application.service,
        department=application.service.department,
        region=application.region,
        grid=application.grid,
        worker=application.handled_by,
    )


def _finished_applications():
    from shequ.services.models import Application
    from shequ.services.workflow import Status

    return Application.objects.filter(status=Status.COMPLETED)
