from django.core.management.base import BaseCommand

from shequ.specialcare.services import care_reminders_send


class Command(BaseCommand):
    help = (
        "Tell each special-group duty holder how many care visits are due or overdue (a number, no "
        "names). Meant for cron once a morning; a second run the same day sends nothing."
    )

    def handle(self, *args, **options):
        sent = care_reminders_send()
        self.stdout.write(f"{sent} care-visit reminder(s) sent.")
