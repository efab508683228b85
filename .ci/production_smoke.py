"""CI: the production profile really serves pages.

On a fresh PostgreSQL database, with Redis as the cache and SHEQU_DEBUG=0, this migrates, collects
the static files (into var/static, as a deployment does), loads the demo county, starts gunicorn,
and then, as a browser behind the county's TLS proxy would (X-Forwarded-Proto: https on loopback),
opens the portal, the catalogue, the login page, a worker's queue after logging in through the
form, the API docs and /api/v1/services/, and every static file those pages link. It also checks
what production promises on the wire: plain HTTP redirected to HTTPS except /healthz, HSTS and a
Content-Security-Policy on every page, Secure cookies. Run by .ci/run with the project's
virtualenv: .venv/bin/python .ci/production_smoke.py
"""

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from html.parser import HTMLParser
from http.client import HTTPConnection, HTTPResponse
from pathlib import Path
from urllib.parse import urlencode

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SERVER = "postgresql://postgres@127.0.0.1:5432"
CACHE_URL = "redis://127.0.0.1:6379/14"
WORKER = "worker_wenhualu"
HASHED_STATIC = re.compile(r"^/static/.+\.[0-9a-f]{12}\.[a-z0-9]+$")


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

    def request(self, method: str, path: str, form: dict[str, str] | None = None, *, behind_proxy=True) -> Page:
        headers = {"Accept-Language": "zh-hans"}
        if behind_proxy:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers |= {"Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin}
        connection = HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            connection.request(method, path, body=body, headers=headers)
            page = Page(connection.getresponse())
        finally:
            connection.close()
        for line in page.headers.get_all("Set-Cookie") or []:
            self.set_cookie_lines.append(line)
            name, _, value = line.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()
        return page


class _Links(HTMLParser):
    """Static files a page links (stylesheets, scripts, icons) and the login form's CSRF token."""

    def __init__(self):
        super().__init__()
        self.static: set[str] = set()
        self.csrf_token = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        url = attributes.get("href") if tag == "link" else attributes.get("src") if tag == "script" else None
        if url and url.startswith("/static/"):
            self.static.add(url)
        if tag == "input" and attributes.get("name") == "csrfmiddlewaretoken":
            self.csrf_token = attributes.get("value") or ""


def _links(page: Page) -> _Links:
    parser = _Links()
    parser.feed(page.text)
    return parser


class Smoke:
    def __init__(self):
        self.results: list[tuple[bool, str]] = []

    def check(self, condition: bool, what: str) -> bool:
        self.results.append((condition, what))
        print(f"  {'ok  ' if condition else 'FAIL'}  {what}", flush=True)
        return condition

    @property
    def failures(self) -> int:
        return sum(1 for passed, _ in self.results if not passed)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _manage(environment: dict[str, str], *arguments: str) -> None:
    started = time.monotonic()
    subprocess.run([str(BIN / "python"), "manage.py", *arguments], cwd=ROOT, env=environment, check=True)
    print(f"  manage.py {' '.join(arguments)}: {time.monotonic() - started:.1f} s", flush=True)


def _wait_for_health(port: int, server: subprocess.Popen, seconds: float = 30) -> Page | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and server.poll() is None:
        try:
            return Client(port).request("GET", "/healthz", behind_proxy=False)
        except OSError:
            time.sleep(0.2)
    return None


def _check_site(smoke: Smoke, port: int, password: str, server: subprocess.Popen) -> None:
    health = _wait_for_health(port, server)
    if not smoke.check(health is not None and health.status == 200, "gunicorn answers /healthz on plain HTTP"):
        return
    smoke.check(json.loads(health.text).get("vendor") == "postgresql", "…with PostgreSQL behind it")
    plain = Client(port).request("GET", "/", behind_proxy=False)
    smoke.check(
        plain.status == 301 and (plain.headers["Location"] or "").startswith("https://"),
        f"plain HTTP is redirected to HTTPS ({plain.status} {plain.headers['Location']})",
    )

    browser = Client(port)
    static: set[str] = set()

    def page(path: str, *, expect: Callable[[Page], bool] = lambda _: True, what: str = "") -> Page:
        response = browser.request("GET", path)
        smoke.check(response.status == 200 and expect(response), f"GET {path}: {response.status} {what}".rstrip())
        if response.headers.get_content_type() == "text/html":
            smoke.check(
                "max-age=" in (response.headers["Strict-Transport-Security"] or "")
                and "script-src" in (response.headers["Content-Security-Policy"] or ""),
                f"GET {path} carries HSTS and a Content-Security-Policy",
            )
            static.update(_links(response).static)
        return response

    page("/", what="portal")
    page("/services/", what="catalogue")
    login = page("/accounts/login/", what="login page")

    logged_in = browser.request(
        "POST",
        "/accounts/login/",
        {"username": WORKER, "password": password, "csrfmiddlewaretoken": _links(login).csrf_token},
    )
    smoke.check(
        logged_in.status == 302 and "sessionid" in browser.cookies,
        f"{WORKER} logs in through the form with its CSRF token ({logged_in.status})",
    )
    page(
        "/work/applications/",
        expect=lambda response: 'href="/work/applications/window/"' in response.text,
        what="the worker's queue, with the worker's window registration",
    )
    page("/api/docs/", what="API docs")
    page(
        "/api/v1/services/",
        expect=lambda response: json.loads(response.text).get("count", 0) > 0,
        what="the services API, as the worker",
    )

    smoke.check(bool(static), f"the pages link {len(static)} static files")
    for url in sorted(static):
        response = browser.request("GET", url)
        smoke.check(
            response.status == 200 and bool(HASHED_STATIC.match(url)) and len(response.body) > 0,
            f"GET {url}: {response.status}",
        )

    insecure = [line.split("=", 1)[0] for line in browser.set_cookie_lines if "; Secure" not in line]
    smoke.check(
        not insecure and bool(browser.set_cookie_lines),
        f"all {len(browser.set_cookie_lines)} cookies set are Secure{f' (not: {insecure})' if insecure else ''}",
    )


def main() -> int:
    started = time.monotonic()
    # CI may stop the run with SIGTERM: clean up (gunicorn, the database) as on Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    database = f"shequ_smoke_{os.getpid()}"
    password = secrets.token_urlsafe(16)
    port = _free_port()
    environment = {name: value for name, value in os.environ.items() if not name.startswith("SHEQU_")} | {
        "SHEQU_DEBUG": "0",
        "SHEQU_SECRET_KEY": secrets.token_urlsafe(50),
        "SHEQU_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SHEQU_DATABASE_URL": f"{SERVER}/{database}",
        "SHEQU_CACHE_URL": CACHE_URL,
        "SHEQU_DEMO_PASSWORD": password,
    }
    smoke = Smoke()
    print(f"production smoke: gunicorn on 127.0.0.1:{port}, database {database}, cache {CACHE_URL}", flush=True)
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{database}"')
    server = None
    log = tempfile.TemporaryFile(mode="w+")
    try:
        _manage(environment, "migrate", "--noinput", "-v", "0")
        _manage(environment, "collectstatic", "--noinput", "-v", "0")
        _manage(environment, "seed_demo", "--force")
        server = subprocess.Popen(
            # No control socket: it lives at one path per user, which a second gunicorn would share.
            [
                str(BIN / "gunicorn"),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _check_site(smoke, port, password, server)
        except (OSError, ValueError) as error:  # the server went away or answered something unreadable
            smoke.check(False, f"the checks stopped: {error!r}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    if smoke.failures:
        log.seek(0)
        print("gunicorn's log:\n" + log.read()[-6000:])
    print(
        f"production smoke: {len(smoke.results) - smoke.failures} of {len(smoke.results)} checks passed "
        f"in {time.monotonic() - started:.0f} s"
    )
    return 1 if smoke.failures else 0


if __name__ == "__main__":
    sys.exit(main())
