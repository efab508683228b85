from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "shequ.incidents"
    label = "incidents"
    verbose_name = _("网格事件")

    def ready(self):
        from auditlog.registry import auditlog

        from shequ.core.events import event_labels_register
        from shequ.core.workflow import deadline_rescheduler_register
        from shequ.feedback.targets import RatableKind, ratable_register
        from shequ.incidents.models import Category, Incident, RoutingRule
        from shequ.incidents.notices import NOTICES
        from shequ.notifications.messages import messages_register

        auditlog.register(Incident)
        auditlog.register(Category)
        auditlog.register(RoutingRule)
        deadline_rescheduler_register("incidents.incidents", _reschedule)
        messages_register(NOTICES)
        ratable_register(RatableKind(name="incident", model=Incident, describe=_describe, finished=_closed))
        event_labels_register(
            {
                "incident.reported": _("上报事件"),
                "incident.transitioned": _("事件状态变更"),
                "incident.escalated": _("事件超期督办"),
                "incident.police_handover": _("移交警务室"),
                "patrol.recorded": _("记录巡查"),
                "incidents.exported": _("导出网格事件"),
            }
        )


def _reschedule(year: int) -> int:
    from shequ.incidents.services import incidents_reschedule

    return incidents_reschedule(year=year)


def _describe(incident):
    """A closed case a resident reported is rated by that resident (好差评), about the department
    responsible for its category."""
    from shequ.feedback.targets import RatingContext
    from shequ.incidents.workflow import Status

    return RatingContext(
        resident=incident.reporter_person,
        finished_at=incident.closed_at if incident.status == Status.CLOSED and incident.reporter_person_id else None,
        service=None,
        department=incident.assigned_department or incident.category.department,
        region=incident.region,
        grid=incident.grid,
        worker=incident.handled_by,
    )


def _closed():
    from shequ.incidents.models import Incident
    from shequ.incidents.workflow import Status

    return Incident.objects.filter(status=Status.CLOSED, reporter_person__isnull=False)
