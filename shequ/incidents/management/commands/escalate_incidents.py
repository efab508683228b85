from django.core.management.base import BaseCommand

from shequ.incidents.services import incidents_escalate_overdue


class Command(BaseCommand):
    help = (
        "Hand overdue incidents to their township's staff, and those still open after "
        "SHEQU_INCIDENT_COUNTY_ESCALATION_WORKDAYS to the county (超期督办). Run hourly, e.g. from cron."
    )

    def handle(self, *args, **options):
        counts = incidents_escalate_overdue()
        self.stdout.write(f"incidents escalated: {counts['township']} to townships, {counts['county']} to the county")
