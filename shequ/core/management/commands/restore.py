from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from shequ.core.backup import BackupError
from shequ.core.backup.archive import backup_apply, backup_unpacked, media_root


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files with a backup, after checking every file of it "
        "against its manifest. Stop the application and its worker first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the backup archive (.tar or .tar.gz) that manage.py backup wrote")
        parser.add_argument(
            "--force",
            "--noinput",
            "--no-input",
            action="store_true",
            dest="force",
            help="do not ask for confirmation",
        )

    def handle(self, *args, archive, force, **options):
        try:
            with backup_unpacked(archive=Path(archive)) as unpacked:
                manifest = unpacked.manifest
                self.stdout.write(
                    f"{archive}: all {len(manifest['files'])} files match the manifest; made {manifest['created_at']} "
                    f"by Shequ {manifest['app']['version']} ({manifest['app']['commit'] or 'commit unknown'})."
                )
                if not force and not self._confirmed(unpacked):
                    raise CommandError("Restore cancelled; nothing was changed.")
                pending = backup_apply(unpacked=unpacked)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("restored: the database" + (" and the uploaded files" if unpacked.media else "") + ".")
        if unpacked.media is None:
            self.stdout.write("The backup holds no uploaded files (external storage); they were left as they are.")
        if pending:
            self.stdout.write(f"This code has {len(pending)} migration(s) the backup lacks: run manage.py migrate.")

    def _confirmed(self, unpacked) -> bool:
        database = connections[DEFAULT_DB_ALIAS].settings_dict["NAME"]
        replaced = f"the database {database}"
        if unpacked.media is not None:
            replaced += f" and every uploaded file in {media_root()}"
        answer = input(f"This replaces {replaced} with the backup. Type 'yes' to continue: ")
        return answer.strip().lower() == "yes"
