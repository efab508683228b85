"""Writing a backup archive and unpacking one for a restore.

The archive is a tar file streamed file by file (nothing is held in memory whole): the database
snapshot under database/, the uploaded files under media/, then the manifest with the size and
SHA-256 of each, then the manifest's own checksum. A restore unpacks everything into a staging
folder next to the media folder and checks every file before it touches the database or the media.
"""

import hashlib
import io
import json
import os
import shutil
import stat
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, storages
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from shequ.core.backup import BackupError
from shequ.core.backup.database import database_dump, database_load, database_load_check
from shequ.core.backup.manifest import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST_CHECKSUM_NAME,
    MANIFEST_NAME,
    app_version,
    migration_state,
    migration_state_check,
)

DATABASE_FOLDER = "database"
MEDIA_FOLDER = "media"
CHUNK = 1024 * 1024
# A manifest lists one line per file; this bounds what a damaged archive can make us read into memory.
MANIFEST_MAX_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class BackupWritten:
    path: Path
    files: int
    bytes: int
    media_files: int


@dataclass(frozen=True)
class UnpackedBackup:
    manifest: dict
    database_dump: Path
    media: Path | None  # None: the backup holds no uploaded files (they live in external storage)


def media_root() -> Path | None:
    """The uploaded files' folder, or None when the default storage is not a local folder (object
    storage is backed up by its own means)."""
    storage = storages["default"]
    return Path(storage.location) if isinstance(storage, FileSystemStorage) else None


def backup_create(*, destination: Path) -> BackupWritten:
    """Write a backup archive into the folder destination (named by the time) or to the file
    destination (.tar, or .tar.gz to compress); readable by its owner only, as it holds personal data."""
    media = media_root()
    if media is not None and destination.resolve().is_relative_to(media.resolve()):
        # It would be served to anyone who guesses its URL, and copied into every later backup.
        raise BackupError(f"Backups must not be written inside the media folder {media}; choose another folder.")
    path = _archive_path(destination)
    connection = connections[DEFAULT_DB_ALIAS]
    partial = path.with_name(f".{path.name}.partial")
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "app": app_version(),
        "migrations": migration_state(connection),
    }
    entries: list[dict] = []
    try:
        with tempfile.TemporaryDirectory(prefix=".shequ-backup-", dir=path.parent) as scratch:
            # The database first, then the files: every file the snapshot refers to exists by the time
            # the folder is read (files uploaded meanwhile come along, referred to by nothing).
            dump, manifest["database"] = database_dump(connection=connection, directory=Path(scratch))
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with (
                os.fdopen(descriptor, "wb") as raw,
                tarfile.open(fileobj=raw, mode="w|gz" if path.name.endswith(".gz") else "w|") as archive,
            ):
                entries.append(_file_add(archive, dump, f"{DATABASE_FOLDER}/{dump.name}"))
                dump.unlink()  # a copy of personal data; not kept longer than needed
                for file, name in _media_files(media):
                    entry = _file_add(archive, file, name)
                    if entry is not None:
                        entries.append(entry)
                manifest["media"] = {"storage": "local" if media else "external"}
                manifest["files"] = entries
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                _bytes_add(archive, MANIFEST_NAME, data)
                _bytes_add(archive, MANIFEST_CHECKSUM_NAME, hashlib.sha256(data).hexdigest().encode())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupWritten(
        path=path,
        files=len(entries),
        bytes=sum(entry["size"] for entry in entries),
        media_files=sum(entry["path"].startswith(f"{MEDIA_FOLDER}/") for entry in entries),
    )


def _archive_path(destination: Path) -> Path:
    if destination.name.endswith((".tar", ".tar.gz")):
        if destination.exists():
            raise BackupError(f"{destination} exists already; a backup never overwrites another.")
        destination.parent.mkdir(parents=True, exist_ok=True)
        return destination
    destination.mkdir(parents=True, exist_ok=True)
    path = destination / f"shequ-{datetime.now(UTC):%Y%m%d-%H%M%S}.tar"
    if path.exists():
        raise BackupError(f"{path} exists already; wait a second and run the backup again.")
    return path


def _media_files(media: Path | None) -> Iterator[tuple[Path, str]]:
    if media is None or not media.is_dir():
        return
    for folder, subfolders, files in os.walk(media):
        subfolders.sort()
        for name in sorted(files):
            file = Path(folder, name)
            yield file, f"{MEDIA_FOLDER}/{file.relative_to(media).as_posix()}"


class _HashingReader:
    """Hands tarfile the file's bytes while hashing exactly the bytes it writes."""

    def __init__(self, raw):
        self.raw = raw
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        chunk = self.raw.read(size)
        self.digest.update(chunk)
        return chunk


def _file_add(archive: tarfile.TarFile, file: Path, name: str) -> dict | None:
    """Stream one regular file into the archive; None when it vanished or is not a regular file."""
    try:
        with open(file, "rb") as raw:
            status = os.fstat(raw.fileno())
            if not stat.S_ISREG(status.st_mode):
                return None
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = status.st_size, int(status.st_mtime), 0o600
            reader = _HashingReader(raw)
            archive.addfile(info, reader)
    except FileNotFoundError:
        return None  # deleted while the backup ran
    return {"path": name, "size": info.size, "sha256": reader.digest.hexdigest()}


def _bytes_add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(datetime.now(UTC).timestamp()), 0o600
    archive.addfile(info, io.BytesIO(data))


