from django.core.management.base import BaseCommand

from shequ.emergency.services import supply_alerts_notify


class Command(BaseCommand):
    help = "Tell each unit's workers, once per alert, of supplies below their minimum or about to expire (run daily)."

    def handle(self, *args, **options):
        sent = supply_alerts_notify()
        self.stdout.write(f"low-stock alerts: {sent['low']}, expiry alerts: {sent['expiring']}")
