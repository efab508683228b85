from django.core.management.base import BaseCommand

from shequ.services.services import applications_escalate_overdue


class Command(BaseCommand):
    help = "Hand overdue applications to their township's staff (超期督办). Run daily, e.g. from cron."

    def handle(self, *args, **options):
        self.stdout.write(f"applications escalated: {applications_escalate_overdue()}")
