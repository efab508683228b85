"""Background work of the plan monitoring: building a requested report (PDF or Excel), run by the
task worker (`manage.py db_worker`) so that a county-wide report never holds a request."""

from django.tasks import task

from shequ.monitoring.models import Report, ReportStatus


@task()
def monitoring_report_build(*, report_id: int) -> None:
    from shequ.monitoring.services import report_build

    report = Report.objects.filter(pk=report_id, status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING]).first()
    if report is not None:  # built already (the task ran twice) or deleted
        report_build(report=report)
