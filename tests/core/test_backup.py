"""manage.py backup and restore: a round trip loses nothing; a damaged, altered, foreign or newer
backup is refused and changes nothing. The suite's PostgreSQL pass runs these on PostgreSQL, where
the restore replaces the test database itself."""

import hashlib
import io
import json
import tarfile
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from shequ.accounts.models import Role, User
from shequ.core.backup.manifest import migration_state
from shequ.core.models import DomainEvent
from shequ.notifications.models import Notification
from shequ.regions.models import Region
from shequ.residents.models import Person
from shequ.services.models import Application, ApplicationEvent, ApplicationFile, HandledAt, ItemKind, ServiceItem
from shequ.services.services import application_submit, application_transition
from shequ.services.workflow import Status
from tests.conftest import WENHUALU, make_user
from tests.factories import png_bytes

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# Every byte value, so that a dump or copy that mangles binary content shows.
PDF = b"%PDF-1.4\n" + bytes(range(128, 256)) * 128 + b"\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "site" / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def service_hall(residents, users, media):
    """An accepted application of 张三 with his ID card scan, and 刘芳's with a photo."""
    item = ServiceItem.objects.create(
        code="MZ-GLJT",
        name="高龄津贴",
        kind=ItemKind.GOVERNMENT,
        department="mzj",
        handled_at=HandledAt.VILLAGE,
        promised_days=10,
        materials=["居民身份证"],
        registry_materials={"居民身份证": "id_card"},
    )
    accepted = application_submit(
        service=item,
        applicant=residents["zhangsan"],
        acting_user=users["resident"],
        files=[SimpleUploadedFile("张三身份证.pdf", PDF, "application/pdf")],
        today=date(2026, 11, 2),
    )
    application_transition(
        application=accepted, to=Status.ACCEPTED, acting_user=users["worker_wenhualu"], today=date(2026, 11, 3)
    )
    application_submit(
        service=item,
        applicant=residents["wife"],
        acting_user=users["worker_wenhualu"],
        files=[SimpleUploadedFile("户口簿.png", png_bytes((16, 16), "teal"), "image/png")],
        today=date(2026, 11, 2),
    )
    return item


def database_state() -> dict:
    """The row count of every table and the whole content of the key ones."""
    return {
        "counts": {model._meta.label: model._base_manager.count() for model in apps.get_models()},
        "regions": list(Region.objects.order_by("code").values()),
        "users": list(User.objects.order_by("pk").values()),
        "persons": list(Person.objects.order_by("pk").values()),
        "applications": list(Application.objects.order_by("pk").values()),
        "materials": list(ApplicationFile.objects.order_by("pk").values()),
        "history": list(ApplicationEvent.objects.order_by("pk").values()),
        "events": list(DomainEvent.objects.order_by("pk").values()),
    }


def media_state(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def backup(tmp_path) -> Path:
    call_command("backup", output=str(tmp_path / "backups"), stdout=io.StringIO())
    (archive,) = (tmp_path / "backups").iterdir()
    return archive


def restore(archive: Path, **options) -> str:
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out, **options)
    return out.getvalue()


def data_change(residents, media: Path) -> None:
    """What happens after a backup: a person leaves, another is renamed, an account is added, a
    material file is lost and a stray one appears."""
    Person.objects.filter(pk=residents["lisi"].pk).delete()
    Person.objects.filter(pk=residents["zhangsan"].pk).update(name="张三丰")
    make_user("newcomer", Role.RESIDENT, Region.objects.get(code=WENHUALU))
    ApplicationFile.objects.order_by("pk").first().file.delete()
    (media / "stray.pdf").write_bytes(b"%PDF-1.4 stray")


def test_a_restore_brings_back_every_row_and_every_uploaded_file(service_hall, residents, media, tmp_path):
    archive = backup(tmp_path)
    assert archive.stat().st_mode & 0o777 == 0o600  # it holds everyone's personal data
    saved, saved_files = database_state(), media_state(media)
    assert len(saved["materials"]) == 2 and len(saved_files) == 2 and PDF in saved_files.values()

    data_change(residents, media)
    assert database_state() != saved and media_state(media) != saved_files

    output = restore(archive, force=True)

    assert "restored: the database and the uploaded files" in output
    assert database_state() == saved
    assert media_state(media) == saved_files
    assert ApplicationFile.objects.get(original_name="张三身份证.pdf").file.read() == PDF
    assert not list(media.parent.glob(".shequ-restore-*"))  # the staging folder is gone


