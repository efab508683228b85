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
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from html.parser import HTMLParser

from production_server import (
    Client,
    Page,
    free_port,
    fresh_database,
    gunicorn,
    manage,
    production_environment,
    stop,
    wait_for,
)

CACHE_URL = "redis://127.0.0.1:6379/14"
WORKER = "worker_wenhualu"
HASHED_STATIC = re.compile(r"^/static/.+\.[0-9a-f]{12}\.[a-z0-9]+$")


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


def _check_site(smoke: Smoke, port: int, password: str, server: subprocess.Popen) -> None:
    health = wait_for(port, server)
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
    port = free_port()
    environment = production_environment(database, CACHE_URL, SHEQU_DEMO_PASSWORD=password)
    smoke = Smoke()
    print(f"production smoke: gunicorn on 127.0.0.1:{port}, database {database}, cache {CACHE_URL}", flush=True)
    log = tempfile.TemporaryFile(mode="w+")
    with fresh_database(database):
        manage(environment, "migrate", "--noinput", "-v", "0")
        manage(environment, "collectstatic", "--noinput", "-v", "0")
        manage(environment, "seed_demo", "--force")
        server = gunicorn(environment, port, workers=2, log=log)
        try:
            _check_site(smoke, port, password, server)
        except (OSError, ValueError) as error:  # the server went away or answered something unreadable
            smoke.check(False, f"the checks stopped: {error!r}")
        finally:
            stop(server)
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
