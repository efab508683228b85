"""Backups of the whole installation: the database and the uploaded files in one archive whose
manifest holds a checksum of every file (manage.py backup / restore)."""


class BackupError(Exception):
    """A backup or restore that cannot go on; the message tells the operator why and what to do."""