def test_a_compressed_backup_restores_too(service_hall, residents, media, tmp_path):
    archive = tmp_path / "nightly.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    saved, saved_files = database_state(), media_state(media)
    data_change(residents, media)

    restore(archive, force=True)

    assert database_state() == saved and media_state(media) == saved_files


def test_a_backup_never_overwrites_another(service_hall, tmp_path):
    archive = tmp_path / "nightly.tar"
    archive.write_bytes(b"an older backup")
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", output=str(archive), stdout=io.StringIO())
    assert archive.read_bytes() == b"an older backup"


def test_a_backup_is_never_written_where_the_media_folder_would_serve_it(service_hall, media):
    with pytest.raises(CommandError, match="inside the media folder"):
        call_command("backup", output=str(media / "backups"), stdout=io.StringIO())
    assert not (media / "backups").exists()


def test_a_backup_taken_while_the_application_writes_is_consistent(users, media, tmp_path):
    """Each write is a message and the event recording it, in one transaction: a snapshot taken
    mid-stream holds both or neither of every pair."""
    stop, written, errors = threading.Event(), [], []

    def write() -> None:
        try:
            while not stop.is_set():
                with transaction.atomic():
                    note = Notification.objects.create(recipient=users["resident"], stored_title="备份时写入")
                    DomainEvent.objects.create(
                        verb="backup_test", target_type="notifications.notification", target_id=str(note.pk)
                    )
                written.append(note.pk)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        deadline = time.monotonic() + 30
        while len(written) < 5 and not errors and time.monotonic() < deadline:
            time.sleep(0.01)
        before = len(written)
        archive = backup(tmp_path)
        during = len(written) - before
    finally:
        stop.set()
        writer.join(timeout=60)
    assert not errors, errors
    assert during > 0  # the writer kept committing while the backup ran

    restore(archive, force=True)

    notes = set(Notification.objects.filter(stored_title="备份时写入").values_list("pk", flat=True))
    events = {int(pk) for pk in DomainEvent.objects.filter(verb="backup_test").values_list("target_id", flat=True)}
    assert notes == events
    assert len(notes) >= 5 and notes <= set(written)


def test_an_older_backup_comes_back_exactly_and_restore_says_to_migrate(users, media, tmp_path):
    """Tables this code added since the backup go too (so that migrate can create them again), and
    restore names the migrations to run."""
    applied = MigrationRecorder(connection).migration_qs
    latest = {"app": "core", "name": migration_state(connection)["core"]}
    applied.filter(**latest).delete()  # the backup then looks one migration older than this code
    try:
        archive = backup(tmp_path)
        applied.get_or_create(**latest)
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE backup_test_newer_feature (id integer)")

        output = restore(archive, force=True)

        assert "This code has 1 migration(s) the backup lacks: run manage.py migrate." in output
        assert "backup_test_newer_feature" not in connection.introspection.table_names()
        assert not applied.filter(**latest).exists()
    finally:
        applied.get_or_create(**latest)
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS backup_test_newer_feature")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump's version matters on PostgreSQL only")
def test_a_pg_dump_older_than_the_server_is_refused_before_it_writes(users, media, tmp_path, monkeypatch):
    connection.ensure_connection()
    server = connection.pg_version // 10000
    monkeypatch.setattr("shequ.core.backup.database._tool_major", lambda tool: server - 1)
    with pytest.raises(CommandError, match=f"pg_dump is version {server - 1} but the server runs PostgreSQL {server}"):
        backup(tmp_path)
    assert not list((tmp_path / "backups").iterdir())


def members(archive: Path) -> list[tuple[tarfile.TarInfo, bytes]]:
    with tarfile.open(archive) as tar:
        return [(member, tar.extractfile(member).read()) for member in tar.getmembers()]


def archive_write(archive: Path, contents: list[tuple[tarfile.TarInfo, bytes]]) -> None:
    with tarfile.open(archive, "w") as tar:
        for member, data in contents:
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))


