from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from shequ.core.backup import BackupError
from shequ.core.backup.archive import backup_create


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files into one archive with a manifest of checksums. "
        "Safe while the application runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="folder for the archive, named by the time (default: SHEQU_BACKUP_DIR), "
            "or the archive's file name (.tar, or .tar.gz to compress)",
        )

    def handle(self, *args, output, **options):
        try:
            written = backup_create(destination=Path(output or settings.BACKUP_DIR))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"backup written: {written.path} ({written.files} files, {written.bytes:,} bytes; "
            f"uploaded files: {written.media_files})"
        )
