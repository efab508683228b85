from django.core.management.base import BaseCommand

from shequ.bookings.services import bookings_send_reminders


class Command(BaseCommand):
    help = (
        "Remind residents of booked services starting within 24 hours, once per booking. "
        "Meant for cron every 15 minutes; concurrent runs never send a reminder twice."
    )

    def handle(self, *args, **options):
        sent = bookings_send_reminders()
        self.stdout.write(f"{sent} booking reminder(s) sent.")
