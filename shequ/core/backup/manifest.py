"""The manifest of a backup: what made it (version, database, migration state) and the size and
SHA-256 checksum of every file in the archive, so that a restore can refuse a damaged or foreign one."""

import subprocess
import tomllib

from django.conf import settings
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from shequ.core.backup import BackupError

FORMAT = "shequ-backup"
FORMAT_VERSION = 1
# The manifest is the archive's last file but one, the checksum of the manifest itself the last:
# both are written once every other file has been streamed and hashed.
MANIFEST_NAME = "manifest.json"
MANIFEST_CHECKSUM_NAME = "manifest.sha256"


def app_version() -> dict[str, str | None]:
    """The version in pyproject.toml and, in a git checkout, the commit."""
    with open(settings.BASE_DIR / "pyproject.toml", "rb") as project:
        version = tomllib.load(project)["project"]["version"]
    try:
        commit = subprocess.run(
            ["git", "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = None  # an installation without git or outside a checkout
    return {"version": version, "commit": commit or None}


def migration_state(connection) -> dict[str, str]:
    """The latest applied migration of every app (names are numbered, so the greatest is the latest)."""
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(name, latest.get(app, name))
    return dict(sorted(latest.items()))


def migration_state_check(state: dict[str, str]) -> None:
    """BackupError when the backup's database has migrations this code does not know: restoring it
    would leave tables this code cannot use."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for squashed in loader.replacements.values():
        known.update(squashed.replaces)
    unknown = [f"{app} {name}" for app, name in state.items() if (app, name) not in known]
    if unknown:
        raise BackupError(
            "This backup was made by a newer version of Shequ: its database has migrations this code does not "
            f"know ({', '.join(unknown)}). Install the version that made it (see the manifest's app version) "
            "and restore again; nothing was changed."
        )