@contextmanager
def backup_unpacked(*, archive: Path) -> Iterator[UnpackedBackup]:
    """Unpack and check a backup without touching the installation: every file against the manifest's
    size and checksum, the manifest against its own, the database vendor and the migration state
    against this server and this code. BackupError on the first thing that is off; the staging folder
    is removed on leaving."""
    if not archive.is_file():
        raise BackupError(f"{archive} is not a file.")
    media = media_root()
    if media is not None:
        media.parent.mkdir(parents=True, exist_ok=True)
    # Next to the media folder, so that the restored folder moves into place by a rename.
    staging = Path(tempfile.mkdtemp(prefix=".shequ-restore-", dir=media.parent if media else None))
    try:
        manifest = _unpack(archive, staging)
        connection = connections[DEFAULT_DB_ALIAS]
        database_load_check(connection=connection, details=manifest["database"])
        migration_state_check(manifest["migrations"])
        has_media = manifest["media"]["storage"] == "local"
        if has_media and media is None:
            raise BackupError(
                "This backup holds uploaded files, but this server keeps them in an external storage; "
                "configure the local media folder to restore it; nothing was changed."
            )
        (staging / MEDIA_FOLDER).mkdir(exist_ok=True)
        yield UnpackedBackup(
            manifest=manifest,
            database_dump=staging / DATABASE_FOLDER / manifest["database"]["dump"],
            media=staging / MEDIA_FOLDER if has_media else None,
        )
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _unpack(archive: Path, staging: Path) -> dict:
    found: dict[str, tuple[int, str]] = {}
    manifest_data = manifest_checksum = None
    try:
        with tarfile.open(archive, "r|*") as tar:
            for member in tar:
                if not member.isfile():
                    raise BackupError(f"The archive holds {member.name!r}, which is not a regular file.")
                source = tar.extractfile(member)
                if member.name == MANIFEST_NAME:
                    manifest_data = source.read(MANIFEST_MAX_BYTES)
                elif member.name == MANIFEST_CHECKSUM_NAME:
                    manifest_checksum = source.read(64).decode("ascii", errors="replace")
                else:
                    found[member.name] = _member_extract(source, staging / _member_path(member.name))
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(f"{archive} is not a complete backup archive ({error}); nothing was changed.") from error
    if manifest_data is None or manifest_checksum is None:
        raise BackupError(f"{archive} has no manifest; it is not a Shequ backup or it is cut short.")
    if hashlib.sha256(manifest_data).hexdigest() != manifest_checksum:
        raise BackupError("The manifest does not match its checksum: the backup is damaged; nothing was changed.")
    manifest, expected = _manifest_read(manifest_data)
    damaged = sorted(name for name in expected.keys() | found.keys() if expected.get(name) != found.get(name))
    if damaged:
        raise BackupError(
            f"{len(damaged)} file(s) of the backup do not match the manifest ({', '.join(damaged[:5])}): "
            "the backup is damaged or was altered; nothing was changed."
        )
    return manifest


def _manifest_read(data: bytes) -> tuple[dict, dict[str, tuple[int, str]]]:
    """The manifest and the size and checksum it gives each file; BackupError when it is not one."""
    unreadable = BackupError("This is not a backup this version of Shequ can read; nothing was changed.")
    try:
        manifest = json.loads(data)
        if manifest["format"] != FORMAT or manifest["format_version"] > FORMAT_VERSION:
            raise unreadable
        expected = {entry["path"]: (entry["size"], entry["sha256"]) for entry in manifest["files"]}
        if (
            f"{DATABASE_FOLDER}/{manifest['database']['dump']}" not in expected
            or not isinstance(manifest["database"]["vendor"], str)
            or manifest["media"]["storage"] not in ("local", "external")
            or not isinstance(manifest["migrations"], dict)
        ):
            raise unreadable
    except (ValueError, KeyError, TypeError) as error:
        raise unreadable from error
    return manifest, expected


def _member_path(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or path.parts[0] not in (DATABASE_FOLDER, MEDIA_FOLDER):
        raise BackupError(f"The archive holds {name!r}, which a Shequ backup never does; nothing was changed.")
    return path


def _member_extract(source, target: Path) -> tuple[int, str]:
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with open(target, "xb") as copy:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            copy.write(chunk)
    return size, digest.hexdigest()


def backup_apply(*, unpacked: UnpackedBackup) -> list[str]:
    """Replace the database and then the media folder with the unpacked backup; the migrations this
    code has beyond the backup's (run `migrate` to apply them)."""
    connection = connections[DEFAULT_DB_ALIAS]
    database_load(connection=connection, dump=unpacked.database_dump, details=unpacked.manifest["database"])
    if unpacked.media is not None:
        _media_swap(unpacked.media, media_root())
    # Cached pages and lookups were built from the data just replaced.
    cache.clear()
    executor = MigrationExecutor(connection)
    return [str(migration) for migration, _ in executor.migration_plan(executor.loader.graph.leaf_nodes())]


def _media_swap(restored: Path, media: Path) -> None:
    """Put the restored folder in the media folder's place by two renames in one file system; the
    replaced folder goes into the staging folder, which is removed afterwards."""
    replaced = restored.parent / "replaced-media"
    try:
        if media.exists():
            media.rename(replaced)
        restored.rename(media)
    except OSError as error:
        if replaced.exists() and not media.exists():
            replaced.rename(media)
        raise BackupError(
            f"The database was restored, but the uploaded files could not be put in place ({error}). "
            f"Make sure {media} is a folder (not a mount point) this user may rename, and restore again."
        ) from error
