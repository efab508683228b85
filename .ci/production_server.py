"""The production profile as an operator starts it: a fresh PostgreSQL database (created and dropped),
Redis as the cache, SHEQU_DEBUG=0, gunicorn on loopback, and a client that talks to it as a browser
behind the county's TLS proxy does. Shared by the production smoke test (.ci/production_smoke.py) and
the load benchmark (bench/load.py)."""

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.client import HTTPConnection, HTTPResponse
from pathlib import Path
from typing import IO
from urllib.parse import urlencode

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SERVER = "postgresql://postgres@127.0.0.1:5432"


class Page:
    def __init__(self, response: HTTPResponse):
        self.status = response.status
        self.headers = response.headers
        self.body = response.read()

    @property
    def text(self) -> str:
        return self.body.decode()


class Client:
    """A browser behind the TLS proxy: keeps its cookies, says the original request was HTTPS."""

    def __init__(self, port: int):
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}
        self.set_cookie_lines: list[str] = []

    def request(
        self,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
        *,
        behind_proxy=True,
        headers: dict[str, str] | None = None,
        body: str | None = None,
    ) -> Page:
        sent = {"Accept-Language": "zh-hans"} | (headers or {})
        if behind_proxy:
            sent["X-Forwarded-Proto"] = "https"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if form is not None:
            body = urlencode(form)
            sent |= {"Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin}
        connection = HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body.encode() if body is not None else None, headers=sent)
            page = Page(connection.getresponse())
        finally:
            connection.close()
        for line in page.headers.get_all("Set-Cookie") or []:
            self.set_cookie_lines.append(line)
            name, _, value = line.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()
        return page


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_environment(database: str, cache_url: str, **extra: str) -> dict[str, str]:
    """This process's environment without any SHEQU_* of the caller's, as production sets it."""
    return {name: value for name, value in os.environ.items() if not name.startswith("SHEQU_")} | {
        "SHEQU_DEBUG": "0",
        "SHEQU_SECRET_KEY": secrets.token_urlsafe(50),
        "SHEQU_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SHEQU_DATABASE_URL": f"{SERVER}/{database}",
        "SHEQU_CACHE_URL": cache_url,
        **extra,
    }


@contextmanager
def fresh_database(name: str) -> Iterator[None]:
    """An empty PostgreSQL database of this name for the block, dropped afterwards."""
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield
    finally:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(environment: dict[str, str], *arguments: str) -> None:
    started = time.monotonic()
    subprocess.run([str(BIN / "python"), "manage.py", *arguments], cwd=ROOT, env=environment, check=True)
    print(f"  manage.py {' '.join(arguments)}: {time.monotonic() - started:.1f} s", flush=True)


def gunicorn(
    environment: dict[str, str], port: int, *, workers: int, log: IO[str], application: str = "config.wsgi"
) -> subprocess.Popen:
    return subprocess.Popen(
        # No control socket: it lives at one path per user, which a second gunicorn would share.
        [
            str(BIN / "gunicorn"),
            application,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_for(port: int, server: subprocess.Popen, path: str = "/healthz", seconds: float = 30) -> Page | None:
    """The first answer to GET path on plain HTTP, or None when the server died or never answered."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and server.poll() is None:
        try:
            return Client(port).request("GET", path, behind_proxy=False)
        except OSError:
            time.sleep(0.2)
    return None


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=30)
