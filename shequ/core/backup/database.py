"""The database's part of a backup, per vendor: SQLite's online backup API, PostgreSQL's pg_dump
and pg_restore. Both take a consistent snapshot while the application keeps writing, and both
restore in one transaction, so that a failed restore leaves the database as it was."""

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from shequ.core.backup import BackupError

SQLITE_DUMP = "shequ.sqlite3"
POSTGRESQL_DUMP = "shequ.pgdump"
# How long a restore waits for the application's locks before giving up (it should be stopped).
LOCK_TIMEOUT_SECONDS = 30
# libpq reads these from the environment; the password never appears on a command line.
_PG_ENVIRONMENT = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD", "NAME": "PGDATABASE"}
_PG_OPTION_ENVIRONMENT = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


def database_dump(*, connection, directory: Path) -> tuple[Path, dict]:
    """Write a snapshot of the database into directory; the file and what the manifest says of it."""
    if connection.vendor == "sqlite":
        return _sqlite_dump(connection, directory / SQLITE_DUMP)
    if connection.vendor == "postgresql":
        return _postgresql_dump(connection, directory / POSTGRESQL_DUMP)
    raise BackupError(f"Backups of {connection.vendor} databases are not supported (SQLite and PostgreSQL are).")


def database_load(*, connection, dump: Path, details: dict) -> None:
    """Replace the whole database with the snapshot, in one transaction."""
    connection.close()  # the restore must not wait for this process's own connection
    if connection.vendor == "sqlite":
        _sqlite_load(connection, dump)
    else:
        _postgresql_load(connection, dump, details)


def database_load_check(*, connection, details: dict) -> None:
    """BackupError when this server cannot load the snapshot: another vendor, or client tools too old."""
    if details["vendor"] != connection.vendor:
        raise BackupError(
            f"This backup is of a {details['vendor']} database, but this server uses {connection.vendor}. "
            f"Restore it on a server configured for {details['vendor']}; nothing was changed."
        )
    if connection.vendor == "postgresql":
        restore_major = _tool_major("pg_restore")
        _tool_major("psql")
        dump_major = details["dump_tool_major"]
        if restore_major < dump_major:
            raise BackupError(
                f"This backup was written by pg_dump {dump_major}, but pg_restore here is version {restore_major}; "
                f"install the PostgreSQL {dump_major} client tools; nothing was changed."
            )


def _sqlite_path(connection) -> str:
    return str(connection.settings_dict["NAME"])


def _sqlite_dump(connection, target: Path) -> tuple[Path, dict]:
    # The backup API copies a consistent snapshot page by page, WAL included, while others write.
    source = sqlite3.connect(_sqlite_path(connection), timeout=20)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        # One self-contained file in the archive, without a -wal companion.
        copy.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as error:
        raise BackupError(f"The SQLite database could not be copied: {error}") from error
    finally:
        copy.close()
        source.close()
    return target, {"vendor": "sqlite", "server_version": sqlite3.sqlite_version, "dump": SQLITE_DUMP}


def _sqlite_load(connection, dump: Path) -> None:
    source = sqlite3.connect(dump)
    live = sqlite3.connect(_sqlite_path(connection), timeout=LOCK_TIMEOUT_SECONDS)
    try:
        # The backup API writes every page of the live database in one write transaction.
        source.backup(live)
    except sqlite3.OperationalError as error:
        raise BackupError(
            f"The database could not be replaced ({error}); stop the application and its worker, then restore again."
        ) from error
    finally:
        live.close()
        source.close()


def _tool_major(tool: str) -> int:
    """The major version of a PostgreSQL client tool; BackupError when it is not installed."""
    path = shutil.which(tool)
    if path is None:
        raise BackupError(f"{tool} is not installed: install the PostgreSQL client tools (postgresql-client).")
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=True, timeout=30).stdout
    match = re.search(r"\b(\d+)(?:\.\d+)*", output)
    if match is None:
        raise BackupError(f"Cannot read the version of {tool} from {output!r}.")
    return int(match.group(1))


def _postgresql_environment(connection) -> dict[str, str]:
    settings = connection.settings_dict
    environment = dict(os.environ)
    for key, variable in _PG_ENVIRONMENT.items():
        if settings.get(key):
            environment[variable] = str(settings[key])
    for option, variable in _PG_OPTION_ENVIRONMENT.items():
        if settings.get("OPTIONS", {}).get(option):
            environment[variable] = str(settings["OPTIONS"][option])
    return environment


def _postgresql_dump(connection, target: Path) -> tuple[Path, dict]:
    connection.ensure_connection()
    server_major = connection.pg_version // 10000
    dump_major = _tool_major("pg_dump")
    if dump_major < server_major:
        raise BackupError(
            f"pg_dump is version {dump_major} but the server runs PostgreSQL {server_major}; "
            f"install the PostgreSQL {server_major} client tools."
        )
    completed = subprocess.run(
        ["pg_dump", "--format=custom", "--no-password", f"--file={target}"],
        env=_postgresql_environment(connection),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    if completed.returncode != 0:
        raise BackupError(f"pg_dump failed: {completed.stderr.strip()}")
    return target, {
        "vendor": "postgresql",
        "server_version": str(connection.pg_version),
        "dump": POSTGRESQL_DUMP,
        "dump_tool_major": dump_major,
    }


def _postgresql_load(connection, dump: Path, details: dict) -> None:
    """pg_restore's script piped into psql inside one transaction that first drops every table, so
    that the database ends exactly as dumped (also when this code's migrations added tables since),
    and that any failure — of pg_restore or of a statement — rolls everything back."""
    environment = _postgresql_environment(connection)
    quote = connection.ops.quote_name
    with connection.cursor():
        tables = connection.introspection.table_names()
    connection.close()
    prelude = [
        "\\set ON_ERROR_STOP on",
        "SET client_min_messages = warning;",
        "BEGIN;",
        f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT_SECONDS}s';",
    ]
    if tables:
        prelude.append(f"DROP TABLE IF EXISTS {', '.join(quote(table) for table in tables)} CASCADE;")
    with tempfile.TemporaryFile() as restore_errors, tempfile.TemporaryFile() as psql_errors:
        psql = subprocess.Popen(
            ["psql", "--no-psqlrc", "--quiet", "--no-password", "--file=-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_errors,
            env=environment,
        )
        restore = subprocess.Popen(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--file=-", str(dump)],
            stdout=subprocess.PIPE,
            stderr=restore_errors,
            env=environment,
        )
        try:
            psql.stdin.write(("\n".join(prelude) + "\n").encode())
            shutil.copyfileobj(restore.stdout, psql.stdin)
            restored = restore.wait() == 0
            # Only a complete script is committed; psql ending without COMMIT rolls it all back.
            if restored:
                psql.stdin.write(b"COMMIT;\n")
            psql.stdin.close()
        except BrokenPipeError:
            restore.kill()
            restored = restore.wait() == 0
        loaded = psql.wait() == 0
        if not (restored and loaded):
            restore_errors.seek(0)
            psql_errors.seek(0)
            errors = (restore_errors.read() + psql_errors.read()).decode(errors="replace").strip()
            raise BackupError(
                f"The database could not be restored and was left as it was: {errors or 'pg_restore failed'}. "
                "If it waited for a lock, stop the application and its worker, then restore again."
            )
