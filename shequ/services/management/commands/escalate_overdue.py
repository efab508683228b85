from django.core.management.base import BaseCommand

from shequ.services.materials import applications_deferred_materials_check
from shequ.services.services import applications_escalate_overdue


class Command(BaseCommand):
    help = (
        "Hand overdue applications to their township's staff (超期督办); remind residents of deferred "
        "materials (容缺受理) and send those past their promised date back to 待补正. Run daily, e.g. from cron."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"applications escalated: {applications_escalate_overdue()}")
        deferred = applications_deferred_materials_check()
        self.stdout.write(f"deferred materials: {deferred['reminded']} reminded, {deferred['returned']} returned")