def byte_flip(archive: Path, name: str) -> None:
    """Change one byte in the middle of a file of the archive, in place."""
    with tarfile.open(archive) as tar:
        member = tar.getmember(name)
    with open(archive, "r+b") as raw:
        raw.seek(member.offset_data + member.size // 2)
        byte = raw.read(1)
        raw.seek(-1, io.SEEK_CUR)
        raw.write(bytes([byte[0] ^ 0x01]))


def manifest_rewrite(archive: Path, change, *, reseal: bool) -> None:
    """Edit the manifest; resealed, its checksum is recomputed as a newer or foreign Shequ would have."""
    contents = members(archive)
    rewritten = []
    for member, data in contents:
        if member.name == "manifest.json":
            manifest = json.loads(data)
            change(manifest)
            data = json.dumps(manifest).encode()
            checksum = hashlib.sha256(data).hexdigest().encode()
        if member.name == "manifest.sha256" and reseal:
            data = checksum
        rewritten.append((member, data))
    archive_write(archive, rewritten)


def member_add(archive: Path, name: str, data: bytes) -> None:
    contents = members(archive)
    extra = tarfile.TarInfo(name)
    archive_write(archive, [(extra, data), *contents])


def database_member(archive: Path) -> str:
    return next(member.name for member, _ in members(archive) if member.name.startswith("database/"))


def media_member(archive: Path) -> str:
    return next(member.name for member, _ in members(archive) if member.name.endswith(".pdf"))


def created_at_edit(manifest):
    manifest["created_at"] = "2020-01-01T00:00:00+00:00"


def checksum_forge(manifest):
    manifest["files"][0]["sha256"] = "0" * 64


TAMPERING = {
    "a byte of the database dump": (lambda archive: byte_flip(archive, database_member(archive)), "do not match"),
    "a byte of an uploaded file": (lambda archive: byte_flip(archive, media_member(archive)), "do not match"),
    "the manifest edited": (lambda archive: manifest_rewrite(archive, created_at_edit, reseal=False), "its checksum"),
    "a checksum forged and the manifest resealed": (
        lambda archive: manifest_rewrite(archive, checksum_forge, reseal=True),
        "do not match",
    ),
    "a file the manifest does not list": (
        lambda archive: member_add(archive, "media/extra.pdf", b"%PDF-1.4 extra"),
        "do not match",
    ),
    "a path out of the media folder": (
        lambda archive: member_add(archive, "media/../../escaped.pdf", b"%PDF-1.4"),
        "never does",
    ),
    "the archive cut short": (
        lambda archive: archive.write_bytes(archive.read_bytes()[:-20000]),
        "not a complete|cut short",
    ),
    "a newer migration state": (
        lambda archive: manifest_rewrite(
            archive, lambda manifest: manifest["migrations"].update(services="9999_from_a_newer_version"), reseal=True
        ),
        "newer version of Shequ",
    ),
    "another database vendor": (
        lambda archive: manifest_rewrite(
            archive,
            lambda manifest: manifest["database"].update(vendor="oracle"),
            reseal=True,
        ),
        "this server uses",
    ),
}


@pytest.mark.parametrize("tampering", TAMPERING.keys())
def test_a_damaged_altered_or_incompatible_backup_is_refused_and_nothing_changes(
    service_hall, residents, media, tmp_path, tampering
):
    archive = backup(tmp_path)
    data_change(residents, media)
    current, current_files = database_state(), media_state(media)
    tamper, message = TAMPERING[tampering]
    tamper(archive)

    with pytest.raises(CommandError, match=message):
        restore(archive, force=True)

    assert database_state() == current
    assert media_state(media) == current_files
    assert not list(media.parent.glob(".shequ-restore-*"))
    assert not (media.parent / "escaped.pdf").exists()


def test_a_restore_asks_first_and_a_no_changes_nothing(service_hall, residents, media, tmp_path, monkeypatch):
    archive = backup(tmp_path)
    data_change(residents, media)
    current, current_files = database_state(), media_state(media)
    questions = []
    monkeypatch.setattr("builtins.input", lambda question: questions.append(question) or "no")

    with pytest.raises(CommandError, match="cancelled"):
        restore(archive)

    assert "Type 'yes'" in questions[0] and str(media) in questions[0]
    assert database_state() == current and media_state(media) == current_files
